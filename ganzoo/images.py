"""Samples as pictures (image grids, scatter plots for points in the plane), written atomically;
images read from files."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw

from ganzoo.errors import GanzooError
from ganzoo.files import atomic_output


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


def panels(columns: list[torch.Tensor]) -> torch.Tensor:
    """Batches of images shown side by side, one example per row: each is brought to the largest
    size (nearest neighbour) and to three channels where any has three, then interleaved."""
    height = max(c.shape[-2] for c in columns)
    width = max(c.shape[-1] for c in columns)
    channels = max(c.shape[1] for c in columns)
    fitted = [torch.nn.functional.interpolate(c.float(), size=(height, width), mode="nearest").expand(-1, channels, -1, -1)
              for c in columns]
    return torch.stack(fitted, dim=1).flatten(0, 1)


def save_picture(image: Image.Image, path: Path, **options: object) -> Path:
    """Write ``image`` atomically in the format its suffix names (``options`` go to PIL)."""
    extensions = Image.registered_extensions()
    if path.suffix.lower() not in extensions:
        raise GanzooError(f"{path.name}: unknown picture format {path.suffix!r}; use .png, .jpg or .gif")
    with atomic_output(path) as handle:
        image.save(handle, format=extensions[path.suffix.lower()], **options)
    return path


def save_grid(samples: torch.Tensor, path: Path, value_range: tuple[float, float], columns: int | None = None) -> Path:
    return save_picture(grid(samples, value_range, columns), path)


def scatter(
    points: torch.Tensor, reference: torch.Tensor, size: int = 512, margin: float = 0.15
) -> Image.Image:
    """Generated 2-D ``points`` (red) over ``reference`` points of the real data (grey).

    The view is fitted to the reference data, so a generator that strays far shows as points piled
    at the border rather than as a zoomed-out picture of nothing.
    """
    ref = reference.detach().float().cpu()
    low, high = ref.min(0).values, ref.max(0).values
    pad = (high - low).clamp_min(1e-6) * margin
    low, high = low - pad, high + pad
    scale = (size - 1) / (high - low)

    def pixels(xy: torch.Tensor) -> np.ndarray:
        projected = ((xy.detach().float().cpu() - low) * scale).clamp(0, size - 1).round().long().numpy()
        projected[:, 1] = size - 1 - projected[:, 1]  # y grows upwards
        return projected

    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    for colour, cloud in (((170, 170, 170), pixels(ref)), ((200, 30, 30), pixels(points))):
        for x, y in cloud:
            draw.ellipse((x - 1, y - 1, x + 1, y + 1), fill=colour)
    return image


def save_scatter(points: torch.Tensor, reference: torch.Tensor, path: Path) -> Path:
    return save_picture(scatter(points, reference), path)


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".gif", ".tif", ".tiff")


def image_files(path: Path) -> list[Path]:
    """``path`` itself if it is a file, else the image files in the folder, sorted by name."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise FileNotFoundError(f"{path} is neither an image file nor a folder")
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def read_image(path: Path, shape: tuple[int, ...], value_range: tuple[float, float], *, any_size: bool = False) -> torch.Tensor:
    """An image file as a (C, H, W) float tensor in ``value_range``, of exactly ``shape`` (only of
    its channels with ``any_size``); a ``ValueError`` says what does not fit."""
    channels, height, width = shape
    if channels not in (1, 3):
        raise ValueError(f"images of {channels} channels cannot be read from files; give 1 (grey) or 3 (colour)")
    try:
        with Image.open(path) as image:
            picture = image.convert("L" if channels == 1 else "RGB")
    except OSError as exc:
        raise ValueError(f"{path} is not a readable image ({exc})") from None
    if any_size:
        width, height = picture.size
    elif picture.size != (width, height):
        raise ValueError(f"{path.name} is {picture.size[0]}×{picture.size[1]} pixels but the model takes {width}×{height}; resize it")
    pixels = torch.from_numpy(np.asarray(picture, dtype=np.uint8).copy()).reshape(height, width, channels).permute(2, 0, 1)
    low, high = value_range
    return pixels.float() * ((high - low) / 255.0) + low


def save_image(sample: torch.Tensor, path: Path, value_range: tuple[float, float]) -> Path:
    """One (C, H, W) image as a file whose format follows the suffix."""
    pixels = to_uint8(sample.unsqueeze(0), value_range)[0]
    return save_picture(Image.fromarray(pixels[..., 0] if pixels.shape[-1] == 1 else pixels), path)
