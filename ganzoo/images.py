"""Writing samples as pictures: image grids as PNG."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import torch
from PIL import Image


def to_uint8(samples: torch.Tensor, value_range: tuple[float, float]) -> np.ndarray:
    """(N, C, H, W) in ``value_range`` → (N, H, W, C) uint8."""
    low, high = value_range
    scaled = (samples.detach().float().cpu().clamp(low, high) - low) * (255.0 / (high - low))
    return scaled.round().to(torch.uint8).permute(0, 2, 3, 1).numpy()


def grid(samples: torch.Tensor, value_range: tuple[float, float], columns: int | None = None, padding: int = 2) -> Image.Image:
    """Tile a batch of images, ``columns`` per row (square by default), on a black background."""
    pixels = to_uint8(samples, value_range)
    n, height, width, channels = pixels.shape
    columns = columns or math.ceil(math.sqrt(n))
    rows = math.ceil(n / columns)
    canvas = np.zeros((rows * (height + padding) + padding, columns * (width + padding) + padding, channels), np.uint8)
    for i in range(n):
        top = padding + (i // columns) * (height + padding)
        left = padding + (i % columns) * (width + padding)
        canvas[top : top + height, left : left + width] = pixels[i]
    return Image.fromarray(canvas[..., 0] if channels == 1 else canvas)


def save_grid(samples: torch.Tensor, path: Path, value_range: tuple[float, float], columns: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    grid(samples, value_range, columns).save(path)
    return path
