"""The ResNet discriminator: the first block, more down-blocks to the smallest side, two blocks that
keep it, ReLU, the sum of each feature map over its pixels, φ(x), and a linear logit without bias.

``ProjectionDiscriminator`` is Miyato and Koyama's class-conditional form: the logit plus the inner
product of φ(x) with a vector learned for the class, ⟨embed(y), φ(x)⟩.

Spectral normalisation (on by default) wraps every convolution, shortcuts included, the logit
layer and the class embedding: each weight, as a matrix of out × (in·k·k), is divided by its
largest singular value, estimated by one power iteration per training pass.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm as spectrally_normalised

from ganzoo_dcgan.discriminator import apply_spectral_norm
from ganzoo_resnet.blocks import down_block, first_block
from ganzoo_resnet.layers import linear
from ganzoo_resnet.layout import BLOCKS_AT_SMALLEST, Layout


class Discriminator(nn.Module):
    def __init__(self, layout: Layout, width: int, spectral_norm: bool = True) -> None:
        super().__init__()
        halving = [down_block(width, halves=True) for _ in range(layout.down_blocks - 1)]
        keeping = [down_block(width, halves=False) for _ in range(BLOCKS_AT_SMALLEST)]
        self.blocks = nn.Sequential(first_block(layout.channels, width), *halving, *keeping, nn.ReLU())
        self.head = linear(width, 1, bias=False)
        if spectral_norm:
            apply_spectral_norm(self)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """φ(x): the last feature maps summed over their pixels, ``(B, width)``."""
        return self.blocks(x).sum(dim=(2, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x)).squeeze(1)


class ProjectionDiscriminator(Discriminator):
    def __init__(self, layout: Layout, width: int, num_classes: int, spectral_norm: bool = True) -> None:
        super().__init__(layout, width, spectral_norm)
        embedding = nn.Embedding(num_classes, width)
        nn.init.xavier_uniform_(embedding.weight)
        self.embedding = spectrally_normalised(embedding) if spectral_norm else embedding

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        features = self.features(x)
        return self.head(features).squeeze(1) + (self.embedding(labels) * features).sum(1)
