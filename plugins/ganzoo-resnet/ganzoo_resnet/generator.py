"""The ResNet generator: z → linear → ``start``×``start`` maps → up-blocks → BN, ReLU, conv 3×3 to
the image's channels → tanh (stretched onto the data's value range).

Given a number of classes it is Miyato and Koyama's conditional generator, ``G(z, y)``: the
up-blocks' batch norms are conditioned on the class; the last one stays plain, as theirs does.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo_dcgan.generator import ScaledTanh
from ganzoo_resnet.blocks import up_block
from ganzoo_resnet.layers import conv3x3, linear
from ganzoo_resnet.layout import Layout


class Generator(nn.Module):
    def __init__(
        self, latent_dim: int, layout: Layout, width: int, value_range: tuple[float, float], num_classes: int | None = None
    ) -> None:
        super().__init__()
        self.project = nn.Sequential(
            linear(latent_dim, width * layout.start * layout.start),
            nn.Unflatten(1, (width, layout.start, layout.start)),
        )
        self.blocks = nn.ModuleList(up_block(width, num_classes) for _ in range(layout.up_blocks))
        self.to_image = nn.Sequential(
            nn.BatchNorm2d(width), nn.ReLU(), conv3x3(width, layout.channels, gain=1.0), ScaledTanh(value_range)
        )

    def forward(self, z: torch.Tensor, *labels: torch.Tensor) -> torch.Tensor:
        x = self.project(z)
        for block in self.blocks:
            x = block(x, *labels)
        return self.to_image(x)
