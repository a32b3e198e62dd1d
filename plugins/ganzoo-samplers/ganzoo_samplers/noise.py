"""Noise distributions for the latent space."""

import torch

from ganzoo import GanzooError


class Normal:
    """z ~ N(0, I)."""

    def __call__(self, n: int, latent_dim: int, *, generator: torch.Generator, device: torch.device) -> torch.Tensor:
        return torch.randn(n, latent_dim, generator=generator, device=device)


class Uniform:
    """z ~ U[low, high]^d."""

    def __init__(self, low: float = -1.0, high: float = 1.0) -> None:
        if not low < high:
            raise GanzooError(f"uniform sampler needs low < high, got low={low}, high={high}")
        self.low, self.high = float(low), float(high)

    def __call__(self, n: int, latent_dim: int, *, generator: torch.Generator, device: torch.device) -> torch.Tensor:
        unit = torch.rand(n, latent_dim, generator=generator, device=device)
        return self.low + (self.high - self.low) * unit


class Truncated:
    """z ~ N(0, I) conditioned on every coordinate lying in [-threshold, threshold].

    The truncation trick (Brock et al. 2019): sampling a model trained on N(0, I) closer to the mode
    of the prior gives more typical, cleaner samples at the cost of variety. Drawn exactly by the
    inverse CDF, u ~ U(Φ(-t), Φ(t)) and z = Φ⁻¹(u), so it needs no rejection loop.
    """

    def __init__(self, threshold: float = 1.0) -> None:
        if not threshold > 0:
            raise GanzooError(f"truncated sampler needs threshold > 0, got {threshold}")
        self.threshold = float(threshold)

    def __call__(self, n: int, latent_dim: int, *, generator: torch.Generator, device: torch.device) -> torch.Tensor:
        edge = torch.special.ndtr(torch.tensor(self.threshold, dtype=torch.float64)).item()
        unit = torch.rand(n, latent_dim, generator=generator, device=device, dtype=torch.float64)
        u = (1.0 - edge) + unit * (2.0 * edge - 1.0)
        return torch.special.ndtri(u).clamp(-self.threshold, self.threshold).float()
