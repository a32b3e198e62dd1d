"""Pieces the three networks share: normalisation layers, the papers' initialisation, padding an
image up to a size a network can halve and cropping its output back, and receptive fields."""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import nn
from torch.nn import functional

NORMS = ("batch", "instance", "none")


def check_norm(norm: str) -> str:
    if norm not in NORMS:
        raise ValueError(f"norm must be one of {', '.join(NORMS)}, got {norm!r}")
    return norm


def norm_layer(norm: str, channels: int) -> nn.Module:
    """Batch norm (pix2pix: learnt scale and shift, running statistics), instance norm (CycleGAN:
    no affine parameters, no running statistics, as both papers' code), or nothing."""
    if norm == "batch":
        return nn.BatchNorm2d(channels)
    if norm == "instance":
        return nn.InstanceNorm2d(channels, affine=False, track_running_stats=False)
    return nn.Identity()


def uses_bias(norm: str) -> bool:
    """A convolution followed by batch norm needs no bias (the norm's shift is one); instance norm
    without affine parameters removes the mean, and the papers' code keeps the bias there anyway."""
    return norm != "batch"


def initialise(module: nn.Module) -> None:
    """Both papers' initialisation: weights from N(0, 0.02), batch-norm scales from N(1, 0.02),
    biases zero. Use as ``network.apply(initialise)``."""
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(module.weight, 0.0, 0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, nn.BatchNorm2d) and module.affine:
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)


def padded_size(side: int, multiple: int) -> int:
    """The smallest multiple of ``multiple`` that is at least ``side``."""
    return -(-side // multiple) * multiple


class PadCrop(nn.Module):
    """Runs ``body`` on the input padded (edge pixels repeated) to ``(height, width)`` and crops the
    centre of its output back to the input's size: how a network that halves its maps ``k`` times
    serves a side that is not a multiple of 2^k (28 px digits go through as 32 px)."""

    def __init__(self, body: nn.Module, height: int, width: int) -> None:
        super().__init__()
        self.body = body
        self.height, self.width = height, width

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, w = x.shape[-2:]
        dh, dw = self.height - h, self.width - w
        if dh == 0 and dw == 0:
            return self.body(x)
        top, left = dh // 2, dw // 2
        padded = functional.pad(x, (left, dw - left, top, dh - top), mode="replicate")
        return self.body(padded)[..., top : top + h, left : left + w]


def receptive_field(layers: Iterable[tuple[int, int]]) -> int:
    """The side, in input pixels, of what one output value of a stack of convolutions sees, from
    each layer's (kernel, stride), first layer first: going back from one output value, a layer of
    kernel k and stride s turns a field of r values into r·s + (k − s)."""
    field = 1
    for kernel, stride in reversed(list(layers)):
        field = field * stride + (kernel - stride)
    return field


class ToRange(nn.Module):
    """tanh, stretched from [-1, 1] onto the data's value range."""

    def __init__(self, value_range: tuple[float, float]) -> None:
        super().__init__()
        low, high = value_range
        self.scale, self.shift = (high - low) / 2, (high + low) / 2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.tanh(x)
        return y if (self.scale, self.shift) == (1.0, 0.0) else y * self.scale + self.shift
