"""The conditional convolutional generator: DCGAN's generator told the class.

``g_conditioning`` says how the class gets in:

- ``"input"``: G is fed [z, one-hot(y)]. The class enters through the first linear projection, as a
  learned per-class offset of the first feature maps that batch norm then sizes up against the
  noise's contribution.
- ``"norm"``: every batch norm of G is a conditional one, a scale and shift per class after the
  normalisation (:mod:`ganzoo_conditional.normalisation`), as in Miyato and Koyama's generators.
- ``"both"``: the one-hot input and the conditional batch norms.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo import GanzooError
from ganzoo_conditional.labels import with_one_hot
from ganzoo_conditional.normalisation import ClassBatchNorm, Conditioned
from ganzoo_dcgan.generator import Generator
from ganzoo_dcgan.layout import Layout

CONDITIONINGS = ("input", "norm", "both")


class ConditionalGenerator(nn.Module):
    """G(z, y) = DCGAN-G([z, one-hot(y)]), DCGAN-G(z) with conditional batch norm, or both."""

    def __init__(self, latent_dim: int, layout: Layout, value_range: tuple[float, float], num_classes: int, *,
                 conditioning: str = "input") -> None:
        super().__init__()
        if conditioning not in CONDITIONINGS:
            raise GanzooError(
                f"g_conditioning must be one of {', '.join(CONDITIONINGS)}, not {conditioning!r}"
            )
        self.num_classes = num_classes
        self.one_hot = conditioning != "norm"
        # the layers stay at body.body, where checkpoints written before g_conditioning keep them
        self.body = Generator(latent_dim + (num_classes if self.one_hot else 0), layout, value_range)
        self.body.body = with_class_norm(self.body.body, num_classes if conditioning != "input" else None)

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        inputs = with_one_hot(z, labels, self.num_classes) if self.one_hot else z
        return self.body.body(inputs, labels)


def with_class_norm(layers: nn.Sequential, num_classes: int | None) -> Conditioned:
    """``layers``, each batch norm made a conditional one when there are ``num_classes``."""
    if num_classes is None:
        return Conditioned(*layers)
    return Conditioned(*(
        ClassBatchNorm(layer.num_features, num_classes) if isinstance(layer, nn.BatchNorm2d) else layer
        for layer in layers
    ))
