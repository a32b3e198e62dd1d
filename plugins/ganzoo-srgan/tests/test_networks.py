"""SRResNet and SRGAN's discriminator: the kit's contract, the paper's layers, the factor taken from
the data, the skip connections and where the upsampled pixels land."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from ganzoo import DataSpec, Field, IncompatibleParts
from ganzoo.testing import check_architecture
from ganzoo_srgan.architectures import build_srresnet
from ganzoo_srgan.discriminator import SRGANDiscriminator, strided_blocks_for
from ganzoo_srgan.generator import ResidualBlock, SRResNet, Upsample

NARROW = {"blocks": 2, "width": 8, "d_width": 8}


def sr_spec(side: int = 28, factor: int = 4, channels: int = 1) -> DataSpec:
    return DataSpec((channels, side, side), fields={"low": Field((channels, side // factor, side // factor))})


@pytest.mark.parametrize("side, factor, channels", [(28, 4, 1), (28, 2, 1), (64, 4, 3), (32, 8, 3)])
def test_the_kit_passes_srresnet_for_each_factor(side, factor, channels):
    networks = check_architecture("srresnet", sr_spec(side, factor, channels), options=NARROW, batch_size=4)
    assert networks.generator_input == "low" and networks.condition is None
    assert networks.generator.factor == factor


@pytest.mark.parametrize("factor, steps", [(2, 1), (4, 2), (8, 3)])
def test_the_generator_upsamples_by_the_datas_factor_in_steps_of_two(factor, steps):
    networks = build_srresnet(sr_spec(32, factor, 3), 1, **NARROW)
    g = networks.generator.eval()
    assert sum(isinstance(m, Upsample) for m in g.modules()) == steps
    assert sum(isinstance(m, nn.PixelShuffle) for m in g.modules()) == steps
    with torch.no_grad():
        assert g(torch.zeros(2, 3, 32 // factor, 32 // factor)).shape == (2, 3, 32, 32)
        assert g(torch.zeros(1, 3, 5, 6)).shape == (1, 3, 5 * factor, 6 * factor)  # fully convolutional


def test_the_generator_follows_the_paper_at_its_defaults():
    g = build_srresnet(sr_spec(96, 4, 3), 1).generator
    convs = [m for m in g.modules() if isinstance(m, nn.Conv2d)]
    assert (convs[0].kernel_size, convs[0].out_channels) == ((9, 9), 64)
    assert (convs[-1].kernel_size, convs[-1].out_channels) == ((9, 9), 3)
    assert sum(isinstance(m, ResidualBlock) for m in g.modules()) == 16
    assert [c.out_channels for c in convs if c.out_channels == 256] == [256, 256]  # before each PixelShuffle
    assert all(c.kernel_size == (3, 3) and c.stride == (1, 1) for c in convs[1:-1])
    assert isinstance(g.trunk[-2], nn.Conv2d) and isinstance(g.trunk[-1], nn.BatchNorm2d)  # conv + BN before the long skip
    assert all(isinstance(m, nn.PReLU) and m.num_parameters == 64 for m in (g.head[1], g.upsample[0].body[2]))


def test_the_long_skip_carries_the_heads_features_past_the_trunk():
    """With the trunk's output zeroed, G still follows its input through the long skip; with the
    head's zeroed too, it no longer does."""
    torch.manual_seed(0)
    g = SRResNet(1, 1, 4, blocks=2, width=8).eval()
    x = torch.rand(2, 1, 7, 7) * 2 - 1
    g.trunk.register_forward_hook(lambda module, args, out: torch.zeros_like(out))
    with torch.no_grad():
        assert not torch.allclose(g(x), g(-x))
        g.head.register_forward_hook(lambda module, args, out: torch.zeros_like(out))
        assert torch.equal(g(x), g(-x))


def test_a_residual_block_adds_its_input():
    block = ResidualBlock(4).eval()
    x = torch.randn(2, 4, 5, 5)
    with torch.no_grad():
        expected = x + block.body(x)
        assert torch.allclose(block(x), expected)
        for m in block.body:
            if isinstance(m, nn.BatchNorm2d):
                nn.init.zeros_(m.weight)  # the body now gives zero: the block is the identity
        assert torch.equal(block(x), x)


