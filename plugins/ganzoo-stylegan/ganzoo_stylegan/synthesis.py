"""The synthesis network with skip outputs (Karras et al. 2020, figure 7b; configs E and F).

From a learned constant, each level has two modulated 3×3 convolutions (the first doubles the
side, except at the first level, which has one) and a toRGB layer; the image is the sum of every
level's toRGB output, each earlier one doubled with the [1, 3, 3, 1] filter on the way up. The
output is linear, as the paper's, and stretched linearly from [-1, 1] onto the data's value range
(``low``, ``high``); the generator clips it there unless the training scheme asks for it as is.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo_stylegan.layout import Layout
from ganzoo_stylegan.modulated import RANDOM, StyledConv, ToRGB
from ganzoo_stylegan.resample import upsample


class Level(nn.Module):
    """One resolution: its convolutions, then its toRGB layer."""

    def __init__(self, convs: list[StyledConv], to_rgb: ToRGB) -> None:
        super().__init__()
        self.convs = nn.ModuleList(convs)
        self.to_rgb = to_rgb


class SynthesisNetwork(nn.Module):
    def __init__(self, layout: Layout, w_dim: int, value_range: tuple[float, float]) -> None:
        super().__init__()
        first, side = layout.features[0], layout.sides[0]
        self.const = nn.Parameter(torch.randn(first, side, side))
        levels = [Level([StyledConv(first, first, w_dim, side)], ToRGB(first, layout.channels, w_dim))]
        for before, features, side in zip(layout.features, layout.features[1:], layout.sides[1:]):
            convs = [StyledConv(before, features, w_dim, side, up=True), StyledConv(features, features, w_dim, side)]
            levels.append(Level(convs, ToRGB(features, layout.channels, w_dim)))
        self.levels = nn.ModuleList(levels)
        self.num_ws = layout.num_ws
        self.low, self.high = value_range

    def forward(self, ws: torch.Tensor, noise: str = RANDOM) -> torch.Tensor:
        """Images from ``ws`` ``(N, num_ws, w_dim)``: convolution i reads ws[:, i], and each
        toRGB the w of the convolution after it (the last toRGB the last w)."""
        x = self.const.expand(ws.shape[0], -1, -1, -1)
        image = None
        index = 0
        for level in self.levels:
            for conv in level.convs:
                x = conv(x, ws[:, index], noise)
                index += 1
            rgb = level.to_rgb(x, ws[:, index])
            image = rgb if image is None else upsample(image) + rgb
        return self.low + (self.high - self.low) * (image + 1) / 2
