"""What both augmentations need of the data: images, and values centred on zero.

Their transformations are defined for values in [-1, 1], where 0 is mid-grey (a brightness shift
of 0.2 is a tenth of the range; padding and cutout fill with mid-grey), so images in another range
are mapped there and back.
"""

from __future__ import annotations

import torch

from ganzoo import DataSpec, IncompatibleParts


def check_images(spec: DataSpec, name: str) -> None:
    if len(spec.shape) != 3:
        raise IncompatibleParts(f"augmentation {name!r} transforms images; the data are {spec.describe()}")


class Centring:
    """The linear map of the data's value range onto [-1, 1], and back."""

    def __init__(self, value_range: tuple[float, float]) -> None:
        low, high = value_range
        self.middle, self.half = (low + high) / 2, (high - low) / 2

    def centre(self, images: torch.Tensor) -> torch.Tensor:
        return (images - self.middle) / self.half

    def restore(self, centred: torch.Tensor) -> torch.Tensor:
        return centred * self.half + self.middle
