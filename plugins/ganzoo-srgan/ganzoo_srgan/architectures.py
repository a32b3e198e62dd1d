"""The ``srresnet`` architecture: SRGAN's generator and discriminator for super-resolution data.

The data says everything the networks need: G takes the small image of a pair (the field
``"low"`` of ganzoo-pairs' ``sr-pairs`` and ``image-sr``, C×h×w) and makes the ``"sample"``
(C×H×W); the upscaling factor is H / h, which must be the same power of two as W / w. D judges
single images of the sample's size.
"""

from __future__ import annotations

from ganzoo import DataSpec, Field, IncompatibleParts, Networks
from ganzoo_srgan.discriminator import SRGANDiscriminator
from ganzoo_srgan.generator import PAPER_BLOCKS, PAPER_WIDTH, SRResNet

LOW = "low"


def low_field(spec: DataSpec, input_field: str) -> Field:
    """The small image G upscales; refuses data that has none."""
    if not spec.is_image:
        raise IncompatibleParts(f"srresnet upscales images; this data is {spec.describe()}")
    field = spec.fields.get(input_field)
    if field is None or not field.is_image:
        raise IncompatibleParts(
            f"srresnet upscales the image field {input_field!r} of super-resolution pairs (ganzoo-pairs' sr-pairs or"
            " image-sr); this data has none"
        )
    return field


def factor_of(spec: DataSpec, field: Field) -> int:
    """The upscaling factor from the sample's size and the small image's: the same power of two both ways."""
    channels, height, width = spec.shape
    low_channels, low_height, low_width = field.shape
    if low_channels != channels:
        raise IncompatibleParts(f"srresnet keeps the channels: the small images are {field.describe()}, the samples {spec.describe()}")
    factor = height // low_height
    if factor * low_height != height or factor * low_width != width or factor < 2 or factor & (factor - 1):
        raise IncompatibleParts(
            f"srresnet upscales by a power of two, the same in height and width; {field.describe()} → {spec.describe()} is not"
        )
    return factor


def build_srresnet(spec: DataSpec, latent_dim: int, blocks: int = PAPER_BLOCKS, width: int = PAPER_WIDTH,
                   d_width: int = 64, d_strided: int | None = None, input_field: str = LOW) -> Networks:
    """SRResNet (``blocks`` residual blocks of ``width`` channels) and SRGAN's discriminator
    (``d_width`` channels in its first layer, ``d_strided`` stride-2 blocks: by default as many as
    the image size allows, see :mod:`ganzoo_srgan.discriminator`). ``latent_dim`` is unused: SRGAN
    takes no noise."""
    field = low_field(spec, input_field)
    channels, height, width_px = spec.shape
    generator = SRResNet(channels, channels, factor_of(spec, field), blocks, width, spec.value_range)
    discriminator = SRGANDiscriminator(channels, height, width_px, d_width, d_strided)
    return Networks(generator, discriminator, generator_input=input_field)
