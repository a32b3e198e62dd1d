"""The ``began`` and ``ebgan`` architectures: a generator with the decoder's structure and an
autoencoder discriminator (:mod:`ganzoo_began.networks`), built for square images.

They differ only in the energy the discriminator gives: the absolute error for BEGAN, the squared
error for EBGAN. The generator shares no weights with the discriminator's decoder.
"""

from __future__ import annotations

from ganzoo import DataSpec, IncompatibleParts, Networks
from ganzoo_began.networks import Autoencoder, Decoder, Encoder, Generator, layout

PAPER_WIDTH = 64  # BEGAN's n at 64 px
PAPER_EMBEDDING = 64  # BEGAN's N_h


def build(spec: DataSpec, latent_dim: int, width: int = PAPER_WIDTH, embedding: int = PAPER_EMBEDDING,
          energy: str = "l1") -> Networks:
    """G from ``latent_dim`` noise and an autoencoder D with ``width`` filters (n), an
    ``embedding`` of h numbers, and ``energy`` "l1" or "mse"."""
    if not spec.is_image:
        raise IncompatibleParts(f"the autoencoder networks make images; this data is {spec.describe()}")
    channels, height, side = spec.shape
    found = layout(side)
    if height != side or found is None:
        raise IncompatibleParts(f"the autoencoder networks take square images whose side halves evenly down to 8 px or"
                                f" less (28, 32, 64, ...); this data is {spec.describe()}")
    if width < 1 or embedding < 1:
        raise ValueError(f"width and embedding must be positive, got {width} and {embedding}")
    scales, base = found
    generator = Generator(Decoder(latent_dim, channels, width, base, scales), spec.value_range)
    discriminator = Autoencoder(Encoder(channels, width, base, scales, embedding),
                                Decoder(embedding, channels, width, base, scales), energy)
    return Networks(generator, discriminator)
