"""Choosing where a run computes, and how: its precision, compiled networks, memory layout."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from ganzoo.errors import GanzooError
from ganzoo.parts import DataSpec
from ganzoo.training.precision import KINDS, Precision

PRECISIONS = ("auto", *KINDS)


@dataclass(frozen=True, kw_only=True)
class Acceleration:
    """How a run computes, beyond where: none of it changes what is trained, so these are options
    of a run rather than fields of its recipe, and a resumed run may change them.

    ``precision`` is one of :data:`PRECISIONS` (see :func:`choose_precision`). ``compile`` runs each
    trained network through ``torch.compile`` (the first steps are slow while it compiles).
    ``channels_last`` keeps image batches and convolution weights in channels-last memory order,
    which GPU tensor cores want; ``None`` turns it on for image data on a CUDA GPU.
    """

    precision: str = "auto"
    compile: bool = False
    channels_last: bool | None = None

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise GanzooError(f"unknown precision {self.precision!r}; use {', '.join(PRECISIONS)}")

    def uses_channels_last(self, device: torch.device, spec: DataSpec) -> bool:
        if self.channels_last is None:
            return device.type == "cuda" and spec.is_image
        return self.channels_last


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


def choose_precision(requested: str, device: torch.device) -> Precision:
    """The training steps' precision: ``auto`` takes bf16 autocast on a GPU that supports it, fp16
    with loss scaling on one that does not, and float32 elsewhere; ``bf16``, ``fp16`` and ``fp32``
    ask for one, checked against the device."""
    cuda = device.type == "cuda"
    bf16 = cuda and torch.cuda.is_bf16_supported()
    if requested == "auto":
        return Precision("bf16" if bf16 else "fp16" if cuda else "fp32", device.type)
    if requested == "fp16" and not cuda:
        raise GanzooError(f"--precision fp16 needs a CUDA GPU, and this run computes on {device.type}; use fp32")
    if requested == "bf16" and cuda and not bf16:
        raise GanzooError("this GPU does not compute in bfloat16; use --precision fp16 or fp32")
    if requested == "bf16" and device.type == "mps":
        raise GanzooError("bfloat16 autocast is not available on mps; use --precision fp32")
    return Precision(requested, device.type)
