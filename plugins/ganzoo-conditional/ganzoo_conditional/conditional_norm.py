"""Conditional batch norm: batch normalisation whose scale and shift depend on the class.

Each class has its own per-feature scale and shift, looked up in two embeddings (de Vries et al.
2017; the generators of Miyato and Koyama 2018). The scales start near 1 and the shifts at 0, so
that at first it behaves like plain batch norm with DCGAN's initialisation.
"""

from __future__ import annotations

import torch
from torch import nn


class ConditionalBatchNorm2d(nn.Module):
    def __init__(self, features: int, num_classes: int) -> None:
        super().__init__()
        self.norm = nn.BatchNorm2d(features, affine=False)
        self.scale = nn.Embedding(num_classes, features)
        self.shift = nn.Embedding(num_classes, features)
        nn.init.normal_(self.scale.weight, 1.0, 0.02)
        nn.init.zeros_(self.shift.weight)

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        scale = self.scale(labels)[:, :, None, None]
        shift = self.shift(labels)[:, :, None, None]
        return scale * self.norm(x) + shift
