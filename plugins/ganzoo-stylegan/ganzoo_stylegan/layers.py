"""Layers with an equalised learning rate (Karras et al. 2018, section 4.1), as StyleGAN2 uses
everywhere.

Weights are stored as draws of N(0, 1/m²) and multiplied at run time by m/√fan_in, where m is the
layer's learning-rate multiplier (1, or 0.01 in the mapping network); biases are stored divided by
m and multiplied by m. Adam's step is about the same size for every stored weight, so the
effective rate of each layer is m times the optimiser's, whatever its fan-in. The leaky ReLU
(slope 0.2) is followed by a gain of √2 that keeps the activations' second moment.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

SLOPE = 0.2
ACTIVATION_GAIN = math.sqrt(2)


def leaky_relu(x: torch.Tensor, gain: float = ACTIVATION_GAIN) -> torch.Tensor:
    """The leaky ReLU of slope 0.2, times ``gain``."""
    return F.leaky_relu(x, SLOPE) * gain


class EqualLinear(nn.Module):
    """A fully connected layer with an equalised learning rate; ``activate`` adds the scaled
    leaky ReLU after the bias."""

    def __init__(self, in_features: int, out_features: int, *, bias_init: float = 0.0, lr_multiplier: float = 1.0,
                 activate: bool = False) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features) / lr_multiplier)
        self.bias = nn.Parameter(torch.full((out_features,), float(bias_init) / lr_multiplier))
        self.weight_gain = lr_multiplier / math.sqrt(in_features)
        self.lr_multiplier = lr_multiplier
        self.activate = activate

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.linear(x, self.weight * self.weight_gain, self.bias * self.lr_multiplier)
        return leaky_relu(x) if self.activate else x


class EqualConv2d(nn.Module):
    """A k×k convolution that keeps the side (padding k // 2), with an equalised learning rate;
    ``activate`` adds the scaled leaky ReLU. The output is then multiplied by ``gain`` (the residual
    discriminator's √½ on both branches of a block)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, *, bias: bool = True,
                 activate: bool = False, gain: float = 1.0) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, kernel_size, kernel_size))
        self.bias = nn.Parameter(torch.zeros(out_channels)) if bias else None
        self.weight_gain = 1 / math.sqrt(in_channels * kernel_size * kernel_size)
        self.activate, self.gain = activate, gain

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.conv2d(x, self.weight * self.weight_gain, self.bias, padding=self.weight.shape[-1] // 2)
        return leaky_relu(x, ACTIVATION_GAIN * self.gain) if self.activate else x * self.gain
