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
