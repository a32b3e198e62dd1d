"""The networks' shapes, their ladders of resolutions, spectral norm on every layer of D, the
shortcut of every residual block, and the class-conditional pair."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn.utils import parametrize

from ganzoo import DataSpec, GanzooError, IncompatibleParts
from ganzoo.testing import check_architecture
from ganzoo_conditional.normalisation import ClassBatchNorm
from ganzoo_resnet.architecture import build, build_projection
from ganzoo_resnet.blocks import Residual

LATENT = 16


@pytest.mark.parametrize("channels", [1, 3])
@pytest.mark.parametrize("side", [28, 32, 64])
def test_the_networks_fit_and_train_on_every_supported_size(side: int, channels: int, narrow: dict) -> None:
    shape = (channels, side, side)
    networks = check_architecture("sngan-resnet", DataSpec(shape), options=narrow, latent_dim=LATENT)
    assert networks.generator(torch.randn(2, LATENT)).shape == (2, *shape)


@pytest.mark.parametrize("shape", [(3, 16, 16), (3, 32, 28), (3, 128, 128), (2,)])
def test_other_shapes_are_refused_with_the_supported_sizes(shape: tuple[int, ...]) -> None:
    with pytest.raises(IncompatibleParts, match=r"C×28×28, C×32×32, C×64×64"):
        build(DataSpec(shape), LATENT)


@pytest.mark.parametrize("option", ["width", "d_width"])
def test_a_width_must_be_a_positive_count(option: str) -> None:
    with pytest.raises(GanzooError, match=f"{option} must be a positive number"):
        build(DataSpec((1, 28, 28)), LATENT, **{option: 0})


def block_sides(network: nn.Module, x: torch.Tensor) -> list[int]:
    """The side of every residual block's output, in order, for input ``x``."""
    sides: list[int] = []
    for block in blocks_of(network):
        block.register_forward_hook(lambda module, inputs, output: sides.append(output.shape[-1]))
    network(x)
    return sides


def blocks_of(network: nn.Module) -> list[Residual]:
    return [m for m in network.modules() if isinstance(m, Residual)]


@pytest.mark.parametrize(
    ("side", "generator_sides", "discriminator_sides"),
    [(28, [14, 28], [14, 7, 7, 7]), (32, [8, 16, 32], [16, 8, 8, 8]), (64, [8, 16, 32, 64], [32, 16, 8, 8, 8])],
)
def test_g_doubles_to_the_image_and_d_halves_to_8_or_less_then_keeps_the_side_twice(
    side: int, generator_sides: list[int], discriminator_sides: list[int], narrow: dict
) -> None:
    networks = build(DataSpec((3, side, side)), LATENT, **narrow)
    assert block_sides(networks.generator, torch.randn(2, LATENT)) == generator_sides
    assert block_sides(networks.discriminator, torch.randn(2, 3, side, side)) == discriminator_sides


@pytest.mark.parametrize("side", [28, 32, 64])
def test_every_residual_block_passes_its_input_on_through_its_shortcut(side: int, narrow: dict) -> None:
    """With each residual branch silenced in turn, the block's output is its shortcut's: non-zero
    and different for different inputs. A block that dropped its shortcut would give zeros."""
    networks = build(DataSpec((3, side, side)), LATENT, **narrow)
    for network in (networks.generator, networks.discriminator):
        for block in blocks_of(network):
            inputs = []
            seen = block.register_forward_pre_hook(lambda module, args: inputs.append(args[0]))
            network(torch.randn(2, LATENT) if network is networks.generator else torch.randn(2, 3, side, side))
            seen.remove()
            x = inputs[0].detach()
            silenced = block.residual.register_forward_hook(lambda module, args, output: torch.zeros_like(output))
            with torch.no_grad():
                passed_on = block(x)
            silenced.remove()
            assert passed_on.abs().sum() > 0
            assert not torch.allclose(passed_on[0], passed_on[1])


def test_blocks_that_keep_the_shape_add_their_input_itself(narrow: dict) -> None:
    discriminator = build(DataSpec((3, 32, 32)), LATENT, **narrow).discriminator
    shortcuts = [type(block.shortcut) for block in blocks_of(discriminator)]
    assert shortcuts == [nn.Sequential, nn.Sequential, nn.Identity, nn.Identity]


def weighted_layers(module: nn.Module) -> list[nn.Module]:
    return [m for m in module.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


@pytest.mark.parametrize("side", [28, 32, 64])
def test_every_discriminator_layer_is_spectrally_normalised(side: int, narrow: dict) -> None:
    """Each layer's weight, as a matrix of out × (in·k·k), has a largest singular value of 1 once
    a hundred training passes have run their power iterations (one each)."""
    networks = build(DataSpec((3, side, side)), LATENT, **narrow)
    discriminator = networks.discriminator
    layers = weighted_layers(discriminator)
    assert all(parametrize.is_parametrized(layer, "weight") for layer in layers)
    with torch.no_grad():
        for _ in range(100):
            discriminator(torch.randn(1, 3, side, side))
        norms = [torch.linalg.matrix_norm(layer.weight.flatten(1), ord=2).item() for layer in layers]
    assert norms == pytest.approx([1.0] * len(layers), abs=0.02)
    assert not any(parametrize.is_parametrized(m) for m in networks.generator.modules())


def test_spectral_norm_can_be_turned_off(narrow: dict) -> None:
    discriminator = build(DataSpec((1, 28, 28)), LATENT, **narrow, spectral_norm=False).discriminator
    assert not any(parametrize.is_parametrized(m) for m in discriminator.modules())


LABELLED = DataSpec((3, 32, 32), num_classes=10)


def test_the_conditional_pair_fits_labelled_data_and_trains(narrow: dict) -> None:
    networks = check_architecture("sngan-resnet-projection", LABELLED, options=narrow, latent_dim=LATENT)
    assert networks.conditional


def test_the_conditional_pair_refuses_unlabelled_data(narrow: dict) -> None:
    with pytest.raises(IncompatibleParts, match="needs a labelled dataset"):
        build_projection(DataSpec((3, 32, 32)), LATENT, **narrow)


def test_the_class_steers_every_generator_block_and_the_projection(narrow: dict) -> None:
    """Each up-block's batch norms scale and shift by the class; D adds ⟨embed(y), φ(x)⟩ to its logit."""
    networks = build_projection(LABELLED, LATENT, **narrow)
    generator, discriminator = networks.generator, networks.discriminator
    norms = [m for m in generator.modules() if isinstance(m, ClassBatchNorm)]
    assert len(norms) == 2 * len(blocks_of(generator))
    with torch.no_grad():
        for norm in norms:
            norm.shift.weight[3] += 1.0
        z, x = torch.randn(4, LATENT), torch.randn(4, 3, 32, 32)
        generator.eval(), discriminator.eval()  # no batch statistics, no power iterations between calls
        assert not torch.allclose(generator(z, torch.full((4,), 3)), generator(z, torch.full((4,), 2)))
        features = discriminator.features(x)
        for label in (0, 7):
            labels = torch.full((4,), label)
            projection = (discriminator.embedding(labels) * features).sum(1)
            assert torch.allclose(discriminator(x, labels), discriminator.head(features).squeeze(1) + projection, atol=1e-5)
    assert parametrize.is_parametrized(discriminator.embedding, "weight")
