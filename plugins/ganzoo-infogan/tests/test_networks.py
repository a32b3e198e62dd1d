"""The networks of the paper's table 1: the layers' sizes, the outputs' shapes, D and Q on one body,
and the generator reading the categorical code as a one-hot vector."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from ganzoo import DataSpec, GanzooError, IncompatibleParts
from ganzoo.testing import check_architecture
from ganzoo_infogan.networks import build

DIGITS = DataSpec((1, 28, 28), (-1.0, 1.0), 10)


def sizes(module: nn.Module) -> list[tuple[str, int, int]]:
    """Every linear and (transposed) convolution layer as (kind, inputs, outputs), in order."""
    found = []
    for layer in module.modules():
        if isinstance(layer, nn.Linear):
            found.append(("fc", layer.in_features, layer.out_features))
        elif isinstance(layer, (nn.Conv2d, nn.ConvTranspose2d)):
            found.append(("upconv" if isinstance(layer, nn.ConvTranspose2d) else "conv", layer.in_channels, layer.out_channels))
    return found


def test_the_layers_are_the_papers_mnist_networks():
    networks = build(DIGITS, 74)
    assert sizes(networks.generator) == [("fc", 74, 1024), ("fc", 1024, 7 * 7 * 128), ("upconv", 128, 64), ("upconv", 64, 1)]
    discriminator = networks.discriminator
    assert sizes(discriminator.body) == [("conv", 1, 64), ("conv", 64, 128), ("fc", 7 * 7 * 128, 1024)]
    assert sizes(discriminator.judge) == [("fc", 1024, 1)]
    assert sizes(discriminator.recognition) == [("fc", 1024, 128), ("fc", 128, 10 + 2)]
    slopes = {layer.negative_slope for layer in discriminator.modules() if isinstance(layer, nn.LeakyReLU)}
    assert slopes == {0.1}
    kernels = {(layer.kernel_size, layer.stride) for layer in networks.generator.modules() if isinstance(layer, nn.ConvTranspose2d)}
    assert kernels == {((4, 4), (2, 2))}


def test_g_makes_images_in_range_and_d_gives_a_logit_and_the_codes_from_one_pass():
    networks = build(DIGITS, 74)
    generator, discriminator = networks.generator.eval(), networks.discriminator.eval()
    images = generator(torch.rand(5, 74) * 2 - 1)
    assert images.shape == (5, 1, 28, 28) and images.min() >= -1 and images.max() <= 1
    logits = discriminator(images)
    same, recognised = discriminator(images, recognise=True)
    assert logits.shape == (5,) and recognised.shape == (5, 12) and torch.equal(logits, same)


def test_g_reads_the_categorical_code_as_a_one_hot_vector():
    generator = build(DIGITS, 74).generator.eval()
    seen = []
    generator.body[0].register_forward_pre_hook(lambda layer, inputs: seen.append(inputs[0]))
    latent = torch.rand(3, 74) * 2 - 1
    latent[:, 62:72] = torch.tensor([0.5, -0.2, 0.9, 0.0, 0.1, -0.7, 0.3, 0.2, 0.4, -0.1])  # largest: index 2
    other = latent.clone()
    other[:, 62:72] = torch.tensor([-0.9, -0.9, 0.1, -0.9, -0.9, -0.9, -0.9, -0.9, -0.9, -0.9])
    assert torch.equal(generator(latent), generator(other))
    expected = torch.cat([latent[:, :62], torch.eye(10)[[2, 2, 2]], latent[:, 72:]], dim=1)
    assert torch.equal(seen[0], expected)


def test_other_square_images_whose_side_is_a_multiple_of_4_and_nothing_else():
    networks = build(DataSpec((3, 32, 32)), 20, categories=4, continuous=1)
    assert networks.generator(torch.randn(2, 20)).shape == (2, 3, 32, 32)
    assert networks.discriminator(torch.randn(2, 3, 32, 32), recognise=True)[1].shape == (2, 5)
    for spec in (DataSpec((1, 30, 30)), DataSpec((1, 28, 32)), DataSpec((2,))):
        with pytest.raises(IncompatibleParts, match="square images whose side is a multiple of 4"):
            build(spec, 74)
    with pytest.raises(GanzooError, match="latent_dim must exceed categories \\+ continuous \\(12\\)"):
        build(DIGITS, 12)


def test_the_kit_trains_the_networks_one_step():
    check_architecture("infogan", DIGITS)
