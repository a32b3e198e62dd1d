"""What every conditional architecture needs from the data: class labels, and a way to feed them in."""

from __future__ import annotations

import torch
from torch.nn.functional import one_hot

from ganzoo import DataSpec, IncompatibleParts


def class_count(spec: DataSpec, architecture: str) -> int:
    """The number of classes of a labelled dataset; :class:`ganzoo.IncompatibleParts` otherwise."""
    if spec.num_classes is None:
        raise IncompatibleParts(f"the {architecture} architecture is conditional and needs a labelled dataset, such as mnist")
    return spec.num_classes


def with_one_hot(inputs: torch.Tensor, labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """``inputs`` (B, n) with the one-hot code of ``labels`` appended: (B, n + num_classes)."""
    return torch.cat([inputs, one_hot(labels, num_classes).to(inputs.dtype)], dim=1)
