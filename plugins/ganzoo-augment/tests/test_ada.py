"""ADA: p = 0 changes nothing, p follows D's sign on real images, and each transformation does what
the paper's does, on seeded draws."""

from __future__ import annotations

import pytest
import torch

from ganzoo import DataSpec
from ganzoo.testing import check_augmentation
from ganzoo_augment.ada import AdaptiveAugmentation

SPEC = DataSpec((3, 16, 16))


def seeded(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def same(x: torch.Tensor, y: torch.Tensor) -> bool:
    return torch.allclose(x, y, atol=1e-5)


def identity(logits: torch.Tensor) -> torch.Tensor:
    return logits


@pytest.mark.parametrize("spec", [DataSpec((1, 28, 28)), SPEC], ids=["28", "16"])
def test_p_zero_is_the_identity_bit_for_bit(spec):
    """Even where resampling at the pixel centres would round (28 pixels), images no
    transformation picked come back as they were."""
    ada = AdaptiveAugmentation(spec)
    images = torch.rand(32, *spec.shape) * 2 - 1
    for seed in range(5):
        assert torch.equal(ada(images, generator=seeded(seed)), images)


def test_p_rises_while_d_is_sure_of_the_reals_falls_otherwise_and_stays_in_zero_to_one():
    ada = AdaptiveAugmentation(SPEC, target=0.6, interval=4, ramp_images=1_000)
    sure, unsure = torch.full((10,), 3.0), torch.tensor([1.0] * 7 + [-1.0] * 3)  # r = 1 and r = 0.4
    history = []
    for logits in [sure] * 8 + [unsure] * 12 + [sure] * 3:
        ada.observe(logits, mean_over_processes=identity)
        history.append(round(float(ada.p), 6))
    # adjusted after every 4 D steps, by 4 · 10 images / 1,000 images
    assert history[3::4] == [0.04, 0.08, 0.04, 0.0, 0.0]
    assert history[-3:] == [0.0] * 3  # the last 3 steps have not reached the next adjustment
    assert ada.logs() == {"ada_p": 0.0, "ada_r": pytest.approx(0.4)}


def test_p_is_clamped_at_one_and_fixed_when_there_is_no_target():
    ada = AdaptiveAugmentation(SPEC, interval=1, ramp_images=5, p=0.9)
    ada.observe(torch.ones(10), mean_over_processes=identity)
    assert float(ada.p) == 1.0
    fixed = AdaptiveAugmentation(SPEC, target=None, p=0.3)
    for _ in range(8):
        fixed.observe(torch.ones(10), mean_over_processes=identity)
    assert float(fixed.p) == pytest.approx(0.3)


def test_the_processes_share_r():
    ada = AdaptiveAugmentation(SPEC, interval=1, ramp_images=10)
    ada.observe(torch.ones(10), mean_over_processes=lambda r: r - 1.5)  # the others' reals said otherwise
    assert float(ada.p) == 0.0 and ada.logs()["ada_r"] == pytest.approx(-0.5)


def always(transform: str) -> AdaptiveAugmentation:
    return AdaptiveAugmentation(SPEC, target=None, p=1.0, transforms=transform)


def test_xflip_mirrors_about_half_the_images():
    images = torch.rand(64, *SPEC.shape)
    out = always("xflip")(images, generator=seeded())
    flipped = [same(o, i.flip(-1)) for o, i in zip(out, images)]
    assert all(f or same(o, i) for f, o, i in zip(flipped, out, images))
    assert 16 < sum(flipped) < 48


def test_rotate90_turns_by_quarter_turns():
    images = torch.rand(64, *SPEC.shape)
    out = always("rotate90")(images, generator=seeded())
    turns = [next(k for k in range(4) if same(o, torch.rot90(i, k, dims=(1, 2)))) for o, i in zip(out, images)]
    assert set(turns) == {0, 1, 2, 3}


def test_xint_shifts_by_whole_pixels_within_an_eighth_mirroring_the_border():
    images = torch.rand(64, *SPEC.shape)
    out = always("xint")(images, generator=seeded())
    padded = torch.nn.functional.pad(images, (2, 2, 2, 2), mode="replicate")
    found = set()
    for o, p in zip(out, padded):
        # the border is mirrored about the image's edge: the first row outside repeats the last inside
        shifts = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3) if same(o[:, 1:-1, 1:-1], p[:, 3 - dy:17 - dy, 3 - dx:17 - dx])]
        assert len(shifts) == 1
        found.add(shifts[0])
    assert len(found) > 15


def test_brightness_contrast_and_saturation():
    images = torch.rand(64, *SPEC.shape) * 2 - 1
    shift = always("brightness")(images, generator=seeded()) - images
    assert same(shift, shift.mean((1, 2, 3), keepdim=True).expand_as(shift))  # one offset per image
    assert 0.1 < shift[:, 0, 0, 0].std() < 0.3  # N(0, 0.2²)
    ratio = always("contrast")(images, generator=seeded()) / images
    assert same(ratio, ratio[:, :1, :1, :1].expand_as(ratio))
    grey = images[:, :1].expand(-1, 3, -1, -1)
    assert same(always("saturation")(grey, generator=seeded()), grey)
    assert not same(always("saturation")(images, generator=seeded()), images)


def test_geometric_transformations_keep_the_mean_roughly():
    """A whole rotation or scaling resamples the image; its grey level stays about the same."""
    images = torch.rand(64, *SPEC.shape) * 2 - 1
    for transform in ("scale", "rotate", "aniso", "xfrac"):
        out = always(transform)(images, generator=seeded())
        assert not same(out, images)
        assert (out.mean((1, 2, 3)) - images.mean((1, 2, 3))).abs().max() < 0.2, transform


def test_unknown_transforms_are_refused_with_the_choices():
    with pytest.raises(ValueError, match="transforms 'hue' must list some of xflip, rotate90"):
        AdaptiveAugmentation(SPEC, transforms="hue")


@pytest.mark.parametrize("spec", [DataSpec((1, 28, 28)), SPEC], ids=["grey", "colour"])
def test_ada_passes_the_testing_kit(spec):
    check_augmentation("ada", spec, options={"p": 0.5, "interval": 2, "ramp_images": 64})
