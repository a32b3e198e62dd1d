import pytest
import torch
from torch import nn
from torch.nn.utils import parametrize

from ganzoo import DataSpec, GanzooError, IncompatibleParts
from ganzoo.testing import check_architecture
from ganzoo_dcgan.architecture import build

SUPPORTED = [(1, 28, 28), (3, 32, 32), (3, 64, 64), (5, 32, 32)]


@pytest.mark.parametrize("shape", SUPPORTED)
def test_dcgan_fits_and_trains_on_every_supported_shape(shape) -> None:
    networks = check_architecture("dcgan", DataSpec(shape), options={"width": 8})
    assert networks.generator(torch.randn(4, 16)).shape == (4, *shape)


@pytest.mark.parametrize(("side", "resolutions"), [(28, [14, 28]), (32, [8, 16, 32]), (64, [8, 16, 32, 64])])
def test_the_generator_doubles_the_side_from_its_starting_maps(side, resolutions) -> None:
    generator = build(DataSpec((1, side, side)), 10, width=4).generator
    sides = []
    for layer in generator.body:
        if isinstance(layer, nn.ConvTranspose2d):
            layer.register_forward_hook(lambda module, inputs, output: sides.append(output.shape[-1]))
    generator(torch.randn(2, 10))
    assert sides == resolutions


@pytest.mark.parametrize("shape", [(1, 16, 16), (3, 32, 28), (3, 128, 128), (2,), (28, 28)])
def test_other_shapes_are_refused_with_the_supported_sizes(shape) -> None:
    with pytest.raises(IncompatibleParts, match=r"C×28×28, C×32×32, C×64×64"):
        build(DataSpec(shape), 10)


def test_samples_span_the_data_value_range() -> None:
    generator = build(DataSpec((1, 28, 28), value_range=(0.0, 1.0)), 10, width=4).generator
    with torch.no_grad():
        generator.body[-2].bias.fill_(100.0)  # saturate tanh
        assert torch.allclose(generator(torch.randn(2, 10)), torch.ones(2, 1, 28, 28))
        generator.body[-2].bias.fill_(-100.0)
        assert torch.allclose(generator(torch.randn(2, 10)), torch.zeros(2, 1, 28, 28))


def kinds(module: nn.Module) -> list[type]:
    return [type(m) for m in module.modules()]


def test_batch_norm_follows_every_discriminator_convolution_but_the_first() -> None:
    discriminator = build(DataSpec((3, 64, 64)), 10, width=4).discriminator
    layers = list(discriminator.features)
    after_convolutions = [type(layers[i + 1]) for i, layer in enumerate(layers) if isinstance(layer, nn.Conv2d)]
    assert after_convolutions == [nn.LeakyReLU, nn.BatchNorm2d, nn.BatchNorm2d, nn.BatchNorm2d]


def test_layer_d_norm_puts_group_norm_in_place_of_the_discriminators_batch_norm() -> None:
    networks = build(DataSpec((3, 32, 32)), 10, width=4, d_norm="layer")
    found = kinds(networks.discriminator)
    assert nn.GroupNorm in found and nn.BatchNorm2d not in found
    assert nn.BatchNorm2d in kinds(networks.generator)


def test_no_d_norm_leaves_the_discriminator_without_normalisation() -> None:
    found = kinds(build(DataSpec((3, 32, 32)), 10, width=4, d_norm="none").discriminator)
    assert nn.GroupNorm not in found and nn.BatchNorm2d not in found


def test_layer_norm_makes_each_logit_independent_of_the_rest_of_the_batch() -> None:
    discriminator = build(DataSpec((1, 28, 28)), 10, width=4, d_norm="layer").discriminator
    x = torch.randn(4, 1, 28, 28)
    assert torch.allclose(discriminator(x)[:2], discriminator(x[:2]), atol=1e-6)


def test_an_unknown_d_norm_is_a_clear_error() -> None:
    with pytest.raises(GanzooError, match="d_norm must be one of batch, layer, none"):
        build(DataSpec((1, 28, 28)), 10, d_norm="instance")


