"""The answer a paired model must beat, as papers print it beside their own: for super-resolution,
bicubic upsampling of the small input; for same-size pairs, the identity, the input itself taken
as the answer."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ganzoo import DataSpec

from ganzoo_metrics.fidelity import to_unit
from ganzoo_metrics.tasks import super_resolution

DESCRIPTIONS = {
    "bicubic": "bicubic upsampling of the low-resolution input (torch interpolate, align_corners=False),"
    " clamped to its value range",
    "identity": "the input image itself taken as the answer",
}


def bicubic(low: torch.Tensor, size: tuple[int, int], value_range: tuple[float, float]) -> torch.Tensor:
    """``low`` ``(n, C, h, w)`` upsampled to ``size`` by bicubic interpolation, its overshoot at
    sharp edges clamped back into ``value_range``."""
    return F.interpolate(low.float(), size=size, mode="bicubic", align_corners=False).clamp(*value_range)


def baseline(spec: DataSpec, inputs: torch.Tensor) -> tuple[str, torch.Tensor] | None:
    """The baseline's name and its answers, mapped to [0, 1], for ``inputs`` of the field
    ``spec.metadata["input_field"]``; None when they cannot have the target's shape (a colour target
    of a greyscale input, say)."""
    field = spec.fields[spec.metadata["input_field"]]
    if super_resolution(spec):
        name, answers = "bicubic", bicubic(inputs, spec.shape[-2:], field.value_range)
    else:
        name, answers = "identity", inputs
    return (name, to_unit(answers, field.value_range)) if tuple(answers.shape[1:]) == tuple(spec.shape) else None
