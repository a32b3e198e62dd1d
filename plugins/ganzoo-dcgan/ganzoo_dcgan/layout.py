"""Which images a DCGAN can serve, and the feature counts at each resolution.

The generator starts from small square feature maps and doubles their side with each strided
transposed convolution until it reaches the image; the discriminator walks the same ladder down.
A 28-pixel image (MNIST) starts from 7×7 and needs two doublings; 32 and 64 pixels start from 4×4
and need three and four. The lowest resolution has the most features, ``width`` times a power of
two, halving at each doubling so that the highest resolution has ``width``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ganzoo import DataSpec, GanzooError, IncompatibleParts

START_SIDES = {28: 7, 32: 4, 64: 4}  # image side → side of the generator's first feature maps


@dataclass(frozen=True)
class Layout:
    """The plan shared by both networks.

    ``widths`` are the feature counts from the lowest resolution (``start`` pixels a side) up to
    the one just below the image; there is one per doubling.
    """

    channels: int
    start: int
    widths: tuple[int, ...]

    @property
    def feature_dim(self) -> int:
        """The length of the discriminator's flattened features at the lowest resolution."""
        return self.widths[0] * self.start * self.start


def layout_for(spec: DataSpec, width: int) -> Layout:
    """The layout for images of ``spec``; :class:`ganzoo.IncompatibleParts` for any other data."""
    supported = ", ".join(f"C×{side}×{side}" for side in START_SIDES)
    if not spec.is_image or spec.shape[1] != spec.shape[2] or spec.shape[1] not in START_SIDES:
        raise IncompatibleParts(
            f"the dcgan architecture makes square images of {supported} (any channel count), "
            f"not {spec.describe()}; pick a dataset of one of those sizes"
        )
    if width < 1:
        raise GanzooError(f"the dcgan width must be a positive number of features, got {width}")
    channels, side = spec.shape[0], spec.shape[1]
    start = START_SIDES[side]
    doublings = (side // start).bit_length() - 1
    widths = tuple(width * 2 ** (doublings - 1 - i) for i in range(doublings))
    return Layout(channels, start, widths)
