"""The generator's batch norm, plain or conditioned on the class.

Conditional batch norm (de Vries et al. 2017), as Miyato and Koyama's class-conditional
generators use it: normalise the batch without a learned affine map, then scale and shift each
feature map by a γ and β learned for the sample's class. The class thereby steers every layer of G
that is normalised, not only its input.
"""

from __future__ import annotations

import torch
from torch import nn


class ClassBatchNorm(nn.Module):
    def __init__(self, features: int, num_classes: int) -> None:
        super().__init__()
        self.norm = nn.BatchNorm2d(features, affine=False)
        self.scale = nn.Embedding(num_classes, features)
        self.shift = nn.Embedding(num_classes, features)
        nn.init.ones_(self.scale.weight)  # every class starts as plain batch norm
        nn.init.zeros_(self.shift.weight)

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return self.norm(x) * self.scale(labels)[:, :, None, None] + self.shift(labels)[:, :, None, None]


def batch_norm(features: int, num_classes: int | None) -> nn.Module:
    """Plain batch norm, or conditional batch norm when there are classes."""
    return nn.BatchNorm2d(features) if num_classes is None else ClassBatchNorm(features, num_classes)


class Conditioned(nn.Sequential):
    """Layers in sequence, the class-conditional ones also given the labels."""

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        for layer in self:
            x = layer(x, labels) if isinstance(layer, ClassBatchNorm) else layer(x)
        return x
