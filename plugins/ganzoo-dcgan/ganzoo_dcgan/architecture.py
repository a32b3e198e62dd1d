"""The ``dcgan`` architecture factory."""

from __future__ import annotations

from ganzoo import DataSpec, Networks
from ganzoo_dcgan.discriminator import Discriminator
from ganzoo_dcgan.generator import Generator
from ganzoo_dcgan.layout import layout_for


def build(spec: DataSpec, latent_dim: int, width: int = 64, spectral_norm: bool = False, d_norm: str = "batch",
          pack: int = 1, d_depth: int = 1) -> Networks:
    """A DCGAN for square images of side 28, 32 or 64 with any number of channels.

    ``width`` is the feature count at the highest resolution inside both networks (it doubles at
    each lower one); ``spectral_norm`` and ``d_norm`` shape the discriminator as described in
    :mod:`ganzoo_dcgan.discriminator`; ``pack`` > 1 makes D judge packs of that many images
    (PacGAN), for a batch size that is a multiple of it.
    """
    layout = layout_for(spec, width)
    return Networks(
        generator=Generator(latent_dim, layout, spec.value_range),
        discriminator=Discriminator(layout, d_norm, spectral_norm, pack, depth=d_depth),
    )
