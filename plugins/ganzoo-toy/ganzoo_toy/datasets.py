"""The toy datasets as ganzoo parts: distributions drawn from on the fly, never stored.

The factories take ganzoo's ``data_dir`` and ``split`` and ignore them: nothing is read from disk,
and every split is the same distribution (each draw is fresh).
"""

from __future__ import annotations

import math
from pathlib import Path

import torch

from ganzoo import DataSpec, SampledData
from ganzoo_toy.mixtures import GRID25, RING8, Mixture
from ganzoo_toy.swiss_roll import SWISS_ROLL, SwissRoll


def draw_mixture(
    mixture: Mixture, n: int, generator: torch.Generator, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` points of ``mixture``, each from a mode picked uniformly at random, and those modes."""
    labels = torch.randint(mixture.num_modes, (n,), generator=generator, device=generator.device).to(device)
    noise = torch.randn(n, 2, generator=generator, device=generator.device).to(device)
    means = torch.tensor(mixture.means, dtype=torch.float32, device=device)
    return means[labels] + mixture.std * noise, labels


def draw_swiss_roll(
    roll: SwissRoll, n: int, generator: torch.Generator, device: torch.device
) -> tuple[torch.Tensor, None]:
    """``n`` points of ``roll``; a curve has no modes, so no labels."""
    t = roll.t_min + (roll.t_max - roll.t_min) * torch.rand(n, generator=generator, device=generator.device).to(device)
    noise = torch.randn(n, 2, generator=generator, device=generator.device).to(device)
    curve = roll.scale * t[:, None] * torch.stack([torch.cos(t), torch.sin(t)], dim=1)
    return curve + roll.std * noise, None


def _mixture_data(mixture: Mixture, description: str) -> SampledData:
    return SampledData(
        draw=lambda n, generator, device: draw_mixture(mixture, n, generator, device),
        spec=DataSpec(shape=(2,), value_range=mixture.value_range, num_classes=mixture.num_modes),
        source=description,
    )


def ring8(data_dir: Path | None = None, split: str = "train") -> SampledData:
    return _mixture_data(RING8, "8 Gaussians (std 0.01) evenly on the unit circle, drawn on the fly")


def grid25(data_dir: Path | None = None, split: str = "train") -> SampledData:
    return _mixture_data(GRID25, "25 Gaussians (std 0.05) on the grid {-4, -2, 0, 2, 4}², drawn on the fly")


def swiss_roll(data_dir: Path | None = None, split: str = "train") -> SampledData:
    roll = SWISS_ROLL
    return SampledData(
        draw=lambda n, generator, device: draw_swiss_roll(roll, n, generator, device),
        spec=DataSpec(shape=(2,), value_range=roll.value_range),
        source=f"a swiss roll (t from {roll.t_min / math.pi:g}π to {roll.t_max / math.pi:g}π, noise std {roll.std:.4f}), drawn on the fly",
    )
