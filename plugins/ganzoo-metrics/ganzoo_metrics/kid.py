"""The kernel distance (KID) between two sets of features (Bińkowski et al. 2018, "Demystifying
MMD GANs", section 5 and appendix).

The squared maximum mean discrepancy with the cubic polynomial kernel
k(x, y) = (xᵀy / d + 1)³, d the feature dimension, estimated without bias on two sets of m
samples X, Y:

    MMD²ᵤ = Σ_{i≠j} k(xᵢ, xⱼ) / (m(m−1)) + Σ_{i≠j} k(yᵢ, yⱼ) / (m(m−1)) − 2 Σ_{i,j} k(xᵢ, yⱼ) / m²

As in the paper's code, it is averaged over subsets (100 of m = 1,000 samples, fewer when a set is
smaller), each drawn without replacement from each set; the mean and the standard deviation over
subsets are reported; when both sets fit in one subset, the one estimate on the whole sets is.
Unlike the Fréchet distance the estimate is unbiased, so it may come out
slightly negative when the two sets come from the same distribution. A set of N compared with
itself comes out below zero by about (E k(x, x) − E k(x, y)) / N, because two subsets of it share
about m²/N points, which count in the cross term and not in the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

SUBSETS = 100
SUBSET_SIZE = 1_000


@dataclass(frozen=True)
class KernelDistance:
    mean: float
    std: float
    subsets: int
    subset_size: int


def kernel_distance(a: torch.Tensor, b: torch.Tensor, generator: torch.Generator) -> KernelDistance:
    """KID between the rows of ``a`` ``(n₁, d)`` and ``b`` ``(n₂, d)``; subsets drawn with ``generator``."""
    size = min(SUBSET_SIZE, a.shape[0], b.shape[0])
    if size < 2:
        raise ValueError("KID needs at least two samples in each set")
    a, b = a.to(torch.float64), b.to(torch.float64)
    if size == a.shape[0] == b.shape[0]:
        return KernelDistance(float(unbiased_mmd2(a, b)), 0.0, 1, size)
    estimates = torch.stack([
        unbiased_mmd2(
            a[torch.randperm(a.shape[0], generator=generator)[:size]],
            b[torch.randperm(b.shape[0], generator=generator)[:size]],
        )
        for _ in range(SUBSETS)
    ])
    return KernelDistance(float(estimates.mean()), float(estimates.std()), SUBSETS, size)


def unbiased_mmd2(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """MMD²ᵤ of two equally large sets with the cubic polynomial kernel."""
    m, d = x.shape
    k_xx, k_yy, k_xy = (_kernel(p, q, d) for p, q in ((x, x), (y, y), (x, y)))
    off_diagonal = (k_xx.sum() - k_xx.trace() + k_yy.sum() - k_yy.trace()) / (m * (m - 1))
    return off_diagonal - 2 * k_xy.mean()


def _kernel(p: torch.Tensor, q: torch.Tensor, d: int) -> torch.Tensor:
    return (p @ q.T / d + 1) ** 3
