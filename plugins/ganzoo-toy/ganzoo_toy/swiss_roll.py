"""The swiss roll: a continuous curve in the plane rather than separate modes.

This is the 2-D swiss roll of the toy experiments of WGAN-GP (Gulrajani et al. 2017): the first and
third coordinates of scikit-learn's ``make_swiss_roll`` with noise 0.25, divided by 7.5. Written
out, a point is

    t ~ U(1.5π, 4.5π),    x = (t cos t, t sin t) / 7.5 + ε,    ε ~ N(0, σ² I),  σ = 0.25 / 7.5,

so the curve winds one and a half turns outward, its radius growing from 0.63 to 1.88. Plain
Python (no torch), so that evaluation code can read the parametrisation cheaply.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class SwissRoll:
    """The curve ``t ↦ scale · (t cos t, t sin t)`` for ``t`` uniform in ``[t_min, t_max]``, blurred
    by isotropic Gaussian noise of standard deviation ``std``; ``value_range`` holds every
    coordinate of every point ever drawn (its bounds are more than 18 std beyond the curve)."""

    t_min: float
    t_max: float
    scale: float
    std: float
    value_range: tuple[float, float]

    def point(self, t: float) -> tuple[float, float]:
        """The noise-free point of the curve at parameter ``t``."""
        return self.scale * t * math.cos(t), self.scale * t * math.sin(t)


SWISS_ROLL = SwissRoll(t_min=1.5 * math.pi, t_max=4.5 * math.pi, scale=1 / 7.5, std=0.25 / 7.5, value_range=(-2.5, 2.5))
