"""The autoencoder networks: their sizes, the kit's contract, and the data they refuse."""

from __future__ import annotations

import pytest
import torch

from ganzoo import DataSpec, IncompatibleParts
from ganzoo.testing import check_architecture
from ganzoo_began.architectures import build
from ganzoo_began.networks import layout

NARROW = {"width": 4, "embedding": 8}


@pytest.mark.parametrize("size, expected", [(8, (0, 8)), (28, (2, 7)), (32, (2, 8)), (64, (3, 8)), (128, (4, 8)), (30, None)])
def test_the_decoder_starts_from_8x8_or_less_after_halving_evenly(size, expected):
    assert layout(size) == expected


@pytest.mark.parametrize("name", ["began", "ebgan"])
@pytest.mark.parametrize("shape", [(1, 28, 28), (3, 32, 32), (3, 64, 64)])
def test_the_networks_keep_the_kits_contract(zoo, name, shape):
    check_architecture(name, DataSpec(shape), zoo=zoo, options=NARROW, batch_size=2)


def test_the_encoder_adds_n_filters_at_each_halving_and_embeds_in_h():
    networks = build(DataSpec((1, 28, 28)), latent_dim=64, width=16, embedding=64)
    d = networks.discriminator
    widths = [m.out_channels for m in d.encoder.body if isinstance(m, torch.nn.Conv2d)]
    assert widths == [16, 16, 16, 32, 32, 32, 48, 48, 48]
    assert d.encoder.embed.in_features == 48 * 7 * 7 and d.encoder.embed.out_features == 64
    assert d.decoder.project.out_features == 16 * 7 * 7
    # G has the decoder's structure and weights of its own
    shapes = lambda module: [tuple(p.shape) for p in module.parameters()]  # noqa: E731
    assert shapes(networks.generator.decoder) == shapes(d.decoder)
    assert not {id(p) for p in networks.generator.parameters()} & {id(p) for p in d.parameters()}


def test_the_discriminator_scores_each_picture_by_its_energy():
    networks = build(DataSpec((1, 16, 16)), latent_dim=8, energy="mse", **NARROW)
    x = torch.rand(3, 1, 16, 16) * 2 - 1
    energy, embedding = networks.discriminator(x, with_embedding=True)
    expected = (networks.discriminator.reconstruct(x) - x).pow(2).flatten(1).mean(1)
    assert torch.allclose(energy, expected) and embedding.shape == (3, 8)


@pytest.mark.parametrize("shape", [(2,), (1, 28, 32), (1, 30, 30)])
def test_data_it_cannot_serve_is_refused(shape):
    with pytest.raises(IncompatibleParts):
        build(DataSpec(shape), latent_dim=8, **NARROW)
