"""SRResNet, the generator of SRGAN (Ledig et al. 2017, figure 4):

    k9n64 + PReLU                                   the head, at the input's resolution
    B × [k3n64, BN, PReLU, k3n64, BN, + its input]  residual blocks
    k3n64, BN, + the head's output                  the long skip connection
    log2(factor) × [k3n256, PixelShuffle ×2, PReLU] sub-pixel upsampling, ×2 each
    k9nC                                            to the image's channels

All convolutions have stride 1 and keep the size (padding k // 2), so the whole residual trunk runs
at the low resolution and only the upsampling blocks and the last convolution see the large image.
The paper has B = 16 blocks of 64 channels; ``blocks`` and ``width`` scale it down.

Choices the paper leaves open, and ours:

- PReLU has one learnt slope per channel (He et al. 2015's channel-wise form);
- a convolution followed by batch norm has no bias (the norm's shift is one);
- the output goes through tanh, stretched onto the data's value range: the paper scales its
  high-resolution images to [-1, 1], and ganzoo asks a generator for values inside the data's range;
- the input is taken in the data's range ([-1, 1]), where the paper scales it to [0, 1]: an affine
  change that the first convolution's weights and bias absorb.
"""

from __future__ import annotations

import torch
from torch import nn

PAPER_BLOCKS = 16
PAPER_WIDTH = 64


def upsampling_steps(factor: int) -> int:
    """How many ×2 sub-pixel blocks make ``factor``: log2 of it, for a power of two from 2 on."""
    if factor < 2 or factor & (factor - 1):
        raise ValueError(f"SRResNet upsamples by powers of two (2, 4, 8, ...), not by {factor}")
    return factor.bit_length() - 1


class ResidualBlock(nn.Module):
    """k3n64, BN, PReLU, k3n64, BN, plus the block's input."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(channels, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels), nn.PReLU(channels),
            nn.Conv2d(channels, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class Upsample(nn.Module):
    """k3n(4·width), then PixelShuffle: the four channel groups become a 2×2 block of pixels."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(channels, 4 * channels, 3, padding=1), nn.PixelShuffle(2), nn.PReLU(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


class ToRange(nn.Module):
    """tanh, stretched from (-1, 1) onto ``value_range``."""

    def __init__(self, value_range: tuple[float, float]) -> None:
        super().__init__()
        low, high = value_range
        self.half_span, self.middle = (high - low) / 2, (high + low) / 2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.tanh(x) * self.half_span + self.middle


class SRResNet(nn.Module):
    """Maps (B, in_channels, h, w) to (B, out_channels, factor·h, factor·w)."""

    def __init__(self, in_channels: int, out_channels: int, factor: int, blocks: int = PAPER_BLOCKS,
                 width: int = PAPER_WIDTH, value_range: tuple[float, float] = (-1.0, 1.0)) -> None:
        super().__init__()
        if blocks < 0 or width < 1:
            raise ValueError(f"SRResNet needs zero or more blocks and a positive width, got blocks={blocks}, width={width}")
        self.factor = factor
        self.head = nn.Sequential(nn.Conv2d(in_channels, width, 9, padding=4), nn.PReLU(width))
        self.trunk = nn.Sequential(*(ResidualBlock(width) for _ in range(blocks)),
                                   nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width))
        self.upsample = nn.Sequential(*(Upsample(width) for _ in range(upsampling_steps(factor))))
        self.tail = nn.Sequential(nn.Conv2d(width, out_channels, 9, padding=4), ToRange(value_range))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = self.head(x)
        return self.tail(self.upsample(features + self.trunk(features)))
