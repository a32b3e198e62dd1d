"""The networks of the f-GAN paper's MNIST experiment (Nowozin et al. 2016, section 4.1).

G: z → Linear → batch norm → ReLU → Linear → batch norm → ReLU → Linear → tanh, reshaped to the
data (the paper ends in a sigmoid for pixels in [0, 1]; ganzoo's images lie in [-1, 1]). For data
that are not in [-1, 1] the output is left linear.

V (the discriminator): three linear layers with exponential linear units between them, and no
output activation: the loss applies the divergence's own g_f.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from ganzoo import DataSpec, Networks


class Generator(nn.Module):
    def __init__(self, latent_dim: int, shape: tuple[int, ...], hidden: int, bounded: bool) -> None:
        super().__init__()
        self.shape = shape
        self.body = nn.Sequential(
            nn.Linear(latent_dim, hidden),
            nn.BatchNorm1d(hidden),
            nn.ReLU(),
            nn.Linear(hidden, hidden),
            nn.BatchNorm1d(hidden),
            nn.ReLU(),
            nn.Linear(hidden, math.prod(shape)),
            nn.Tanh() if bounded else nn.Identity(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.body(z).view(z.shape[0], *self.shape)


def variational_function(shape: tuple[int, ...], hidden: int) -> nn.Module:
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(math.prod(shape), hidden),
        nn.ELU(),
        nn.Linear(hidden, hidden),
        nn.ELU(),
        nn.Linear(hidden, 1),
    )


def build(spec: DataSpec, latent_dim: int, g_hidden: int = 1200, d_hidden: int = 240) -> Networks:
    bounded = tuple(spec.value_range) == (-1.0, 1.0)
    return Networks(Generator(latent_dim, spec.shape, g_hidden, bounded), variational_function(spec.shape, d_hidden))
