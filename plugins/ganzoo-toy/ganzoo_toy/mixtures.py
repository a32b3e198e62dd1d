"""The Gaussian mixtures in the plane on which mode collapse is usually measured.

Both follow the synthetic experiments of PacGAN (Lin et al. 2018), whose metrics are defined
against them: a generated point is of high quality when it lies within three standard deviations
of its nearest mode, and a mode is covered when some generated point is of high quality for it.
This module is plain Python (no torch), so that evaluation code can read the mode centres cheaply.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Mixture:
    """An equal-weight mixture of isotropic Gaussians in the plane.

    ``means[k]`` is the centre of mode ``k`` (the label of the points drawn from it), ``std`` the
    standard deviation of every mode along each axis, and ``value_range`` an interval that holds
    every coordinate of every point ever drawn (the nearest bound is more than 20 std away).
    """

    means: tuple[tuple[float, float], ...]
    std: float
    value_range: tuple[float, float]

    @property
    def num_modes(self) -> int:
        return len(self.means)


RING8 = Mixture(
    means=tuple((math.cos(2 * math.pi * k / 8), math.sin(2 * math.pi * k / 8)) for k in range(8)),
    std=0.01,
    value_range=(-2.0, 2.0),
)
"""PacGAN's 2D-ring: 8 modes evenly spaced on the unit circle, mode k at angle 2πk/8, std 0.01."""

GRID25 = Mixture(
    means=tuple((float(x), float(y)) for x in range(-4, 5, 2) for y in range(-4, 5, 2)),
    std=0.05,
    value_range=(-6.0, 6.0),
)
"""PacGAN's 2D-grid: 25 modes at {-4, -2, 0, 2, 4}², mode 5i + j at (-4 + 2i, -4 + 2j), std 0.05."""
