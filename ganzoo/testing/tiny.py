"""A dataset small enough to train on in a test: 64 random 1×8×8 images in four classes."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ganzoo.parts import DataSpec, InMemoryData

if TYPE_CHECKING:
    import torch

TINY_SPEC = DataSpec(shape=(1, 8, 8), value_range=(-1.0, 1.0), num_classes=4)


def tiny_data(n: int = 64, spec: DataSpec = TINY_SPEC, seed: int = 0) -> InMemoryData:
    """``n`` samples of ``spec`` drawn uniformly from its value range (normally if the range is
    unbounded), with labels when it has classes; the same for the same seed."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    samples = random_samples(n, spec, generator)
    labels = None
    if spec.num_classes is not None:
        labels = torch.randint(spec.num_classes, (n,), generator=generator)
    return InMemoryData(samples, labels, spec, source=f"{n} random {spec.describe()} samples (ganzoo.testing, seed {seed})")


def random_samples(n: int, spec: DataSpec, generator: torch.Generator) -> torch.Tensor:
    """``n`` samples uniform in ``spec.value_range``, or standard normal where it is unbounded."""
    import torch

    low, high = spec.value_range
    if math.isfinite(low) and math.isfinite(high):
        return low + (high - low) * torch.rand(n, *spec.shape, generator=generator)
    return torch.randn(n, *spec.shape, generator=generator)