@pytest.mark.parametrize("factor", [2, 4])
def test_an_upscaled_pixel_lands_where_its_input_pixel_was(factor):
    """A change to one pixel (i, j) of the small image changes a block of the output centred on
    factor·(i + ½) − ½, factor·(j + ½) − ½: every kernel is symmetric, so the change spreads as
    far each way, and the upsampling puts it in the right place."""
    torch.manual_seed(0)
    g = SRResNet(1, 1, factor, blocks=1, width=8).eval()  # batch norm in eval mode is per pixel
    low = torch.rand(1, 1, 40, 40) * 2 - 1  # wider than the receptive field: the change stops short of the borders
    changed = low.clone()
    changed[0, 0, 14, 24] += 1.0
    with torch.no_grad():
        touched = (g(changed) - g(low)).abs()[0, 0] > 0
    rows, columns = touched.any(1).nonzero(), touched.any(0).nonzero()
    assert rows.min() > 0 and columns.max() < 40 * factor - 1
    centre = (float(rows.min() + rows.max()) / 2, float(columns.min() + columns.max()) / 2)
    assert centre == (factor * 14.5 - 0.5, factor * 24.5 - 0.5)


def test_the_generators_output_stays_in_the_datas_range():
    g = SRResNet(1, 1, 2, blocks=0, width=4, value_range=(0.0, 1.0))
    with torch.no_grad():
        out = g(torch.randn(4, 1, 6, 6) * 100)
    assert out.min() >= 0.0 and out.max() <= 1.0


def test_the_discriminator_follows_the_paper_at_96_px():
    d = SRGANDiscriminator(3, 96, 96)
    convs = [m for m in d.modules() if isinstance(m, nn.Conv2d)]
    assert [(c.out_channels, c.stride[0]) for c in convs] == [
        (64, 1), (64, 2), (128, 1), (128, 2), (256, 1), (256, 2), (512, 1), (512, 2)]
    assert sum(isinstance(m, nn.BatchNorm2d) for m in d.modules()) == 7  # all but the first convolution
    dense = [m for m in d.modules() if isinstance(m, nn.Linear)]
    assert [(m.in_features, m.out_features) for m in dense] == [(512 * 6 * 6, 1024), (1024, 1)]
    assert all(m.negative_slope == 0.2 for m in d.modules() if isinstance(m, nn.LeakyReLU))


@pytest.mark.parametrize("side, strided", [(96, 4), (64, 4), (32, 3), (28, 3), (14, 2), (8, 1)])
def test_the_discriminator_halves_as_often_as_the_image_allows(side, strided):
    assert strided_blocks_for(side) == strided
    d = SRGANDiscriminator(1, side, side, width=4)
    with torch.no_grad():
        assert d(torch.zeros(2, 1, side, side)).shape == (2,)
        assert d.features(torch.zeros(1, 1, side, side)).shape[-1] >= 4 or strided == 1


def test_at_28_px_the_discriminator_stops_after_the_256_channel_stride_2_block():
    d = SRGANDiscriminator(1, 28, 28)
    convs = [m for m in d.modules() if isinstance(m, nn.Conv2d)]
    assert [(c.out_channels, c.stride[0]) for c in convs] == [(64, 1), (64, 2), (128, 1), (128, 2), (256, 1), (256, 2)]
    assert d.features(torch.zeros(1, 1, 28, 28)).shape[1:] == (256, 4, 4)


def test_the_width_options_scale_both_networks():
    networks = build_srresnet(sr_spec(), 1, blocks=3, width=16, d_width=8, d_strided=2)
    assert sum(isinstance(m, ResidualBlock) for m in networks.generator.modules()) == 3
    assert networks.generator.head[0].out_channels == 16
    assert networks.discriminator.strided == 2
    assert networks.discriminator.classifier[1].out_features == 16 * 8


@pytest.mark.parametrize(
    "spec, message",
    [
        (DataSpec((1, 28, 28)), "has none"),
        (DataSpec((1, 28, 28), fields={"low": Field((3, 7, 7))}), "keeps the channels"),
        (DataSpec((1, 27, 27), fields={"low": Field((1, 9, 9))}), "power of two"),
        (DataSpec((1, 28, 28), fields={"low": Field((1, 7, 14))}), "power of two"),
        (DataSpec((2,)), "upscales images"),
    ],
    ids=["no-low-field", "channels", "factor-3", "uneven", "points"],
)
def test_data_it_cannot_upscale_is_refused(spec, message):
    with pytest.raises(IncompatibleParts, match=message):
        build_srresnet(spec, 1)
