"""A conditional DCGAN whose discriminator is a projection discriminator (Miyato and Koyama 2018).

The discriminator computes DCGAN's features φ(x) and scores them as ψ(φ(x)) + ⟨embed(y), φ(x)⟩:
a class-blind linear score plus the inner product of the features with a learned vector for the
class. The paper derives this form by modelling p(y | x) for real and for generated images as
softmaxes of functions linear in φ(x): the log-ratio of the two conditional densities, which is
what an optimal D estimates, then splits into exactly these two terms. It conditions D far more
strongly than appending y to its input does.

The generator is DCGAN's fed [z, one-hot(y)] by default (``g_conditioning="input"``), the same as
acgan's, rather than the paper's conditional batch norm (``"norm"``: a scale and shift per class
after each normalisation). At DCGAN's learning rate conditional batch norm learns the classes far
more slowly, since its per-class scales and shifts act on normalised features and must grow from
neutral by Adam steps of about the learning rate: on MNIST its sample rows were still mixed digits
after 1,000 steps, where the one-hot generator's rows show their class after a few hundred.
``"both"`` keeps the one-hot input and adds the conditional batch norms.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm as spectrally_normalised

from ganzoo import DataSpec, Networks
from ganzoo_conditional.generator import ConditionalGenerator
from ganzoo_conditional.labels import class_count
from ganzoo_dcgan.discriminator import Discriminator
from ganzoo_dcgan.layout import Layout, layout_for


class ProjectionDiscriminator(nn.Module):
    def __init__(self, layout: Layout, num_classes: int, norm: str, spectral_norm: bool, *,
                 depth: int = 1) -> None:
        super().__init__()
        self.body = Discriminator(layout, norm, spectral_norm, depth=depth)
        embedding = nn.Embedding(num_classes, layout.feature_dim)
        nn.init.normal_(embedding.weight, 0.0, 0.02)
        self.embedding = spectrally_normalised(embedding) if spectral_norm else embedding

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        features = self.body.features(x)
        return self.body.head(features).squeeze(1) + (self.embedding(labels) * features).sum(1)


def build(spec: DataSpec, latent_dim: int, width: int = 64, spectral_norm: bool = True, d_norm: str = "batch",
          d_depth: int = 1, g_conditioning: str = "input") -> Networks:
    """The options are DCGAN's (see :mod:`ganzoo_dcgan.discriminator`) and ``g_conditioning`` (see
    :mod:`ganzoo_conditional.generator`); spectral norm is on by default, as in the paper, and then
    covers the class embedding too."""
    num_classes = class_count(spec, "cdcgan-projection")
    layout = layout_for(spec, width)
    return Networks(
        generator=ConditionalGenerator(latent_dim, layout, spec.value_range, num_classes, conditioning=g_conditioning),
        discriminator=ProjectionDiscriminator(layout, num_classes, d_norm, spectral_norm, depth=d_depth),
        conditional=True,
    )
