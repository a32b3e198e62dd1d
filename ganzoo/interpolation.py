"""Paths through latent space between random points.

For Gaussian latents, spherical interpolation (slerp) is the default: a straight line between two
samples of N(0, I) passes near the origin, where the norm of a real sample almost never lies (in
d dimensions it concentrates around √d), so its midpoints give atypical images (White 2016).
"""

from __future__ import annotations

import torch

MODES = ("slerp", "lerp")


def lerp(a: torch.Tensor, b: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Straight lines: rows of ``a`` and ``b`` (N, d), at fractions ``t`` (T,) → (N, T, d)."""
    t = t.view(1, -1, 1)
    return a.unsqueeze(1) * (1 - t) + b.unsqueeze(1) * t


def slerp(a: torch.Tensor, b: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Great-circle arcs between rows of ``a`` and ``b``, scaling the norm linearly along the way
    → (N, T, d). Nearly parallel pairs fall back to ``lerp``."""
    cos = torch.nn.functional.cosine_similarity(a, b, dim=1).clamp(-1.0, 1.0)
    omega = torch.arccos(cos).view(-1, 1, 1)
    t = t.view(1, -1, 1)
    sin_omega = torch.sin(omega)
    arc = (torch.sin((1 - t) * omega) * a.unsqueeze(1) + torch.sin(t * omega) * b.unsqueeze(1)) / sin_omega.clamp_min(1e-7)
    return torch.where(sin_omega.abs() < 1e-4, lerp(a, b, t.view(-1)), arc)


def path(a: torch.Tensor, b: torch.Tensor, steps: int, mode: str) -> torch.Tensor:
    """``steps`` points from ``a`` to ``b`` inclusive, for each row: (N, steps, d)."""
    t = torch.linspace(0.0, 1.0, steps, device=a.device)
    return slerp(a, b, t) if mode == "slerp" else lerp(a, b, t)
