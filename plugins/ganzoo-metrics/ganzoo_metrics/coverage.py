"""Which classes a set of samples falls in, according to a classifier."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from ganzoo_metrics.divergence import kl_from_uniform


@dataclass(frozen=True)
class ClassCoverage:
    """``covered``: classes predicted at least once; ``kl``: KL(predicted histogram ‖ uniform)."""

    covered: int
    kl: float


def class_coverage(predicted: torch.Tensor, num_classes: int) -> ClassCoverage:
    """Coverage of the predicted class indices ``predicted`` ``(n,)`` over ``num_classes``."""
    counts = torch.bincount(predicted, minlength=num_classes)
    return ClassCoverage(covered=int((counts > 0).sum()), kl=kl_from_uniform(counts))
