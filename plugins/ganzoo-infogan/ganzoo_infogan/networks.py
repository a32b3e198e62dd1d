"""InfoGAN's MNIST networks (Chen et al. 2016, appendix C.1, table 1), for square images whose side
is a multiple of 4 (28 for MNIST, where s = side / 4 = 7), with any number of channels C:

    G  FC 1024 BN ReLU → FC s·s·128 BN ReLU → up-conv 4×4 64 stride 2 BN ReLU → up-conv 4×4 C stride 2
       → tanh onto the data's value range
    D  conv 4×4 64 stride 2 LReLU(0.1) → conv 4×4 128 stride 2 BN LReLU → FC 1024 BN LReLU: the body,
       then D's head FC 1 (the logit) and Q's head FC 128 BN LReLU → FC (a logit per category and a
       mean per continuous code), both on the same body.

The paper's G ends in a sigmoid for pixels in [0, 1]; ganzoo's digits lie in [-1, 1], so a tanh
stretched onto the data's range takes its place. Layers followed by batch norm have no bias (the
norm's shift is one). Weights keep PyTorch's initialisation; the paper names none.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo import DataSpec, IncompatibleParts, Networks
from ganzoo_dcgan.generator import ScaledTanh
from ganzoo_infogan.codes import CodeLayout

SLOPE = 0.1  # the leaky ReLUs' slope in D and Q


class Generator(nn.Module):
    """Maps latent vectors laid out as ``layout`` says to images; the categorical code enters as a
    one-hot vector (:meth:`CodeLayout.generator_input`)."""

    def __init__(self, layout: CodeLayout, channels: int, side: int, value_range: tuple[float, float]) -> None:
        super().__init__()
        self.layout = layout
        start = side // 4
        self.body = nn.Sequential(
            nn.Linear(layout.latent_dim, 1024, bias=False), nn.BatchNorm1d(1024), nn.ReLU(),
            nn.Linear(1024, 128 * start * start, bias=False), nn.BatchNorm1d(128 * start * start), nn.ReLU(),
            nn.Unflatten(1, (128, start, start)),
            nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
            nn.ConvTranspose2d(64, channels, 4, stride=2, padding=1),
            ScaledTanh(value_range),
        )

    def forward(self, latent: torch.Tensor) -> torch.Tensor:
        return self.body(self.layout.generator_input(latent))


class Discriminator(nn.Module):
    """D and Q on one body. ``forward(x)`` returns D's logits ``(B,)``, as every ganzoo
    discriminator does; ``forward(x, recognise=True)`` returns ``(logits, q)`` from the same pass,
    where ``q`` is ``(B, layout.recognised_dim)``. Q's head is part of this module so that it is
    trained and saved with D, and frozen with it while G steps."""

    def __init__(self, layout: CodeLayout, channels: int, side: int) -> None:
        super().__init__()
        self.layout = layout
        end = side // 4
        self.body = nn.Sequential(
            nn.Conv2d(channels, 64, 4, stride=2, padding=1), nn.LeakyReLU(SLOPE),
            nn.Conv2d(64, 128, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(SLOPE),
            nn.Flatten(),
            nn.Linear(128 * end * end, 1024, bias=False), nn.BatchNorm1d(1024), nn.LeakyReLU(SLOPE),
        )
        self.judge = nn.Linear(1024, 1)
        self.recognition = nn.Sequential(
            nn.Linear(1024, 128, bias=False), nn.BatchNorm1d(128), nn.LeakyReLU(SLOPE),
            nn.Linear(128, layout.recognised_dim),
        )

    def forward(self, x: torch.Tensor, recognise: bool = False) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        features = self.body(x)
        logits = self.judge(features).squeeze(1)
        return (logits, self.recognition(features)) if recognise else logits


def build(spec: DataSpec, latent_dim: int, categories: int = 10, continuous: int = 2) -> Networks:
    """InfoGAN's G and D with Q for ``spec``'s images; the latent vectors hold ``categories``
    numbers for the categorical code and ``continuous`` codes after ``latent_dim - categories -
    continuous`` of noise (see :mod:`ganzoo_infogan.codes`)."""
    if not spec.is_image or spec.shape[1] != spec.shape[2] or spec.shape[1] % 4:
        raise IncompatibleParts(f"the infogan networks make square images whose side is a multiple of 4, not {spec.describe()}")
    channels, side = spec.shape[0], spec.shape[1]
    layout = CodeLayout(latent_dim - categories - continuous, categories, continuous)
    return Networks(
        generator=Generator(layout, channels, side, spec.value_range),
        discriminator=Discriminator(layout, channels, side),
    )
