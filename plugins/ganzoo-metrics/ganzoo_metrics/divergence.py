"""How far a histogram is from uniform."""

from __future__ import annotations

import torch


def kl_from_uniform(counts: torch.Tensor) -> float:
    """KL(p ‖ u) = Σₖ pₖ log(K pₖ), where p = counts / Σ counts and u is uniform over the K bins.

    An empty bin adds nothing (0 · log 0 = 0), so the value is finite, between 0 (uniform) and
    log K (everything in one bin). ``counts`` must not all be zero: an empty histogram is no
    distribution.
    """
    counts = counts.to(torch.float64)
    total = counts.sum()
    if total <= 0:
        raise ValueError("the histogram is empty")
    p = counts / total
    return float(torch.special.xlogy(p, p * counts.numel()).sum())
