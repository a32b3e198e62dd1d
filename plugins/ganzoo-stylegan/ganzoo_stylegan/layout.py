"""Which images the StyleGAN2 networks make, and the feature maps at each resolution.

The synthesis network starts from a learned constant of side ``start`` and doubles it until the
image's side; the discriminator halves the image back to ``start``. The paper starts from 4×4 and
so makes sides 4·2^k (32, 64, 128, ...). For 28×28 digits the constant is 7×7 (7 → 14 → 28),
as ganzoo-resnet does, instead of padding the digits to 32: the layers are then those of the
16-pixel network (4 → 8 → 16), on maps 7/4 as wide, and no computation goes to a border. In
general the start is the side halved while it stays a whole number of 4 or more, and must come
out between 4 and 7.

The feature maps at each level follow the paper's rule, min(channel_base / r, channel_max), where
r is the level's nominal resolution: 4, 8, 16, ... from the start, whatever the actual side (so a
28-pixel network has the channels of a 16-pixel one).
"""

from __future__ import annotations

from dataclasses import dataclass

from ganzoo import DataSpec, GanzooError, IncompatibleParts

NOMINAL_START = 4  # the paper's constant is 4×4


@dataclass(frozen=True)
class Layout:
    """``channels`` is the image's; ``sides`` the side at each level, from the constant's to the
    image's; ``features`` the feature maps at each level."""

    channels: int
    sides: tuple[int, ...]
    features: tuple[int, ...]

    @property
    def levels(self) -> int:
        return len(self.sides)

    @property
    def num_ws(self) -> int:
        """How many w the synthesis network reads: one per convolution, two per level after the
        first, and the last toRGB's (each other toRGB shares the w of the next level's first
        convolution, as in the paper's code)."""
        return 2 * self.levels


def start_side(side: int) -> int:
    """``side`` halved while the half is a whole number of 4 or more."""
    while side % 2 == 0 and side // 2 >= NOMINAL_START:
        side //= 2
    return side


def layout_for(spec: DataSpec, channel_base: int, channel_max: int) -> Layout:
    """The layout for ``spec``'s images; :class:`ganzoo.IncompatibleParts` for other data."""
    for name, value in (("channel_base", channel_base), ("channel_max", channel_max)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise GanzooError(f"the stylegan2 {name} must be a positive number of feature maps, got {value!r}")
    side = spec.shape[-1] if spec.is_image else 0
    start = start_side(side)
    if not spec.is_image or spec.shape[1] != side or not NOMINAL_START <= start <= 7 or side < 8:
        raise IncompatibleParts(f"the stylegan2 networks make square images of side 4 to 7 times a power of two, 8 or"
                                f" more (28, 32, 64, 128, ...), not {spec.describe()}; image-folder takes a size option")
    levels = (side // start).bit_length()
    sides = tuple(start << level for level in range(levels))
    features = tuple(max(1, min(channel_base // (NOMINAL_START << level), channel_max)) for level in range(levels))
    return Layout(spec.shape[0], sides, features)