def test_spectral_norm_wraps_every_discriminator_layer_and_drops_its_batch_norm() -> None:
    networks = build(DataSpec((3, 32, 32)), 10, width=4, spectral_norm=True)
    weighted = [m for m in networks.discriminator.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    assert len(weighted) == 4
    assert all(parametrize.is_parametrized(m, "weight") for m in weighted)
    assert nn.BatchNorm2d not in kinds(networks.discriminator)
    assert not any(parametrize.is_parametrized(m) for m in networks.generator.modules())


def test_spectral_norm_keeps_layer_norm_when_asked_for() -> None:
    discriminator = build(DataSpec((3, 32, 32)), 10, width=4, spectral_norm=True, d_norm="layer").discriminator
    assert nn.GroupNorm in kinds(discriminator)


def test_d_depth_follows_each_strided_convolution_with_same_size_3x3_ones() -> None:
    discriminator = build(DataSpec((1, 28, 28)), 10, width=4, d_depth=3).discriminator
    convolutions = [m for m in discriminator.features if isinstance(m, nn.Conv2d)]
    assert [(c.kernel_size[0], c.stride[0], c.in_channels, c.out_channels) for c in convolutions] == [
        (4, 2, 1, 4), (3, 1, 4, 4), (3, 1, 4, 4), (4, 2, 4, 8), (3, 1, 8, 8), (3, 1, 8, 8)]
    layers = list(discriminator.features)
    after_convolutions = [type(layers[i + 1]) for i, layer in enumerate(layers) if isinstance(layer, nn.Conv2d)]
    assert after_convolutions == [nn.LeakyReLU] + [nn.BatchNorm2d] * 5
    assert discriminator(torch.randn(2, 1, 28, 28)).shape == (2,)


def test_spectral_norm_covers_the_deeper_discriminators_convolutions() -> None:
    discriminator = build(DataSpec((3, 32, 32)), 10, width=4, spectral_norm=True, d_depth=2).discriminator
    weighted = [m for m in discriminator.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    assert len(weighted) == 7 and all(parametrize.is_parametrized(m, "weight") for m in weighted)


def test_a_d_depth_below_one_is_a_clear_error() -> None:
    with pytest.raises(GanzooError, match="d_depth must be a positive number of convolutions per resolution, got 0"):
        build(DataSpec((1, 28, 28)), 10, d_depth=0)


@torch.no_grad()
def test_weights_start_from_the_papers_normal_distributions() -> None:
    networks = build(DataSpec((3, 64, 64)), 100, width=32)
    convolutions = [m.weight for m in networks.generator.modules() if isinstance(m, nn.ConvTranspose2d)]
    weights = torch.cat([w.flatten() for w in convolutions])
    assert abs(weights.mean().item()) < 1e-3 and weights.std().item() == pytest.approx(0.02, rel=0.02)
    scales = torch.cat([m.weight for m in networks.discriminator.modules() if isinstance(m, nn.BatchNorm2d)])
    assert scales.mean().item() == pytest.approx(1.0, abs=0.01) and scales.std().item() == pytest.approx(0.02, rel=0.3)


def test_a_packed_discriminator_judges_each_run_of_images_together() -> None:
    """PacGAN: a pack of two is one input of twice the channels; both images get its logit."""
    discriminator = build(DataSpec((3, 28, 28)), 10, width=4, d_norm="layer", pack=2).discriminator
    assert discriminator.features[0].in_channels == 6
    x = torch.randn(4, 3, 28, 28)
    logits = discriminator(x)
    assert logits.shape == (4,) and torch.equal(logits[0], logits[1]) and torch.equal(logits[2], logits[3])
    swapped = discriminator(torch.stack([x[0], x[2], x[1], x[3]]))
    assert not torch.allclose(swapped[0], logits[0])  # the pack, not each image alone, decides
    stacked = torch.cat([x[2], x[3]]).unsqueeze(0)
    assert torch.allclose(logits[2], discriminator.head(discriminator.features(stacked)).squeeze(), atol=1e-6)


def test_a_batch_that_does_not_fill_its_packs_is_a_clear_error() -> None:
    discriminator = build(DataSpec((1, 28, 28)), 10, width=4, pack=4).discriminator
    with pytest.raises(GanzooError, match="pack=4.*multiple of 4"):
        discriminator(torch.randn(6, 1, 28, 28))
