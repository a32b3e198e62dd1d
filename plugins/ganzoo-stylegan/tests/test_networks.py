"""The networks: the conformance kit, the sizes they serve, the paper's channel rule, and the
minibatch standard deviation."""

from __future__ import annotations

import pytest
import torch

from ganzoo import DataSpec, GanzooError, IncompatibleParts
from ganzoo.testing import check_architecture
from ganzoo_stylegan.architecture import build
from ganzoo_stylegan.discriminator import group_size, minibatch_stddev
from ganzoo_stylegan.layout import layout_for
from ganzoo_stylegan.modulated import CONST


@pytest.mark.parametrize("shape", [(1, 28, 28), (3, 32, 32), (3, 64, 64)])
def test_the_networks_pass_the_conformance_kit(shape, narrow):
    check_architecture("stylegan2", DataSpec(shape, (-1.0, 1.0)), options=narrow)


def test_g_clips_its_samples_but_trains_on_its_linear_output(narrow):
    torch.manual_seed(0)
    generator = build(DataSpec((1, 28, 28), (0.0, 1.0)), 12, **narrow).generator
    z = torch.randn(8, 12)
    with torch.no_grad():
        raw = generator(z, noise=CONST, clip=False)
        assert raw.min() < 0 or raw.max() > 1  # a linear output wanders beyond the range at first
        assert torch.equal(generator(z, noise=CONST), raw.clamp(0.0, 1.0))


def test_the_layout_starts_from_4x4_or_7x7_with_the_papers_channels():
    paper = layout_for(DataSpec((3, 64, 64), (-1.0, 1.0)), channel_base=32768, channel_max=512)
    assert paper.sides == (4, 8, 16, 32, 64) and paper.features == (512, 512, 512, 512, 512)
    assert paper.num_ws == 10
    digits = layout_for(DataSpec((1, 28, 28), (-1.0, 1.0)), channel_base=256, channel_max=32)
    assert digits.sides == (7, 14, 28) and digits.features == (32, 32, 16)  # 256 / 4 capped, 256 / 8, 256 / 16


@pytest.mark.parametrize("shape", [(1, 30, 30), (1, 36, 36), (3, 32, 16), (2,)])
def test_other_shapes_are_refused_with_the_sizes_it_makes(shape):
    with pytest.raises(IncompatibleParts, match="28, 32, 64, 128"):
        layout_for(DataSpec(shape, (-1.0, 1.0)), channel_base=512, channel_max=32)


def test_bad_options_are_one_line_errors(narrow):
    with pytest.raises(GanzooError, match="channel_max must be a positive number of feature maps, got 0"):
        check_architecture("stylegan2", DataSpec((1, 28, 28), (-1.0, 1.0)), options={**narrow, "channel_max": 0})
    with pytest.raises(GanzooError, match="mapping_lr_multiplier must be a positive number, got -1"):
        check_architecture("stylegan2", DataSpec((1, 28, 28), (-1.0, 1.0)), options={**narrow, "mapping_lr_multiplier": -1})


def test_minibatch_stddev_appends_each_groups_mean_deviation():
    # Samples 0 and 2 form one group of 2, samples 1 and 3 the other (sample i joins group i mod 2).
    values = torch.tensor([0.0, 1.0, 2.0, 5.0])
    x = values[:, None, None, None].expand(4, 3, 2, 2)
    out = minibatch_stddev(x, largest_group=2)
    deviations = torch.tensor([1.0, 2.0, 1.0, 2.0])  # population deviations of {0, 2} and {1, 5}
    assert out.shape == (4, 4, 2, 2) and torch.equal(out[:, :3], x)
    assert torch.allclose(out[:, 3], deviations[:, None, None].expand(4, 2, 2), atol=1e-4)
    assert [group_size(n, 4) for n in (8, 6, 5, 3, 1)] == [4, 3, 1, 3, 1]
