"""CycleGAN's generator (Zhu et al. 2017, appendix 7.2; after Johnson et al. 2016):
c7s1-k, d2k, d4k, R4k × n, u2k, uk, c7s1-C.

- c7s1-k: reflection padding of 3, a 7×7 convolution of stride 1 to k channels, norm, ReLU;
- dk: a 3×3 convolution of stride 2 to k channels, norm, ReLU (the image halves);
- Rk: a residual block: two 3×3 convolutions of k channels (reflection padding of 1 before each),
  norm after each, ReLU between, the block's input added to its output;
- uk: a 3×3 transposed convolution of stride 2 to k channels, norm, ReLU (the image doubles);
- the last c7s1 ends in tanh, with no norm, to the image's C channels.

The paper uses k = 64, instance norm, 6 blocks for 128 px images and 9 for 256 px. For smaller
images it takes fewer: the fewest (at least 3) whose receptive field spans the whole image, which
:func:`blocks_for` computes: 25 + 16·blocks pixels, so 3 blocks (73 px) for 28, 32 and 64 px. A side that is not a multiple of 4 is
padded by repeating edge pixels and the output cropped back.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo_translation.layers import PadCrop, ToRange, check_norm, initialise, norm_layer, padded_size, receptive_field, uses_bias

PAPER_BLOCKS = ((256, 9), (128, 6))  # (shorter side at least, blocks)
MIN_BLOCKS = 3


def field_of(blocks: int) -> int:
    """The widest receptive field of one output pixel, in input pixels, with ``blocks`` residual
    blocks. Going back from an output pixel: the last 7×7 convolution sees 7 pixels; a transposed
    3×3 convolution of stride 2 makes n neighbouring pixels out of at most ⌈n/2⌉ + 1 of its input
    (7 → 5 → 4 at a quarter of the resolution); each residual block's two 3×3 convolutions add 4;
    then the two 3×3 convolutions of stride 2 and the first 7×7 widen the field as any stack of
    convolutions does (:func:`receptive_field`)."""
    middle = 4 + 4 * blocks  # at a quarter of the resolution
    return receptive_field([(7, 1), (3, 2), (3, 2)]) + 4 * (middle - 1)


def blocks_for(side: int) -> int:
    """The paper's 9 blocks from 256 px, 6 from 128 px; below, the fewest (at least 3) whose
    receptive field covers ``side`` pixels."""
    for threshold, blocks in PAPER_BLOCKS:
        if side >= threshold:
            return blocks
    blocks = MIN_BLOCKS
    while field_of(blocks) < side:
        blocks += 1
    return blocks


class ResidualBlock(nn.Module):
    def __init__(self, channels: int, norm: str) -> None:
        super().__init__()
        bias = uses_bias(norm)
        self.body = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(channels, channels, 3, bias=bias), norm_layer(norm, channels), nn.ReLU(),
            nn.ReflectionPad2d(1), nn.Conv2d(channels, channels, 3, bias=bias), norm_layer(norm, channels),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class ResNetGenerator(nn.Module):
    """Maps (B, in_channels, H, W) to (B, out_channels, H, W) for H and W multiples of 4."""

    def __init__(self, in_channels: int, out_channels: int, blocks: int, width: int = 64, norm: str = "instance",
                 value_range: tuple[float, float] = (-1.0, 1.0)) -> None:
        super().__init__()
        check_norm(norm)
        if blocks < 0:
            raise ValueError(f"blocks must be zero or more, got {blocks}")
        self.blocks = blocks
        bias = uses_bias(norm)
        k = width
        layers: list[nn.Module] = [
            nn.ReflectionPad2d(3), nn.Conv2d(in_channels, k, 7, bias=bias), norm_layer(norm, k), nn.ReLU(),
            nn.Conv2d(k, 2 * k, 3, 2, 1, bias=bias), norm_layer(norm, 2 * k), nn.ReLU(),
            nn.Conv2d(2 * k, 4 * k, 3, 2, 1, bias=bias), norm_layer(norm, 4 * k), nn.ReLU(),
        ]
        layers += [ResidualBlock(4 * k, norm) for _ in range(blocks)]
        layers += [
            nn.ConvTranspose2d(4 * k, 2 * k, 3, 2, 1, output_padding=1, bias=bias), norm_layer(norm, 2 * k), nn.ReLU(),
            nn.ConvTranspose2d(2 * k, k, 3, 2, 1, output_padding=1, bias=bias), norm_layer(norm, k), nn.ReLU(),
            nn.ReflectionPad2d(3), nn.Conv2d(k, out_channels, 7), ToRange(value_range),
        ]
        self.body = nn.Sequential(*layers)
        self.apply(initialise)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


def resnet_for(in_channels: int, out_channels: int, height: int, width_px: int, *, width: int = 64, norm: str = "instance",
               blocks: int | None = None, value_range: tuple[float, float] = (-1.0, 1.0)) -> PadCrop:
    """A ResNet generator for images of ``height`` × ``width_px`` (padded up to multiples of 4)."""
    if min(height, width_px) < 8:
        raise ValueError(f"the ResNet generator needs images of at least 8×8 pixels, got {height}×{width_px}")
    blocks = blocks_for(min(height, width_px)) if blocks is None else blocks
    net = ResNetGenerator(in_channels, out_channels, blocks, width, norm, value_range)
    return PadCrop(net, padded_size(height, 4), padded_size(width_px, 4))
