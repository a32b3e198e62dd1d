"""DiffAugment (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN Training").

D sees every image, real or fake, through the same random transformations, and G's gradients flow
back through them, so D cannot memorise the few real images and G is not taught to reproduce the
transformations. Each image of a batch gets its own draw of each transformation in ``policy``:

- ``color``: brightness (add u − 0.5, u uniform in [0, 1]), then saturation (scale each pixel's
  distance from its mean over channels by a uniform factor in [0, 2]; nothing to do for grey
  images, which have one channel), then contrast (scale the distance from the image's mean by a
  uniform factor in [0.5, 1.5]);
- ``translation``: shift by a whole number of pixels, uniform in ±``translation`` of the height
  and of the width (1/8 by default), filling the uncovered border with mid-grey;
- ``cutout``: set a rectangle of ``cutout`` times the height and width (1/2 by default), centred
  on a uniformly drawn pixel and clipped at the borders, to mid-grey.

Values are as for data in [-1, 1] (mid-grey is 0); data in another range is mapped there and back.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from ganzoo import Augmentation, DataSpec
from ganzoo_augment.images import Centring, check_images
from ganzoo_augment.names import DIFFAUGMENT_POLICIES, parse_names

Transform = Callable[[torch.Tensor, torch.Generator], torch.Tensor]


def uniform(images: torch.Tensor, generator: torch.Generator, low: float, high: float) -> torch.Tensor:
    """One uniform draw per image, shaped to broadcast over it."""
    draw = torch.rand(images.shape[0], 1, 1, 1, generator=generator, device=images.device, dtype=images.dtype)
    return low + (high - low) * draw


def colour(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    images = images + uniform(images, generator, -0.5, 0.5)
    pixel_mean = images.mean(dim=1, keepdim=True)
    images = (images - pixel_mean) * uniform(images, generator, 0.0, 2.0) + pixel_mean
    image_mean = images.mean(dim=(1, 2, 3), keepdim=True)
    return (images - image_mean) * uniform(images, generator, 0.5, 1.5) + image_mean


def shifts(n: int, size: int, largest: int, generator: torch.Generator, device: torch.device) -> torch.Tensor:
    """For each of ``n`` images, the source index of every position along an axis of ``size`` when
    the image moves by a whole number of pixels in [-largest, largest], counted in a copy padded
    by ``largest`` on both sides."""
    moves = torch.randint(-largest, largest + 1, (n, 1), generator=generator, device=device)
    return torch.arange(size, device=device) + largest - moves


def translate(images: torch.Tensor, generator: torch.Generator, fraction: float) -> torch.Tensor:
    n, _, height, width = images.shape
    dy, dx = round(height * fraction), round(width * fraction)
    padded = torch.nn.functional.pad(images, (dx, dx, dy, dy))
    rows = shifts(n, height, dy, generator, images.device)
    columns = shifts(n, width, dx, generator, images.device)
    batch = torch.arange(n, device=images.device)[:, None, None]
    moved = padded[batch, :, rows[:, :, None], columns[:, None, :]]  # (n, height, width, channels)
    return moved.permute(0, 3, 1, 2)


def span(n: int, size: int, fraction: float, generator: torch.Generator, device: torch.device) -> torch.Tensor:
    """For each of ``n`` images, which positions along an axis of ``size`` the cut-out covers:
    ``fraction`` of the axis, centred on a position drawn uniformly (clipped at the borders)."""
    length = round(size * fraction)
    start = torch.randint(size, (n, 1), generator=generator, device=device) - length // 2
    position = torch.arange(size, device=device)
    return (position >= start) & (position < start + length)


def cut_out(images: torch.Tensor, generator: torch.Generator, fraction: float) -> torch.Tensor:
    n, _, height, width = images.shape
    rows = span(n, height, fraction, generator, images.device)
    columns = span(n, width, fraction, generator, images.device)
    removed = rows[:, :, None] & columns[:, None, :]
    return images * (~removed).unsqueeze(1).to(images.dtype)


class DiffAugment(Augmentation):
    """The transformations of ``policy`` (comma-separated, applied in that order), with the
    translation and the cut-out as fractions of the image's height and width."""

    def __init__(self, spec: DataSpec, policy: str = "color,translation,cutout", translation: float = 0.125,
                 cutout: float = 0.5) -> None:
        check_images(spec, "diffaugment")
        for name, value in (("translation", translation), ("cutout", cutout)):
            if not 0 <= value <= 1:
                raise ValueError(f"{name} must be a fraction of the image from 0 to 1, got {value!r}")
        chosen: dict[str, Transform] = {
            "color": colour,
            "translation": lambda images, generator: translate(images, generator, translation),
            "cutout": lambda images, generator: cut_out(images, generator, cutout),
        }
        self.transforms = [chosen[name] for name in parse_names("policy", policy, DIFFAUGMENT_POLICIES)]
        self.centring = Centring(spec.value_range)

    def __call__(self, images: torch.Tensor, *, generator: torch.Generator) -> torch.Tensor:
        centred = self.centring.centre(images)
        for transform in self.transforms:
            centred = transform(centred, generator)
        return self.centring.restore(centred)
