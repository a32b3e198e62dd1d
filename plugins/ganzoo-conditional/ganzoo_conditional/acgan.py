"""The networks of the auxiliary classifier GAN (Odena, Olah and Shlens 2017), on DCGAN's layout.

G is DCGAN's generator fed [z, one-hot(y)] (:mod:`ganzoo_conditional.generator`). D is DCGAN's
discriminator with a second head on the same features that predicts the class; D never sees the
label it is given, since telling the class from the image is its job.

The core asks D for one adversarial logit per sample, so that is what ``forward`` returns; with
``classes=True`` it returns ``(logits, class_logits)`` from a single pass, which is how the ``acgan``
scheme reads both (through ``forward``, so that it also works when D is wrapped for distributed
training).
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm as spectrally_normalised

from ganzoo import DataSpec, Networks
from ganzoo_conditional.generator import ConditionalGenerator
from ganzoo_conditional.labels import class_count
from ganzoo_dcgan.discriminator import Discriminator
from ganzoo_dcgan.init import initialise
from ganzoo_dcgan.layout import Layout, layout_for


class AuxiliaryClassifierDiscriminator(nn.Module):
    def __init__(self, layout: Layout, num_classes: int, norm: str, spectral_norm: bool, *,
                 depth: int = 1) -> None:
        super().__init__()
        self.body = Discriminator(layout, norm, spectral_norm, depth=depth)
        classifier = nn.Linear(layout.feature_dim, num_classes)
        initialise(classifier)
        self.classifier = spectrally_normalised(classifier) if spectral_norm else classifier

    def forward(
        self, x: torch.Tensor, labels: torch.Tensor | None = None, *, classes: bool = False
    ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        """The adversarial logits (B,), and with ``classes`` also the class logits (B, classes).
        ``labels`` is accepted because the core passes labels to a conditional D, and ignored."""
        features = self.body.features(x)
        logits = self.body.head(features).squeeze(1)
        return (logits, self.classifier(features)) if classes else logits


def build(spec: DataSpec, latent_dim: int, width: int = 64, spectral_norm: bool = False, d_norm: str = "batch",
          d_depth: int = 1) -> Networks:
    """The options are DCGAN's (see :mod:`ganzoo_dcgan.discriminator`)."""
    num_classes = class_count(spec, "acgan")
    layout = layout_for(spec, width)
    return Networks(
        generator=ConditionalGenerator(latent_dim, layout, spec.value_range, num_classes),
        discriminator=AuxiliaryClassifierDiscriminator(layout, num_classes, d_norm, spectral_norm, depth=d_depth),
        conditional=True,
    )
