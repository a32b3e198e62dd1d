"""The conditional convolutional generator: DCGAN's generator fed [z, one-hot(y)].

The class enters through the first linear projection, as a learned per-class offset of the first
feature maps that batch norm then sizes up against the noise's contribution.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo_conditional.labels import with_one_hot
from ganzoo_dcgan.generator import Generator
from ganzoo_dcgan.layout import Layout


class OneHotGenerator(nn.Module):
    """G(z, y) = DCGAN-G([z, one-hot(y)])."""

    def __init__(self, latent_dim: int, layout: Layout, value_range: tuple[float, float], num_classes: int) -> None:
        super().__init__()
        self.num_classes = num_classes
        self.body = Generator(latent_dim + num_classes, layout, value_range)

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return self.body(with_one_hot(z, labels, self.num_classes))
