"""BEGAN's networks: a decoder that is also the generator, and an encoder; together the
autoencoder that serves as discriminator.

Every convolution is 3×3 with padding 1 and an ELU, as in the paper, with no normalisation.

- **Decoder**: a fully connected layer from the embedding h to ``width`` maps of base×base, then
  ``scales + 1`` blocks of two convolutions of ``width`` channels, a nearest-neighbour doubling
  between blocks, and a last convolution to the image's channels (linear).
- **Encoder**: a convolution to ``width`` channels, then ``scales + 1`` blocks of two convolutions;
  between blocks a stride-2 convolution halves the size and adds ``width`` channels (the paper's
  linear growth: n, 2n, 3n, ...); a fully connected layer to h, without a nonlinearity.

The paper's 64 px networks start the decoder at 8×8 and halve three times; here the number of
halvings follows the image (:func:`layout`): 8×8 for 32 and 64 px, 7×7 for 28 px digits, which
therefore need no padding.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo_began.energy import check_distance, reconstruction_energy

LARGEST_BASE = 8  # the paper's decoder starts from 8×8 maps


def layout(size: int) -> tuple[int, int] | None:
    """(halvings, base side) for square images of ``size`` px: the fewest halvings that bring the
    side to 8 or less, each of an even side; None when the side cannot be halved that far."""
    halvings = 0
    while size > LARGEST_BASE:
        if size % 2:
            return None
        size //= 2
        halvings += 1
    return halvings, size


def conv(inputs: int, outputs: int, stride: int = 1) -> list[nn.Module]:
    return [nn.Conv2d(inputs, outputs, 3, stride, 1), nn.ELU()]


class Decoder(nn.Module):
    """h (B, inputs) → pictures (B, channels, base·2^scales, base·2^scales), unbounded."""

    def __init__(self, inputs: int, channels: int, width: int, base: int, scales: int) -> None:
        super().__init__()
        self.shape = (width, base, base)
        self.project = nn.Linear(inputs, width * base * base)
        layers: list[nn.Module] = []
        for scale in range(scales + 1):
            if scale:
                layers.append(nn.Upsample(scale_factor=2, mode="nearest"))
            layers += conv(width, width) + conv(width, width)
        layers.append(nn.Conv2d(width, channels, 3, 1, 1))
        self.body = nn.Sequential(*layers)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return self.body(self.project(h).view(-1, *self.shape))


class Encoder(nn.Module):
    """Pictures (B, channels, side, side) → embeddings (B, embedding)."""

    def __init__(self, channels: int, width: int, base: int, scales: int, embedding: int) -> None:
        super().__init__()
        layers = conv(channels, width)
        for scale in range(scales + 1):
            maps = width * (scale + 1)
            layers += conv(maps, maps) + conv(maps, maps)
            if scale < scales:
                layers += conv(maps, maps + width, stride=2)
        self.body = nn.Sequential(*layers, nn.Flatten())
        self.embed = nn.Linear(width * (scales + 1) * base * base, embedding)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.embed(self.body(x))


class Generator(nn.Module):
    """The decoder from latent noise, its output mapped into the data's value range by a tanh."""

    def __init__(self, decoder: Decoder, value_range: tuple[float, float]) -> None:
        super().__init__()
        self.decoder = decoder
        self.low, self.high = value_range

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        unit = (torch.tanh(self.decoder(z)) + 1) / 2
        return self.low + (self.high - self.low) * unit


class Autoencoder(nn.Module):
    """The discriminator: its output for a batch is each picture's reconstruction energy
    (:func:`ganzoo_began.energy.reconstruction_energy`), one number per picture, low for what it
    has learnt to reconstruct. ``forward(x, with_embedding=True)`` also returns the embeddings."""

    def __init__(self, encoder: Encoder, decoder: Decoder, distance: str) -> None:
        super().__init__()
        self.encoder = encoder
        self.decoder = decoder
        self.distance = check_distance(distance)

    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(x))

    def forward(self, x: torch.Tensor, with_embedding: bool = False) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        h = self.encoder(x)
        energy = reconstruction_energy(x, self.decoder(h), self.distance)
        return (energy, h) if with_embedding else energy
