"""Which images the ResNet networks serve, and how many blocks each side of the game has.

The generator starts from square feature maps of side ``start`` and doubles their side with each
up-block until it reaches the image: 4→8→16→32 for 32 pixels (the paper's CIFAR-10 network), one
more block for 64 pixels, and 7→14→28 for 28 pixels, which keeps MNIST's digits at their own size
instead of padding them to 32 and cropping G's output.

The discriminator halves the image with its blocks until the side is 8 or less (32→16→8,
64→32→16→8, 28→14→7), then two more blocks keep that side, as the paper's CIFAR-10 D does.
"""

from __future__ import annotations

from dataclasses import dataclass

from ganzoo import DataSpec, GanzooError, IncompatibleParts

START_SIDES = {28: 7, 32: 4, 64: 4}  # image side → side of the generator's first feature maps
SMALLEST_D_SIDE = 8  # D stops halving once the side is this or less
BLOCKS_AT_SMALLEST = 2  # D's blocks that keep the side, after the halving ones


@dataclass(frozen=True)
class Layout:
    """The plan of both networks for one image size.

    ``up_blocks`` doubles ``start`` to the image's side; ``down_blocks`` is the number of D's
    blocks that halve the side, the first of them being the block that reads the image.
    """

    channels: int
    start: int
    up_blocks: int
    down_blocks: int


def halvings(side: int) -> int:
    """How often the discriminator halves ``side`` to reach ``SMALLEST_D_SIDE`` or less."""
    count = 0
    while side > SMALLEST_D_SIDE:
        side //= 2
        count += 1
    return count


def layout_for(spec: DataSpec) -> Layout:
    """The layout for images of ``spec``; :class:`ganzoo.IncompatibleParts` for any other data."""
    if not spec.is_image or spec.shape[1] != spec.shape[2] or spec.shape[1] not in START_SIDES:
        supported = ", ".join(f"C×{side}×{side}" for side in START_SIDES)
        raise IncompatibleParts(
            f"the sngan-resnet architecture makes square images of {supported} (any channel count), "
            f"not {spec.describe()}; pick a dataset of one of those sizes (image-folder takes a size option)"
        )
    channels, side = spec.shape[0], spec.shape[1]
    start = START_SIDES[side]
    return Layout(channels, start, (side // start).bit_length() - 1, halvings(side))


def check_width(name: str, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise GanzooError(f"the sngan-resnet {name} must be a positive number of feature maps, got {value!r}")
