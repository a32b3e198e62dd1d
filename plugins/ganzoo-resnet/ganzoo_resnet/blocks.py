"""The residual blocks: each adds a residual branch to a shortcut of its input.

- ``up_block`` (G): BN, ReLU, nearest-neighbour ×2, conv 3×3, BN, ReLU, conv 3×3; the shortcut
  upsamples the input and maps it with a 1×1 convolution. Given a number of classes, its batch
  norms are conditional ones, and the block takes the labels.
- ``down_block`` (D): ReLU, conv 3×3, ReLU, conv 3×3, then 2×2 average pooling when it halves;
  a halving block's shortcut is a 1×1 convolution then the same pooling, and a block that keeps
  the shape passes its input through unchanged.
- ``first_block`` (D's first, the paper's "optimized" block): conv 3×3, ReLU, conv 3×3, average
  pooling; the shortcut pools the image, then maps it with a 1×1 convolution. It has no ReLU
  before its first convolution, which would only clip the image's negative pixels.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo_conditional.normalisation import Conditioned, batch_norm
from ganzoo_resnet.layers import conv1x1, conv3x3


class Residual(nn.Module):
    """``residual(x) + shortcut(x)``; labels, when given, go to the residual branch."""

    def __init__(self, residual: nn.Module, shortcut: nn.Module) -> None:
        super().__init__()
        self.residual = residual
        self.shortcut = shortcut

    def forward(self, x: torch.Tensor, *labels: torch.Tensor) -> torch.Tensor:
        return self.residual(x, *labels) + self.shortcut(x)


def doubling() -> nn.Upsample:
    return nn.Upsample(scale_factor=2, mode="nearest")


def halving() -> nn.AvgPool2d:
    return nn.AvgPool2d(2)


def up_block(features: int, num_classes: int | None = None) -> Residual:
    """G's block: doubles the side of ``features`` maps."""
    residual = Conditioned(
        batch_norm(features, num_classes), nn.ReLU(), doubling(), conv3x3(features, features),
        batch_norm(features, num_classes), nn.ReLU(), conv3x3(features, features),
    )
    return Residual(residual, nn.Sequential(doubling(), conv1x1(features, features)))


def down_block(features: int, *, halves: bool) -> Residual:
    """D's block on ``features`` maps, halving their side or keeping it."""
    pooling = [halving()] if halves else []
    residual = nn.Sequential(nn.ReLU(), conv3x3(features, features), nn.ReLU(), conv3x3(features, features), *pooling)
    shortcut = nn.Sequential(conv1x1(features, features), *pooling) if halves else nn.Identity()
    return Residual(residual, shortcut)


def first_block(channels: int, features: int) -> Residual:
    """D's block that reads the image of ``channels`` and halves it into ``features`` maps."""
    residual = nn.Sequential(conv3x3(channels, features), nn.ReLU(), conv3x3(features, features), halving())
    return Residual(residual, nn.Sequential(halving(), conv1x1(channels, features)))
