"""The mapping network's side of StyleGAN2: truncation in W, style mixing, the tracked average w."""

from __future__ import annotations

import pytest
import torch

from ganzoo import DataSpec
from ganzoo_stylegan.architecture import build
from ganzoo_stylegan.generator import Generator, Mixing
from ganzoo_stylegan.mapping import W_AVG_BETA, mix
from ganzoo_stylegan.modulated import CONST

DIGITS = DataSpec((1, 28, 28), (-1.0, 1.0))


@pytest.fixture
def generator(narrow: dict[str, int]) -> Generator:
    torch.manual_seed(0)
    g = build(DIGITS, 12, **narrow).generator.eval()
    g.mapping.w_avg.normal_()  # an average w that is not zero, so that truncation shows
    return g


def latents(n: int = 5, seed: int = 1) -> torch.Tensor:
    return torch.randn(n, 12, generator=torch.Generator().manual_seed(seed))


@torch.no_grad()
def test_psi_0_gives_every_sample_the_average_w_and_psi_1_changes_nothing(generator: Generator):
    z = latents()
    w = generator.mapping(z)
    assert generator.num_ws == 6  # 7, 14 and 28 px: two w per level
    assert torch.equal(generator.styles(z, psi=0.0), generator.mapping.w_avg.expand(5, 6, -1))
    assert torch.equal(generator.styles(z, psi=1.0), w[:, None].expand(-1, 6, -1))
    halfway = generator.mapping.w_avg + 0.5 * (w - generator.mapping.w_avg)
    assert torch.allclose(generator.styles(z, psi=0.5), halfway[:, None].expand(-1, 6, -1), atol=1e-6)
    images = generator(z, psi=0.0, noise=CONST)
    assert torch.allclose(images, images[:1].expand_as(images), atol=1e-6)  # one image, five times


@torch.no_grad()
def test_style_mixing_switches_to_the_second_w_at_the_crossover_layer(generator: Generator):
    first, second = latents(3, seed=1), latents(3, seed=2)
    w1, w2 = generator.mapping(first), generator.mapping(second)
    for crossover in (1, 4, torch.tensor(3)):
        ws = generator.styles(first, mixing=Mixing(second, crossover))
        k = int(crossover)
        assert torch.equal(ws[:, :k], w1[:, None].expand(-1, k, -1))
        assert torch.equal(ws[:, k:], w2[:, None].expand(-1, 6 - k, -1))
    assert torch.equal(generator.styles(first, mixing=Mixing(second, 6)), generator.styles(first))  # num_ws: none
    mixed = generator(first, mixing=Mixing(second, 4), noise=CONST, clip=False)
    assert torch.equal(mixed, generator.synthesis(mix(w1[:, None].expand(-1, 6, -1), w2[:, None].expand(-1, 6, -1), 4), CONST))


@torch.no_grad()
def test_tracking_moves_the_average_w_by_the_references_beta(generator: Generator):
    z = latents(4)
    before = generator.mapping.w_avg.clone()
    generator.styles(z)
    assert torch.equal(generator.mapping.w_avg, before)  # only when asked
    generator.styles(z, track=True)
    mean = generator.mapping(z).mean(0)
    assert torch.allclose(generator.mapping.w_avg, mean + W_AVG_BETA * (before - mean), atol=1e-6)


@torch.no_grad()
def test_random_noise_varies_and_fixed_noise_does_not(generator: Generator):
    for layer in generator.synthesis.modules():
        if hasattr(layer, "noise_strength"):
            layer.noise_strength.fill_(0.5)
    z = latents(2)
    assert torch.equal(generator(z, noise=CONST), generator(z, noise=CONST))
    assert not torch.equal(generator(z), generator(z))
