"""A procedural dataset: 1×16×16 images of a square, a disc or an upright triangle (classes 0, 1, 2)
of random size and position, drawn in memory with anti-aliased edges.

Each shape is a signed distance d(pixel) to its outline (negative inside); a pixel's ink is
sigmoid(-2.5 d), so edges are about one pixel soft, and the image is 2 ink - 1, in [-1, 1]. The
``train`` and ``test`` splits are drawn from different seeds.
"""

from __future__ import annotations

import math
from pathlib import Path

import torch

from ganzoo import DataSpec, GanzooError, InMemoryData

SIZE = 16
CLASSES = ("square", "disc", "triangle")
SPLIT_OFFSETS = {"train": 0, "test": 1_000_003}


def draw_shapes(n: int, generator: torch.Generator, size: int = SIZE) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` images ``(n, 1, size, size)`` in [-1, 1] and their classes."""
    labels = torch.randint(len(CLASSES), (n,), generator=generator)
    radius = 2.5 + 3.0 * torch.rand(n, generator=generator)  # half-side, radius or circumradius, in pixels
    margin = radius + 0.5
    centre = margin[:, None] + (size - 1 - 2 * margin)[:, None] * torch.rand(n, 2, generator=generator)
    axis = torch.arange(size, dtype=torch.float32)
    y = axis.view(1, size, 1) - centre[:, 0].view(n, 1, 1)
    x = axis.view(1, 1, size) - centre[:, 1].view(n, 1, 1)
    r = radius.view(n, 1, 1)
    square = torch.maximum(x.abs(), y.abs()) - r
    disc = torch.sqrt(x * x + y * y) - r
    half_root3 = math.sqrt(3) / 2  # outward normals of the triangle's edges: down, up-right, up-left
    triangle = torch.maximum(torch.maximum(y, half_root3 * x - y / 2), -half_root3 * x - y / 2) - r / 2
    distance = torch.stack([square, disc, triangle])[labels, torch.arange(n)]
    ink = torch.sigmoid(-2.5 * distance)
    return (2 * ink - 1).unsqueeze(1), labels


def shapes(data_dir: Path | None = None, split: str = "train", n: int = 6000, seed: int = 0) -> InMemoryData:
    if split not in SPLIT_OFFSETS:
        raise GanzooError(f"shapes has the splits {', '.join(SPLIT_OFFSETS)}, not {split!r}")
    generator = torch.Generator().manual_seed(seed + SPLIT_OFFSETS[split])
    samples, labels = draw_shapes(n, generator)
    spec = DataSpec(shape=(1, SIZE, SIZE), value_range=(-1.0, 1.0), num_classes=len(CLASSES))
    return InMemoryData(samples, labels, spec, source=f"{n} procedural shapes (squares, discs, triangles), seed {seed}, {split} split")
