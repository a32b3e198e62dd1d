"""SRGAN's content losses, and PSNR, the paper's measure of pixel fidelity.

- ``"mse"``: the pixel-wise mean squared error between G's output and the target, SRResNet-MSE's
  and SRGAN-MSE's content loss;
- ``"features"``: the mean squared error between their feature maps through a VGG-style network
  from a file (:mod:`ganzoo_srgan.features`), SRGAN-VGG54's with the paper's φ5,4.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch.nn import functional

from ganzoo import GanzooError
from ganzoo_srgan.features import FeatureNetwork, load_feature_network, parse_layer

CONTENTS = ("mse", "features")
ContentLoss = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def check_content(content: str, feature_network: str | Path | None, feature_layer: Any) -> None:
    """The content options, checked without reading any file."""
    if content not in CONTENTS:
        raise GanzooError(f"content must be one of {', '.join(CONTENTS)}, got {content!r}")
    if content == "features" and feature_network is None:
        raise GanzooError("content='features' needs feature_network=PATH, a safetensors file of a VGG-style network"
                          " (see the ganzoo-srgan README for how to write one from torchvision's VGG-19)")
    if content == "mse" and (feature_network is not None or feature_layer is not None):
        raise GanzooError("feature_network and feature_layer are options of content='features'; content is 'mse'")
    parse_layer(feature_layer)


def pixel_mse(fake: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
    return functional.mse_loss(fake.float(), real.float())


class FeatureContent:
    """The mean squared error between φ(G(x)) and φ(y); no gradient flows into φ(y)."""

    def __init__(self, network: FeatureNetwork) -> None:
        self.network = network

    def __call__(self, fake: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            target = self.network(real)
        return functional.mse_loss(self.network(fake).float(), target.float())


def build_content(content: str, feature_network: str | Path | None, feature_layer: Any, value_range: tuple[float, float],
                 device: torch.device) -> ContentLoss:
    """The content loss the options name, its network (if any) loaded onto ``device``."""
    check_content(content, feature_network, feature_layer)
    if content == "mse":
        return pixel_mse
    assert feature_network is not None
    return FeatureContent(load_feature_network(feature_network, feature_layer, value_range).to(device))


def psnr(fake: torch.Tensor, real: torch.Tensor, value_range: tuple[float, float]) -> torch.Tensor:
    """The mean over the images of 10·log10(peak² / MSE) in dB, peak the width of the value range
    (every channel, no border cropped; the paper measures the luminance with a border of 4 pixels
    removed). An exact copy counts as 100 dB rather than infinity."""
    low, high = value_range
    mse = (fake.detach().float() - real.float()).pow(2).flatten(1).mean(1).clamp_min(1e-10 * (high - low) ** 2)
    return (10 * torch.log10((high - low) ** 2 / mse)).mean()
