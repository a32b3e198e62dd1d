"""Convolutions and linear layers initialised as the authors' code initialises them.

Weights are Glorot-uniform, biases zero. The 3×3 convolutions inside a residual branch are drawn
with gain √2, since a ReLU halves the variance of what they receive; shortcuts, the first and last
layers use gain 1.
"""

from __future__ import annotations

import math

from torch import nn

RESIDUAL_GAIN = math.sqrt(2)


def glorot(layer: nn.Conv2d | nn.Linear, gain: float) -> nn.Conv2d | nn.Linear:
    nn.init.xavier_uniform_(layer.weight, gain)
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer


def conv3x3(in_features: int, out_features: int, gain: float = RESIDUAL_GAIN) -> nn.Conv2d:
    """A 3×3 convolution that keeps the side (padding 1)."""
    return glorot(nn.Conv2d(in_features, out_features, kernel_size=3, padding=1), gain)


def conv1x1(in_features: int, out_features: int) -> nn.Conv2d:
    """The learned shortcut: a 1×1 convolution."""
    return glorot(nn.Conv2d(in_features, out_features, kernel_size=1), 1.0)


def linear(in_features: int, out_features: int, *, bias: bool = True) -> nn.Linear:
    return glorot(nn.Linear(in_features, out_features, bias=bias), 1.0)
