"""The fully connected generator and discriminator of the classic GAN.

G: z → Linear(latent_dim, hidden) → LeakyReLU → Linear(hidden, prod(shape)) → tanh → reshape.
D: x → flatten → Linear(prod(shape), hidden) → LeakyReLU → Linear(hidden, 1) → logit.

The output layer is tanh when the data lie in [-1, 1] (images), and linear otherwise (for example
points in the plane), so one architecture serves both.
"""

import math

import torch
from torch import nn

from ganzoo import DataSpec, Networks


class Generator(nn.Module):
    def __init__(self, latent_dim: int, shape: tuple[int, ...], hidden: int, negative_slope: float, bounded: bool) -> None:
        super().__init__()
        self.shape = shape
        self.body = nn.Sequential(
            nn.Linear(latent_dim, hidden),
            nn.LeakyReLU(negative_slope),
            nn.Linear(hidden, math.prod(shape)),
            nn.Tanh() if bounded else nn.Identity(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.body(z).view(z.shape[0], *self.shape)


class Discriminator(nn.Module):
    def __init__(self, shape: tuple[int, ...], hidden: int, negative_slope: float) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Flatten(),
            nn.Linear(math.prod(shape), hidden),
            nn.LeakyReLU(negative_slope),
            nn.Linear(hidden, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


def build(spec: DataSpec, latent_dim: int, hidden: int = 128, negative_slope: float = 0.01) -> Networks:
    bounded = tuple(spec.value_range) == (-1.0, 1.0)
    return Networks(
        generator=Generator(latent_dim, spec.shape, hidden, negative_slope, bounded),
        discriminator=Discriminator(spec.shape, hidden, negative_slope),
    )
