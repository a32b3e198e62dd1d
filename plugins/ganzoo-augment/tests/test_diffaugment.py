"""DiffAugment's transformations do what the paper says, with known answers on seeded draws."""

from __future__ import annotations

import pytest
import torch

from ganzoo import DataSpec, GanzooError, IncompatibleParts
from ganzoo.plugins import load_zoo
from ganzoo.testing import check_augmentation
from ganzoo.training.build import build_augmentation
from ganzoo_augment.diffaugment import DiffAugment, colour, cut_out, translate


def seeded(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def marker_position(image: torch.Tensor) -> tuple[int, int]:
    row, column = divmod(int(image.abs().flatten().argmax()), image.shape[-1])
    return row, column


def test_translation_moves_every_image_by_whole_pixels_within_an_eighth_filling_with_grey():
    images = torch.full((400, 2, 16, 16), -0.5)
    images[:, :, 7, 9] = 1.0  # a marker to find again
    images[:, 1] *= -1  # the channels move together
    moved = translate(images, seeded(), 0.125)
    shifts = set()
    for before, after in zip(images, moved):
        (row, column) = marker_position(after[0])
        dy, dx = row - 7, column - 9
        assert abs(dy) <= 2 and abs(dx) <= 2  # 1/8 of 16 pixels
        expected = torch.zeros_like(before)
        expected[:, max(dy, 0) : 16 + min(dy, 0), max(dx, 0) : 16 + min(dx, 0)] = \
            before[:, max(-dy, 0) : 16 - max(dy, 0), max(-dx, 0) : 16 - max(dx, 0)]
        assert torch.equal(after, expected)
        shifts.add((dy, dx))
    assert len(shifts) == 25  # every shift from -2 to 2 on both axes happens


def expected_cut_fraction(size: int, length: int) -> float:
    """The mean share of an axis a cut-out of ``length`` covers, its centre uniform over the axis."""
    covered = [min(c - length // 2 + length, size) - max(c - length // 2, 0) for c in range(size)]
    return sum(covered) / (size * size)


def test_cutout_greys_a_rectangle_of_half_the_sides_and_the_expected_share_on_average():
    images = torch.ones(4000, 1, 28, 28)
    cut = cut_out(images, seeded(), 0.5)
    assert set(cut.unique().tolist()) == {0.0, 1.0}
    removed = cut[:, 0] == 0
    rows, columns = removed.any(2), removed.any(1)
    assert torch.equal(removed, rows[:, :, None] & columns[:, None, :])  # one rectangle
    assert rows.sum(1).max() == 14 and columns.sum(1).max() == 14
    share = removed.float().mean().item()
    assert share == pytest.approx(expected_cut_fraction(28, 14) ** 2, abs=0.005)  # 0.1905 for 28 pixels


def test_colour_leaves_the_saturation_of_grey_images_alone():
    """One channel: brightness then contrast, with the draws of brightness, saturation, contrast."""
    images = torch.rand(8, 1, 6, 6) * 2 - 1
    draws = seeded(3)
    brightness, _, contrast = (torch.rand(8, 1, 1, 1, generator=draws) for _ in range(3))
    shifted = images + brightness - 0.5
    mean = shifted.mean(dim=(1, 2, 3), keepdim=True)
    assert torch.allclose(colour(images, seeded(3)), (shifted - mean) * (contrast + 0.5) + mean, atol=1e-6)


def test_colour_changes_saturation_of_colour_images_and_keeps_grey_pixels_grey():
    grey = torch.rand(8, 1, 6, 6).expand(8, 3, 6, 6)
    out = colour(grey, seeded())
    assert torch.allclose(out[:, 0], out[:, 1]) and torch.allclose(out[:, 1], out[:, 2])
    coloured = torch.rand(8, 3, 6, 6)
    spread = lambda x: (x - x.mean(1, keepdim=True)).abs().mean((1, 2, 3))  # noqa: E731
    assert not torch.allclose(spread(colour(coloured, seeded())), spread(coloured))


@pytest.mark.parametrize("transform", [colour, lambda x, g: translate(x, g, 0.25), lambda x, g: cut_out(x, g, 0.5)],
                         ids=["colour", "translation", "cutout"])
def test_each_transformation_is_differentiable(transform):
    images = torch.rand(3, 3, 8, 8, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda x: transform(x, seeded()), (images,))


def test_data_in_zero_to_one_is_cut_to_its_own_mid_grey():
    augment = DiffAugment(DataSpec((1, 16, 16), value_range=(0.0, 1.0)), policy="cutout")
    out = augment(torch.ones(64, 1, 16, 16), generator=seeded())
    assert set(out.unique().tolist()) == {0.5, 1.0}


def test_the_policy_is_applied_in_its_order_and_checked():
    images = torch.rand(4, 3, 16, 16) * 2 - 1
    only_translation = DiffAugment(DataSpec((3, 16, 16)), policy="translation")
    assert torch.equal(only_translation(images, generator=seeded()), translate(images, seeded(), 0.125))
    with pytest.raises(ValueError, match="policy 'colour' must list some of color, translation, cutout"):
        DiffAugment(DataSpec((3, 16, 16)), policy="colour")
    with pytest.raises(IncompatibleParts, match="transforms images"):
        DiffAugment(DataSpec((2,)))
    with pytest.raises(GanzooError, match="translation must be a fraction"):
        build_augmentation(load_zoo().registry.get("augmentation", "diffaugment"), DataSpec((1, 8, 8)), {"translation": 2})


@pytest.mark.parametrize("spec", [DataSpec((1, 28, 28)), DataSpec((3, 16, 16))], ids=["grey", "colour"])
def test_diffaugment_passes_the_testing_kit(spec):
    check_augmentation("diffaugment", spec)
