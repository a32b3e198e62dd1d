"""Modulated and demodulated convolutions (Karras et al. 2020, section 2.2, equations 1 to 3).

A style s (one scale per input channel, from w by a learned affine map) scales the weights,
w'_ijk = s_i · w_ijk, and demodulation divides each output channel's weights by their norm,
w''_ijk = w'_ijk / √(Σ_i,k w'_ijk² + ε): if the input activations are independent with unit
variance, every output channel then has unit standard deviation again, which is what the first
StyleGAN's instance normalisation enforced on the data and left droplet artefacts behind.

Each sample has its own weights. Rather than a grouped convolution of N weight sets, the input is
scaled by the style, convolved with the shared weights, and the output scaled by the per-sample
demodulation coefficients: the same numbers, since s scales input channels and the coefficients
output channels, at the cost of one ordinary convolution (the reference's "non-fused" path).
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from ganzoo_stylegan.layers import EqualLinear, leaky_relu
from ganzoo_stylegan.resample import upsample

EPSILON = 1e-8
RANDOM, CONST = "random", "const"  # the noise inputs: drawn afresh, or each layer's fixed draw


def modulated_conv2d(x: torch.Tensor, weight: torch.Tensor, styles: torch.Tensor, *, demodulate: bool = True) -> torch.Tensor:
    """``x`` ``(N, I, H, W)`` convolved (padding k // 2) with ``weight`` ``(O, I, k, k)`` modulated
    by ``styles`` ``(N, I)``, and demodulated unless told not to."""
    x = x * styles[:, :, None, None]
    x = F.conv2d(x, weight, padding=weight.shape[-1] // 2)
    if demodulate:
        modulated = weight[None] * styles[:, None, :, None, None]  # (N, O, I, k, k)
        x = x * (modulated.square().sum(dim=(2, 3, 4)) + EPSILON).rsqrt()[:, :, None, None]
    return x


class StyledConv(nn.Module):
    """One layer of the synthesis network: modulated 3×3 convolution (after doubling the side when
    ``up``), demodulation, per-pixel noise times a learned strength, bias, leaky ReLU.

    The noise is one N(0, 1) value per pixel, shared by the channels and scaled by one learned
    strength per layer (starting at 0), as in the authors' PyTorch code. It is drawn afresh on each
    call with ``noise="random"`` (training), and is the layer's fixed draw with ``noise="const"``
    (sampling), so that a sample depends on its latent vector alone.
    """

    def __init__(self, in_channels: int, out_channels: int, w_dim: int, side: int, *, up: bool = False) -> None:
        super().__init__()
        self.affine = EqualLinear(w_dim, in_channels, bias_init=1.0)
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, 3, 3))
        self.weight_gain = 1 / math.sqrt(in_channels * 9)
        self.noise_strength = nn.Parameter(torch.zeros(()))
        self.bias = nn.Parameter(torch.zeros(out_channels))
        self.register_buffer("fixed_noise", torch.randn(side, side))
        self.up = up

    def forward(self, x: torch.Tensor, w: torch.Tensor, noise: str = RANDOM) -> torch.Tensor:
        if self.up:
            x = upsample(x)
        x = modulated_conv2d(x, self.weight * self.weight_gain, self.affine(w))
        n, _, h, width = x.shape
        pixels = torch.randn(n, 1, h, width, device=x.device, dtype=x.dtype) if noise == RANDOM else self.fixed_noise
        x = x + pixels * self.noise_strength
        return leaky_relu(x + self.bias[None, :, None, None])


class ToRGB(nn.Module):
    """The output layer of one resolution: a modulated 1×1 convolution to the image's channels,
    without demodulation, plus a bias."""

    def __init__(self, in_channels: int, out_channels: int, w_dim: int) -> None:
        super().__init__()
        self.affine = EqualLinear(w_dim, in_channels, bias_init=1.0)
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, 1, 1))
        self.weight_gain = 1 / math.sqrt(in_channels)
        self.bias = nn.Parameter(torch.zeros(out_channels))

    def forward(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        styles = self.affine(w) * self.weight_gain
        return modulated_conv2d(x, self.weight, styles, demodulate=False) + self.bias[None, :, None, None]
