"""pix2pix's generator: a U-Net (Isola et al. 2017, section 3.2.1 and appendix 6.1.1).

An encoder halves the image ``depth`` times with 4×4 convolutions of stride 2 (LeakyReLU 0.2 before
each but the first, batch norm after each but the first and the last), down to a 1×1 bottleneck for
square images of a power-of-two side; a decoder doubles it back with 4×4 transposed convolutions
(ReLU before each, norm after each but the last, tanh at the end). Every decoder layer but the
innermost also takes the encoder's maps of the same size, concatenated along the channels: the
skip connections that let low-level detail (the edges of an edges→photo task) pass straight across.
The paper's encoder is C64-C128-C256-C512-C512-C512-C512-C512 for 256 px (depth 8): the width
doubles per level from ``width`` up to 8·``width``.

Noise: there is no z. As in the paper, dropout (rate 0.5) in the innermost decoder layers is the
only source of randomness; the paper puts it in the first 3 of 8 decoder layers, counted from the
bottleneck (CD512-CD1024-CD1024), and this keeps that share for shallower U-Nets: round(3·depth/8)
layers, at least one (2 of 5 at 28 and 32 px, 2 of 6 at 64 px, 3 of 8 at 256 px).

Sizes: ``depth`` is log2 of the image's shorter side rounded up, at most 8 (the paper's 256 px
U-Net). A side that is not a multiple of 2^depth is padded by repeating edge pixels and the output
cropped back: 28 px digits go through the 32 px U-Net (depth 5) with 2 px added on every side.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from ganzoo_translation.layers import PadCrop, ToRange, check_norm, initialise, norm_layer, padded_size, uses_bias

MAX_DEPTH = 8  # the paper's 256 px U-Net: 256 → 1
MIN_SIDE = 8


def depth_for(side: int) -> int:
    """How many times the U-Net halves an image whose shorter side is ``side``."""
    return min(MAX_DEPTH, math.ceil(math.log2(side)))


def dropout_layers_for(depth: int) -> int:
    """The paper's 3 dropout layers of 8, in proportion: round(3·depth/8), at least one."""
    return max(1, round(3 * depth / 8))


def widths(width: int, depth: int) -> list[int]:
    """The encoder's channels, outermost first: width, 2·width, 4·width, then 8·width."""
    return [width * min(2**level, 8) for level in range(depth)]


class UNet(nn.Module):
    """``depth`` levels; ``forward(x)`` maps (B, in_channels, H, W) to (B, out_channels, H, W)
    where H and W are multiples of 2^depth (wrap it in :class:`PadCrop` for other sizes)."""

    def __init__(self, in_channels: int, out_channels: int, depth: int, width: int = 64, norm: str = "batch",
                 dropout: float = 0.5, dropout_layers: int | None = None,
                 value_range: tuple[float, float] = (-1.0, 1.0)) -> None:
        super().__init__()
        check_norm(norm)
        if depth < 2:
            raise ValueError(f"a U-Net needs at least 2 levels, got depth {depth}")
        self.depth = depth
        self.dropout_layers = dropout_layers_for(depth) if dropout_layers is None else dropout_layers
        if not 0 <= self.dropout_layers <= depth - 1:
            raise ValueError(f"dropout_layers must be between 0 and {depth - 1} for a U-Net of depth {depth}, got {dropout_layers}")
        channels = widths(width, depth)
        bias = uses_bias(norm)
        self.encoder = nn.ModuleList()
        for level in range(depth):
            before = in_channels if level == 0 else channels[level - 1]
            outermost, innermost = level == 0, level == depth - 1
            layers: list[nn.Module] = [] if outermost else [nn.LeakyReLU(0.2)]
            layers.append(nn.Conv2d(before, channels[level], 4, 2, 1, bias=bias or outermost or innermost))
            if not (outermost or innermost):
                layers.append(norm_layer(norm, channels[level]))
            self.encoder.append(nn.Sequential(*layers))
        # decoder[level] undoes encoder[level]; it runs innermost first
        self.decoder = nn.ModuleList()
        for level in range(depth):
            outermost, innermost = level == 0, level == depth - 1
            taken = channels[level] if innermost else 2 * channels[level]
            given = out_channels if outermost else channels[level - 1]
            layers = [nn.ReLU(), nn.ConvTranspose2d(taken, given, 4, 2, 1, bias=bias or outermost)]
            if outermost:
                layers.append(ToRange(value_range))
            else:
                layers.append(norm_layer(norm, given))
                if level >= depth - self.dropout_layers:
                    layers.append(nn.Dropout(dropout))
            self.decoder.append(nn.Sequential(*layers))
        self.apply(initialise)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips = []
        for layer in self.encoder:
            x = layer(x)
            skips.append(x)
        skips.pop()  # the bottleneck goes on, not across
        for level in reversed(range(self.depth)):
            x = self.decoder[level](x)
            if level > 0:
                x = torch.cat([skips[level - 1], x], 1)
        return x


def unet_for(in_channels: int, out_channels: int, height: int, width_px: int, *, width: int = 64, norm: str = "batch",
             dropout: float = 0.5, dropout_layers: int | None = None, depth: int | None = None,
             value_range: tuple[float, float] = (-1.0, 1.0)) -> PadCrop:
    """A U-Net for images of ``height`` × ``width_px``, padded up to a multiple of 2^depth."""
    side = min(height, width_px)
    if side < MIN_SIDE:
        raise ValueError(f"the U-Net needs images of at least {MIN_SIDE}×{MIN_SIDE} pixels, got {height}×{width_px}")
    depth = depth_for(side) if depth is None else depth
    multiple = 2**depth
    net = UNet(in_channels, out_channels, depth, width, norm, dropout, dropout_layers, value_range)
    return PadCrop(net, padded_size(height, multiple), padded_size(width_px, multiple))
