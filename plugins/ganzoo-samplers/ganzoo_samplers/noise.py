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


class GaussianMixture:
    """z from a mixture of ``components`` Gaussians of equal weight and standard deviation ``std``, their
    centres drawn once, uniformly in [-spread, spread]^d, from ``centres_seed``.

    The static prior of GM-GAN (Ben-Yosef & Weinshall 2018). A generator fed one connected Gaussian
    must map it onto every mode of a multi-modal target, so some latent mass always lands on the
    bridges between modes; a latent space of well-separated clusters lets G send each cluster to a
    mode and leave the gaps between clusters, where little mass lies, to carry the bridges. The centres
    depend only on the options and the latent size, so a trained model samples the same prior again.
    """

    def __init__(self, components: int = 10, spread: float = 1.0, std: float = 0.1, centres_seed: int = 0) -> None:
        if components < 1:
            raise GanzooError(f"mixture sampler needs at least one component, got components={components}")
        if not (spread > 0 and std > 0):
            raise GanzooError(f"mixture sampler needs spread > 0 and std > 0, got spread={spread}, std={std}")
        self.components, self.spread, self.std = int(components), float(spread), float(std)
        self.centres_seed = int(centres_seed)
        self._drawn: dict[tuple[int, torch.device], torch.Tensor] = {}  # centres by latent size and device

    def centres(self, latent_dim: int) -> torch.Tensor:
        """The ``(components, latent_dim)`` centres, the same on every call."""
        unit = torch.rand(self.components, latent_dim, generator=torch.Generator().manual_seed(self.centres_seed))
        return self.spread * (2.0 * unit - 1.0)

    def __call__(self, n: int, latent_dim: int, *, generator: torch.Generator, device: torch.device) -> torch.Tensor:
        key = (latent_dim, torch.device(device))
        if key not in self._drawn:  # drawn once, not again for every batch
            self._drawn[key] = self.centres(latent_dim).to(device)
        which = torch.randint(self.components, (n,), generator=generator, device=device)
        noise = torch.randn(n, latent_dim, generator=generator, device=device)
        return self._drawn[key][which] + self.std * noise
