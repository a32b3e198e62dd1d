"""Checks on tensors shared by the conformance kit; each raises an AssertionError naming the part."""

from __future__ import annotations

import math
from typing import Any

import torch

from ganzoo.testing._resolve import fail

TOLERANCE = 1e-4  # rounding allowed at the ends of a value range


def tensor(label: str, what: str, value: Any) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise fail(label, f"{what} should be a torch.Tensor, got {type(value).__name__}")
    return value


def floating(label: str, what: str, value: torch.Tensor) -> None:
    if not value.is_floating_point():
        raise fail(label, f"{what} should be floating point, got {value.dtype}")


def shape(label: str, what: str, value: torch.Tensor, expected: tuple[int, ...]) -> None:
    if tuple(value.shape) != tuple(expected):
        raise fail(label, f"{what} has shape {tuple(value.shape)}, expected {tuple(expected)}")


def finite(label: str, what: str, value: torch.Tensor) -> None:
    bad = ~torch.isfinite(value.detach())
    if bad.any():
        count = int(bad.sum())
        raise fail(label, f"{what} has {count} non-finite value{'s' if count > 1 else ''} (NaN or infinity) out of {value.numel()}")


def in_range(label: str, what: str, value: torch.Tensor, value_range: tuple[float, float]) -> None:
    low, high = value_range
    if value.numel() == 0:
        return
    smallest, largest = value.detach().min().item(), value.detach().max().item()
    if (math.isfinite(low) and smallest < low - TOLERANCE) or (math.isfinite(high) and largest > high + TOLERANCE):
        raise fail(label, f"{what} lie in [{smallest:.4g}, {largest:.4g}], outside the declared value range [{low:g}, {high:g}]")


def gradients_finite(label: str, what: str, module: torch.nn.Module) -> None:
    for name, parameter in module.named_parameters():
        if parameter.grad is not None and not torch.isfinite(parameter.grad).all():
            raise fail(label, f"{what}: the gradient of {name} is not finite")


def snapshot(module: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {name: p.detach().clone() for name, p in module.named_parameters()}


def changed(module: torch.nn.Module, before: dict[str, torch.Tensor]) -> bool:
    return any(not torch.equal(p.detach(), before[name]) for name, p in module.named_parameters())
