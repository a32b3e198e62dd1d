"""The conditional GAN of Mirza and Osindero (2014) with fully connected networks.

Both players see the class as a one-hot code appended to their input, as in the paper:
G: [z, y] → 256 → 512 → 1024 → the sample; D: [flatten(x), y] → 1024 → 512 → 256 → logit.
Hidden layers use LeakyReLU(0.2). D drops out features after each, as the paper did (with maxout
units, which later MLP GANs replace by LeakyReLU). G has batch norm on its hidden layers after the
first, which the paper predates: without it, G's digits on MNIST stay blotchy for far longer. G ends
with tanh when the data lie in [-1, 1] (images) and is linear otherwise (for example labelled points
in the plane).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import nn

from ganzoo import DataSpec, GanzooError, Networks
from ganzoo_conditional.labels import class_count, with_one_hot

NEGATIVE_SLOPE = 0.2


def perceptron(sizes: Sequence[int], *, batch_norm: bool, dropout: float) -> list[nn.Module]:
    """Linear layers between consecutive ``sizes``, each followed by LeakyReLU; batch norm before
    the activation of all but the first, and dropout after each, when asked for."""
    layers: list[nn.Module] = []
    for i, (inputs, outputs) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(inputs, outputs))
        if batch_norm and i > 0:
            layers.append(nn.BatchNorm1d(outputs))
        layers.append(nn.LeakyReLU(NEGATIVE_SLOPE))
        if dropout:
            layers.append(nn.Dropout(dropout))
    return layers


class Generator(nn.Module):
    def __init__(self, latent_dim: int, spec: DataSpec, num_classes: int, hidden: Sequence[int]) -> None:
        super().__init__()
        self.shape, self.num_classes = spec.shape, num_classes
        bounded = tuple(spec.value_range) == (-1.0, 1.0)
        self.body = nn.Sequential(
            *perceptron([latent_dim + num_classes, *hidden], batch_norm=True, dropout=0.0),
            nn.Linear(hidden[-1], math.prod(spec.shape)),
            nn.Tanh() if bounded else nn.Identity(),
        )

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return self.body(with_one_hot(z, labels, self.num_classes)).view(z.shape[0], *self.shape)


class Discriminator(nn.Module):
    def __init__(self, spec: DataSpec, num_classes: int, hidden: Sequence[int], dropout: float) -> None:
        super().__init__()
        self.num_classes = num_classes
        self.body = nn.Sequential(
            *perceptron([math.prod(spec.shape) + num_classes, *hidden], batch_norm=False, dropout=dropout),
            nn.Linear(hidden[-1], 1),
        )

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return self.body(with_one_hot(x.flatten(1), labels, self.num_classes)).squeeze(1)


def build(spec: DataSpec, latent_dim: int, hidden: Sequence[int] = (256, 512, 1024), dropout: float = 0.3) -> Networks:
    """``hidden`` are G's hidden sizes from z up; D uses them in reverse. ``dropout`` is D's rate."""
    num_classes = class_count(spec, "cgan-mlp")
    hidden = list(hidden)
    if not hidden or min(hidden) < 1:
        raise GanzooError(f"hidden must list one or more positive layer sizes, got {hidden}")
    if not 0 <= dropout < 1:
        raise GanzooError(f"dropout must be a rate in [0, 1), got {dropout}")
    return Networks(
        generator=Generator(latent_dim, spec, num_classes, hidden),
        discriminator=Discriminator(spec, num_classes, hidden[::-1], dropout),
        conditional=True,
    )
