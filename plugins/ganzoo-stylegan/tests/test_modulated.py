"""Modulation, demodulation and the resampling filter, against their definitions."""

from __future__ import annotations

import torch
from torch.nn import functional as F

from ganzoo_stylegan.modulated import EPSILON, ToRGB, modulated_conv2d
from ganzoo_stylegan.resample import downsample, upsample


def seeded(*shape: int, seed: int = 0) -> torch.Tensor:
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))


def test_demodulation_gives_unit_deviation_for_unit_variance_inputs():
    # The paper's argument: with independent unit-variance inputs, output channel j has variance
    # Σ w''² = 1 whatever the weights and the style (here styles spread over two orders of magnitude).
    x = seeded(8, 64, 32, 32)
    weight = seeded(16, 64, 3, 3, seed=1) * torch.linspace(0.1, 3.0, 16)[:, None, None, None]
    styles = torch.exp(seeded(8, 64, seed=2) * 1.5)
    inner = modulated_conv2d(x, weight, styles)[:, :, 1:-1, 1:-1]  # away from the zero padding
    per_channel = inner.transpose(0, 1).flatten(1).std(dim=1)
    assert torch.allclose(per_channel, torch.ones(16), atol=0.04), per_channel
    plain = modulated_conv2d(x, weight, styles, demodulate=False)[:, :, 1:-1, 1:-1]
    assert plain.transpose(0, 1).flatten(1).std(dim=1).max() > 2  # it is demodulation that does it


def test_a_modulated_convolution_is_a_convolution_with_each_samples_scaled_weights():
    x, weight, styles = seeded(3, 5, 6, 6), seeded(4, 5, 3, 3, seed=1), seeded(3, 5, seed=2)
    out = modulated_conv2d(x, weight, styles)
    for i in range(3):  # batches of one, each with its own weights
        scaled = weight * styles[i][None, :, None, None]
        scaled = scaled / (scaled.square().sum(dim=(1, 2, 3), keepdim=True) + EPSILON).sqrt()
        assert torch.allclose(out[i : i + 1], F.conv2d(x[i : i + 1], scaled, padding=1), atol=1e-5)


def test_to_rgb_modulates_a_1x1_convolution_without_demodulating():
    layer = ToRGB(6, 3, w_dim=4)
    torch.nn.init.normal_(layer.bias)
    x, w = seeded(1, 6, 5, 5), seeded(1, 4, seed=1)
    styles = layer.affine(w)[0] / 6**0.5
    expected = F.conv2d(x, layer.weight * styles[None, :, None, None], layer.bias)
    assert torch.allclose(layer(x, w), expected, atol=1e-5)


def test_doubling_is_bilinear_inside_and_halving_weighs_1_3_3_1():
    x = seeded(1, 2, 6, 6)
    bilinear = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
    assert torch.allclose(upsample(x)[..., 1:-1, 1:-1], bilinear[..., 1:-1, 1:-1], atol=1e-6)
    impulse = torch.zeros(1, 1, 8, 8)
    impulse[0, 0, 4, 4] = 64.0
    # Output pixel i reads inputs 2i-1 .. 2i+2 with weights 1, 3, 3, 1 (/ 8): input 4 is the last
    # of output 1's and the second of output 2's.
    along = torch.tensor([0.0, 1.0, 3.0, 0.0])
    assert torch.allclose(downsample(impulse)[0, 0], torch.outer(along, along), atol=1e-6)
