"""A conditional DCGAN whose discriminator is a projection discriminator (Miyato and Koyama 2018).

The discriminator computes DCGAN's features φ(x) and scores them as ψ(φ(x)) + ⟨embed(y), φ(x)⟩:
a class-blind linear score plus the inner product of the features with a learned vector for the
class. The paper derives this form by modelling p(y | x) for real and for generated images as
softmaxes of functions linear in φ(x): the log-ratio of the two conditional densities, which is
what an optimal D estimates, then splits into exactly these two terms. It conditions D far more
strongly than appending y to its input does.

The generator is DCGAN's, with conditional batch norm (one scale and shift per class) in place of
each batch norm, as in the paper's generators, rather than y appended to z: the class then acts at
every resolution, not only on the first projection.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.functional import relu
from torch.nn.utils.parametrizations import spectral_norm as spectrally_normalised

from ganzoo import DataSpec, Networks
from ganzoo_conditional.conditional_norm import ConditionalBatchNorm2d
from ganzoo_conditional.labels import class_count
from ganzoo_dcgan.discriminator import Discriminator
from ganzoo_dcgan.generator import ScaledTanh, doubling
from ganzoo_dcgan.init import initialise
from ganzoo_dcgan.layout import Layout, layout_for


class ConditionalGenerator(nn.Module):
    """z → Linear → ``start``×``start`` maps, then (conditional BN → ReLU → doubling) per doubling, tanh."""

    def __init__(self, latent_dim: int, layout: Layout, value_range: tuple[float, float], num_classes: int) -> None:
        super().__init__()
        widths, start = layout.widths, layout.start
        self.project = nn.Sequential(
            nn.Linear(latent_dim, widths[0] * start * start, bias=False),
            nn.Unflatten(1, (widths[0], start, start)),
        )
        self.norms = nn.ModuleList(ConditionalBatchNorm2d(w, num_classes) for w in widths)
        self.doublings = nn.ModuleList(
            [*(doubling(wide, narrow, bias=False) for wide, narrow in zip(widths, widths[1:])),
             doubling(widths[-1], layout.channels, bias=True)]
        )
        self.output = ScaledTanh(value_range)
        self.apply(initialise)  # leaves the conditional norms' embeddings as they set them

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        h = self.project(z)
        for norm, double in zip(self.norms, self.doublings):
            h = double(relu(norm(h, labels)))
        return self.output(h)


class ProjectionDiscriminator(nn.Module):
    def __init__(self, layout: Layout, num_classes: int, norm: str, spectral_norm: bool) -> None:
        super().__init__()
        self.body = Discriminator(layout, norm, spectral_norm)
        embedding = nn.Embedding(num_classes, layout.feature_dim)
        nn.init.normal_(embedding.weight, 0.0, 0.02)
        self.embedding = spectrally_normalised(embedding) if spectral_norm else embedding

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        features = self.body.features(x)
        return self.body.head(features).squeeze(1) + (self.embedding(labels) * features).sum(1)


def build(spec: DataSpec, latent_dim: int, width: int = 64, spectral_norm: bool = True, d_norm: str = "batch") -> Networks:
    """The options are DCGAN's (see :mod:`ganzoo_dcgan.discriminator`); spectral norm is on by
    default, as in the paper, and then covers the class embedding too."""
    num_classes = class_count(spec, "cdcgan-projection")
    layout = layout_for(spec, width)
    return Networks(
        generator=ConditionalGenerator(latent_dim, layout, spec.value_range, num_classes),
        discriminator=ProjectionDiscriminator(layout, num_classes, d_norm, spectral_norm),
        conditional=True,
    )
