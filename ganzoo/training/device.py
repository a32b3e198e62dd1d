"""Choosing where a run computes, and in which precision."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager

import torch

from ganzoo.errors import GanzooError


def choose_device(requested: str | None) -> torch.device:
    """``requested`` as a device, checked; ``None`` or ``"auto"`` picks cuda, then mps, then cpu."""
    if requested in (None, "auto"):
        if torch.cuda.is_available():
            return torch.device("cuda")
        if torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(requested)
    except RuntimeError:
        raise GanzooError(f"unknown device {requested!r}; use auto, cpu, cuda, cuda:N or mps") from None
    if device.type == "cuda" and not torch.cuda.is_available():
        raise GanzooError(f"device {requested!r} asked for, but this PyTorch sees no CUDA GPU; use --device cpu")
    if device.type == "cuda" and device.index is not None and device.index >= torch.cuda.device_count():
        raise GanzooError(f"device {requested!r} asked for, but only {torch.cuda.device_count()} GPU(s) are visible")
    if device.type == "mps" and not torch.backends.mps.is_available():
        raise GanzooError("device 'mps' asked for, but MPS is not available here; use --device cpu")
    if device.type not in ("cpu", "cuda", "mps"):
        raise GanzooError(f"device {requested!r} is not supported; use auto, cpu, cuda, cuda:N or mps")
    return device


def autocast_for(device: torch.device) -> Callable[[], AbstractContextManager[object]]:
    """A factory of the mixed-precision context for forward passes.

    On a GPU that supports bfloat16 the forward passes run under bf16 autocast (no loss scaling is
    needed with bf16); everywhere else they run in float32.
    """
    if device.type == "cuda" and torch.cuda.is_bf16_supported():
        return lambda: torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext


def precision_name(device: torch.device) -> str:
    return "bf16-mixed" if device.type == "cuda" and torch.cuda.is_bf16_supported() else "fp32"
