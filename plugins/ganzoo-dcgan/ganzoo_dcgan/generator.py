"""The DCGAN generator: project z to small feature maps, then double their side until the image.

z → Linear → reshape to ``widths[0]`` maps of ``start``×``start`` → BN → ReLU, then one strided
transposed convolution per doubling (BN and ReLU after all but the last), and tanh at the end.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo_dcgan.init import initialise
from ganzoo_dcgan.layout import Layout


def doubling(in_features: int, out_features: int, *, bias: bool) -> nn.ConvTranspose2d:
    """A transposed convolution that doubles the side of its input (kernel 4, stride 2, padding 1)."""
    return nn.ConvTranspose2d(in_features, out_features, kernel_size=4, stride=2, padding=1, bias=bias)


class ScaledTanh(nn.Module):
    """tanh stretched onto the data's value range, so that G's output can reach every real value."""

    def __init__(self, value_range: tuple[float, float]) -> None:
        super().__init__()
        self.low, self.high = value_range

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.low + (self.high - self.low) * (torch.tanh(x) + 1) / 2


class Generator(nn.Module):
    def __init__(self, latent_dim: int, layout: Layout, value_range: tuple[float, float]) -> None:
        super().__init__()
        widths, start = layout.widths, layout.start
        layers: list[nn.Module] = [
            nn.Linear(latent_dim, widths[0] * start * start, bias=False),  # batch norm supplies the bias
            nn.Unflatten(1, (widths[0], start, start)),
            nn.BatchNorm2d(widths[0]),
            nn.ReLU(),
        ]
        for wide, narrow in zip(widths, widths[1:]):
            layers += [doubling(wide, narrow, bias=False), nn.BatchNorm2d(narrow), nn.ReLU()]
        layers += [doubling(widths[-1], layout.channels, bias=True), ScaledTanh(value_range)]
        self.body = nn.Sequential(*layers)
        self.apply(initialise)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.body(z)
