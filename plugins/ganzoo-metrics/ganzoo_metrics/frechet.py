"""The Fréchet distance between two sets of features, each summarised as a Gaussian.

FD = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^½)   (Dowson & Landau 1982; as FID, Heusel et al. 2017).

Σ₁Σ₂ is not symmetric, and a general matrix square root (scipy's ``sqrtm``) can return complex
noise. It is similar to the symmetric positive semi-definite S = Σ₁^½ Σ₂ Σ₁^½ (conjugate by
Σ₁^½), so Tr((Σ₁Σ₂)^½) = Tr(S^½) = Σᵢ √λᵢ(S): two symmetric eigen-decompositions in float64, with
eigenvalues that rounding pushed below zero clipped to zero.
"""

from __future__ import annotations

import torch


def frechet_distance(a: torch.Tensor, b: torch.Tensor) -> float:
    """FD between the Gaussians fitted to the rows of ``a`` ``(n₁, d)`` and ``b`` ``(n₂, d)``."""
    mean_a, cov_a = _moments(a)
    mean_b, cov_b = _moments(b)
    return frechet_distance_of_gaussians(mean_a, cov_a, mean_b, cov_b)


def frechet_distance_of_gaussians(
    mean_a: torch.Tensor, cov_a: torch.Tensor, mean_b: torch.Tensor, cov_b: torch.Tensor
) -> float:
    root_a = _psd_sqrt(cov_a)
    product = root_a @ cov_b @ root_a
    trace_of_root = torch.linalg.eigvalsh((product + product.T) / 2).clamp_min(0).sqrt().sum()
    value = (mean_a - mean_b).square().sum() + cov_a.trace() + cov_b.trace() - 2 * trace_of_root
    return float(value)


def _moments(features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean and unbiased covariance (n − 1 in the denominator) in float64."""
    x = features.to(torch.float64)
    return x.mean(dim=0), torch.atleast_2d(torch.cov(x.T))


def _psd_sqrt(matrix: torch.Tensor) -> torch.Tensor:
    values, vectors = torch.linalg.eigh(matrix)
    return (vectors * values.clamp_min(0).sqrt()) @ vectors.T
