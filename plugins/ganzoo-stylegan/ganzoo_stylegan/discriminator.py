"""StyleGAN2's residual discriminator (Karras et al. 2020, figure 7c; configs E and F).

fromRGB (1×1 convolution, leaky ReLU) reads the image; each level then runs two 3×3
convolutions, halving the side between them, beside a shortcut that halves the input and maps it
with a 1×1 convolution; both branches are scaled by √½ and added. At the start side (4×4, 7×7
for 28-pixel images) the minibatch standard deviation layer appends one feature map, then a 3×3
convolution, a fully connected layer and the logit. Every layer has an equalised learning rate.

Halving here blurs with [1, 3, 3, 1] and subsamples before the second convolution, which then runs
at the half side; the reference blurs and applies that convolution with stride 2, reading the full
side. The two are the same kind of layer at the same cost, a 3×3 kernel on a blurred input.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from ganzoo_stylegan.layers import EqualConv2d, EqualLinear
from ganzoo_stylegan.layout import Layout
from ganzoo_stylegan.resample import downsample

HALF = math.sqrt(0.5)


def group_size(batch: int, largest: int) -> int:
    """The largest divisor of ``batch`` that is at most ``largest``: the groups must tile the batch."""
    return next(size for size in range(min(batch, largest), 0, -1) if batch % size == 0)


def minibatch_stddev(x: torch.Tensor, largest_group: int) -> torch.Tensor:
    """``x`` with one more feature map: within each group of samples (sample i belongs to group
    i mod N/G), the standard deviation of every feature at every pixel over the group, averaged
    over features and pixels, broadcast over the group's samples and pixels."""
    n, c, h, w = x.shape
    size = group_size(n, largest_group)
    y = x.reshape(size, -1, c, h, w).float()
    std = (y.var(dim=0, unbiased=False) + 1e-8).sqrt()  # (N/G, C, H, W)
    per_group = std.mean(dim=(1, 2, 3)).to(x.dtype)  # (N/G,)
    feature = per_group.repeat(size)[:, None, None, None].expand(n, 1, h, w)
    return torch.cat([x, feature], dim=1)


class ResidualLevel(nn.Module):
    def __init__(self, in_features: int, out_features: int) -> None:
        super().__init__()
        self.conv0 = EqualConv2d(in_features, in_features, 3, activate=True)
        self.conv1 = EqualConv2d(in_features, out_features, 3, activate=True, gain=HALF)
        self.shortcut = EqualConv2d(in_features, out_features, 1, bias=False, gain=HALF)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.shortcut(downsample(x)) + self.conv1(downsample(self.conv0(x)))


class Discriminator(nn.Module):
    def __init__(self, layout: Layout, mbstd_group: int = 4) -> None:
        super().__init__()
        features, side = layout.features, layout.sides[0]
        self.from_rgb = EqualConv2d(layout.channels, features[-1], 1, activate=True)
        self.levels = nn.Sequential(*(ResidualLevel(a, b) for a, b in zip(features[:0:-1], features[-2::-1])))
        self.mbstd_group = mbstd_group
        self.conv = EqualConv2d(features[0] + 1, features[0], 3, activate=True)
        self.fc = EqualLinear(features[0] * side * side, features[0], activate=True)
        self.out = EqualLinear(features[0], 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.levels(self.from_rgb(images))
        x = self.conv(minibatch_stddev(x, self.mbstd_group))
        return self.out(self.fc(x.flatten(1))).squeeze(1)
