"""The U-Net, the ResNet generator and the PatchGAN: the kit's contract, and what the papers ask of
each (skip connections, dropout as noise, receptive fields)."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from ganzoo import DataSpec, Field, IncompatibleParts
from ganzoo.testing import check_architecture
from ganzoo_translation import patchgan, resnet, unet
from ganzoo_translation.architectures import build
from ganzoo_translation.patchgan import PatchGAN
from ganzoo_translation.resnet import ResNetGenerator


def paired(side: int, channels: int = 1, input_channels: int = 1) -> DataSpec:
    return DataSpec((channels, side, side), fields={"input": Field((input_channels, side, side))})


def unpaired(side: int, channels: int = 1) -> DataSpec:
    return DataSpec((channels, side, side), fields={"a": Field((channels, side, side))})


NARROW = {"width": 8, "d_width": 8}


@pytest.mark.parametrize("side", [28, 64])
@pytest.mark.parametrize("architecture", ["unet", "resnet-generator", "patchgan"])
def test_the_kit_passes_every_architecture_on_pairs_and_on_two_domains(architecture, side):
    networks = check_architecture(architecture, paired(side, 3 if side == 64 else 1), options=NARROW, batch_size=4)
    assert (networks.generator_input, networks.condition) == ("input", "input")  # D judges (output, input) pairs
    networks = check_architecture(architecture, unpaired(side), options=NARROW, batch_size=4)
    assert (networks.generator_input, networks.condition) == ("a", None)  # D judges single images


def test_the_recipes_widths_pass_the_kit_at_28_px():
    check_architecture("unet", paired(28), options={"width": 32}, batch_size=2)
    check_architecture("resnet-generator", unpaired(28), options={"width": 32}, batch_size=2)


def test_data_without_an_image_to_translate_is_refused():
    with pytest.raises(IncompatibleParts, match="'input' field"):
        build(DataSpec((1, 28, 28)), 1)
    with pytest.raises(IncompatibleParts, match="same height and width"):
        build(DataSpec((1, 28, 28), fields={"input": Field((1, 14, 14))}), 1)


# --- U-Net ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("side, depth, dropped", [(28, 5, 2), (32, 5, 2), (64, 6, 2), (256, 8, 3)])
def test_the_unet_halves_down_to_one_pixel_and_keeps_the_papers_share_of_dropout(side, depth, dropped):
    g = unet.unet_for(1, 3, side, side, width=4)
    assert g.body.depth == depth and (g.height, g.width) == (2**depth, 2**depth)  # 28 is padded to 32
    assert g.body.dropout_layers == dropped
    with torch.no_grad():
        assert g.eval()(torch.zeros(2, 1, side, side)).shape == (2, 3, side, side)
    # dropout sits in the innermost decoder layers, the first to run from the bottleneck
    with_dropout = [level for level, layer in enumerate(g.body.decoder) if any(isinstance(m, nn.Dropout) for m in layer)]
    assert with_dropout == list(range(depth - dropped, depth))


def test_the_unet_serves_rectangles_and_its_channels_follow_the_paper():
    g = unet.unet_for(3, 1, 40, 64, width=64)
    convs = [m for m in g.body.encoder.modules() if isinstance(m, nn.Conv2d)]
    assert [c.out_channels for c in convs] == [64, 128, 256, 512, 512, 512][: g.body.depth]
    with torch.no_grad():
        assert g.eval()(torch.zeros(1, 3, 40, 64)).shape == (1, 1, 40, 64)


def test_the_unets_outermost_skip_carries_the_input_straight_across():
    """With every deeper path cut (the second decoder level's output zeroed), the output still
    follows the input, and only near a changed pixel: what the outermost skip connection carries."""
    torch.manual_seed(0)
    g = unet.unet_for(1, 1, 32, 32, width=4, norm="none").eval()
    g.body.decoder[1].register_forward_hook(lambda module, args, out: torch.zeros_like(out))
    x = torch.rand(1, 1, 32, 32) * 2 - 1
    y = x.clone()
    y[0, 0, 16, 16] += 1.0
    with torch.no_grad():
        change = (g(y) - g(x)).abs()[0, 0]
    assert change[14:19, 14:19].sum() > 0  # nearby: it changed
    change[12:21, 12:21] = 0
    assert change.sum() == 0  # further away, nothing: the path is the short one


def test_a_unet_without_the_skip_would_fail_that_test():
    """The test above, on a U-Net whose outermost skip is replaced by zeros: its output no longer
    depends on the input at all once the deep path is cut."""
    torch.manual_seed(0)
    g = unet.unet_for(1, 1, 32, 32, width=4, norm="none").eval()
    g.body.decoder[1].register_forward_hook(lambda module, args, out: torch.zeros_like(out))
    g.body.encoder[0].register_forward_hook(lambda module, args, out: torch.zeros_like(out))
    x = torch.rand(1, 1, 32, 32)
    with torch.no_grad():
        assert torch.equal(g(x), g(x + 1))


def test_dropout_is_the_unets_noise_in_training_and_off_in_eval():
    torch.manual_seed(0)
    g = unet.unet_for(1, 1, 28, 28, width=8)
    x = torch.rand(4, 1, 28, 28) * 2 - 1
    with torch.no_grad():
        g.train()
        assert not torch.equal(g(x), g(x))
        g.eval()
        assert torch.equal(g(x), g(x))


def test_unet_dropout_can_be_turned_off():
    g = unet.unet_for(1, 1, 28, 28, width=8, dropout_layers=0).train()
    x = torch.rand(4, 1, 28, 28)
    with torch.no_grad():
        batch_stats = g(x)
        assert torch.equal(batch_stats, g(x))


# --- PatchGAN -------------------------------------------------------------------------------------


def measured_field(d: nn.Module, side: int) -> int:
    """The extent of the input pixels that one central logit depends on, measured with autograd."""
    x = torch.rand(1, d.body[0].in_channels, side, side, requires_grad=True)
    logits = d(x, patches=True)
    h, w = logits.shape[-2:]
    logits[0, 0, h // 2, w // 2].backward()
    touched = x.grad[0].abs().sum(0) > 0
    rows, columns = touched.any(1).nonzero(), touched.any(0).nonzero()
    assert int(rows.max() - rows.min()) + 1 == int(columns.max() - columns.min()) + 1
    return int(rows.max() - rows.min()) + 1


@pytest.mark.parametrize("layers, field", [(0, 7), (1, 16), (2, 34), (3, 70)])
def test_the_patchgans_receptive_field_is_the_stated_one(layers, field):
    torch.manual_seed(0)
    d = PatchGAN(2, layers, width=4, norm="batch").eval()  # batch norm in eval mode is per pixel
    assert d.receptive_field == patchgan.field_of(layers) == field
    assert measured_field(d, 160) == field


@pytest.mark.parametrize("side, layers, field", [(28, 0, 7), (32, 0, 7), (64, 1, 16), (128, 2, 34), (256, 3, 70)])
def test_the_patch_is_about_the_papers_share_of_the_image(side, layers, field):
    assert patchgan.layers_for(side) == layers and patchgan.field_of(layers) == field
    assert 0.2 < field / side < 0.3  # 70 / 256 = 0.27
    networks = build(paired(side), 1, d_width=4, width=4)
    assert networks.discriminator.receptive_field == field


def test_the_patchgan_gives_a_map_to_the_schemes_and_one_logit_per_sample_to_the_core():
    d = PatchGAN(2, 0, width=8)
    x, condition = torch.rand(3, 1, 28, 28), torch.rand(3, 1, 28, 28)
    patches = d(x, condition, patches=True)
    assert patches.shape == (3, 1, 26, 26)  # a logit per 7×7 patch
    assert torch.allclose(d(x, condition), patches.flatten(1).mean(1))


def test_the_patchgan_follows_the_papers_layers():
    d = PatchGAN(6, 3, width=64, norm="batch")
    convs = [m for m in d.modules() if isinstance(m, nn.Conv2d)]
    assert [(c.in_channels, c.out_channels, c.kernel_size, c.stride) for c in convs] == [
        (6, 64, (4, 4), (2, 2)), (64, 128, (4, 4), (2, 2)), (128, 256, (4, 4), (2, 2)), (256, 512, (4, 4), (1, 1)),
        (512, 1, (4, 4), (1, 1)),
    ]
    assert sum(isinstance(m, nn.BatchNorm2d) for m in d.modules()) == 3  # not after the first, nor the last
    assert all(m.negative_slope == 0.2 for m in d.modules() if isinstance(m, nn.LeakyReLU))


# --- ResNet generator -----------------------------------------------------------------------------


def test_the_resnet_generator_follows_the_paper():
    g = ResNetGenerator(3, 3, 9, width=64)
    convs = [m for m in g.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d))]
    assert convs[0].kernel_size == (7, 7) and convs[-1].kernel_size == (7, 7)
    assert [c.out_channels for c in convs[:3]] == [64, 128, 256] and [c.stride for c in convs[1:3]] == [(2, 2)] * 2
    assert sum(isinstance(m, resnet.ResidualBlock) for m in g.modules()) == 9
    assert all(isinstance(m, nn.InstanceNorm2d) for m in g.modules() if "Norm" in type(m).__name__)
    assert sum(isinstance(m, nn.ReflectionPad2d) for m in g.modules()) == 2 + 2 * 9


@pytest.mark.parametrize("side, blocks", [(28, 3), (32, 3), (64, 3), (128, 6), (256, 9)])
def test_the_resnet_generator_has_the_papers_blocks_and_fewer_for_small_images(side, blocks):
    assert resnet.blocks_for(side) == blocks
    if side < 128:  # ours: enough to span the image (the paper's 6 blocks see 121 of 128 px)
        assert resnet.field_of(blocks) >= side


@pytest.mark.parametrize("blocks", [0, 1, 2])
def test_the_resnet_generators_receptive_field_is_the_stated_one(blocks):
    torch.manual_seed(0)
    g = ResNetGenerator(1, 1, blocks, width=2, norm="batch").eval()
    widest = 0
    for offset in range(4):  # the field depends a little on where the pixel lies among the strides
        x = torch.rand(1, 1, 96, 96, requires_grad=True)
        g(x)[0, 0, 48 + offset, 48 + offset].backward()
        touched = (x.grad[0, 0].abs() > 0).any(0).nonzero()
        widest = max(widest, int(touched.max() - touched.min()) + 1)
    assert widest == resnet.field_of(blocks)


def test_the_resnet_generator_sees_the_whole_digit():
    """Without instance norm (which mixes the whole image anyway), a pixel in one corner of a 28 px
    image still changes the output in the opposite corner."""
    torch.manual_seed(0)
    g = resnet.resnet_for(1, 1, 28, 28, width=4, norm="batch").eval()
    x = torch.rand(1, 1, 28, 28)
    y = x.clone()
    y[0, 0, 0, 0] += 1
    with torch.no_grad():
        assert (g(y) - g(x))[0, 0, -1, -1].abs() > 0
