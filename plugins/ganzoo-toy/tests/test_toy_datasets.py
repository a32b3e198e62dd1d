"""The toy distributions: shapes, reproducibility, and the documented modes and noise."""

import math

import pytest
import torch

from ganzoo import SampledData
from ganzoo_toy import datasets
from ganzoo_toy.mixtures import GRID25, RING8
from ganzoo_toy.swiss_roll import SWISS_ROLL

CPU = torch.device("cpu")
FACTORIES = {"ring8": datasets.ring8, "grid25": datasets.grid25, "swiss-roll": datasets.swiss_roll}


def draw(name, n, seed):
    data = FACTORIES[name](data_dir=None, split="train")
    return data.draw(n, torch.Generator().manual_seed(seed), CPU)


@pytest.mark.parametrize("name", FACTORIES)
def test_each_dataset_draws_points_in_its_value_range(name):
    data = FACTORIES[name](data_dir=None, split="train")
    assert isinstance(data, SampledData) and data.spec.shape == (2,) and data.source
    samples, labels = data.draw(5_000, torch.Generator().manual_seed(0), CPU)
    assert samples.shape == (5_000, 2) and samples.dtype == torch.float32
    low, high = data.spec.value_range
    assert low <= samples.min() and samples.max() <= high
    if data.spec.num_classes is None:
        assert labels is None
    else:
        assert labels.shape == (5_000,) and labels.dtype == torch.int64
        assert 0 <= labels.min() and labels.max() < data.spec.num_classes


@pytest.mark.parametrize("name", FACTORIES)
def test_a_seed_fixes_the_draw_and_another_seed_changes_it(name):
    first, labels = draw(name, 100, seed=3)
    again, labels_again = draw(name, 100, seed=3)
    other, _ = draw(name, 100, seed=4)
    assert torch.equal(first, again)
    assert labels is None or torch.equal(labels, labels_again)
    assert not torch.allclose(first, other)


def test_the_ring_is_eight_modes_evenly_on_the_unit_circle():
    assert RING8.num_modes == 8 and RING8.std == 0.01
    for k, (x, y) in enumerate(RING8.means):
        assert math.hypot(x, y) == pytest.approx(1.0)
        assert math.atan2(y, x) % (2 * math.pi) == pytest.approx(k * math.pi / 4)


def test_the_grid_is_twenty_five_modes_two_apart():
    assert GRID25.num_modes == 25 and GRID25.std == 0.05
    assert sorted(GRID25.means) == [(float(x), float(y)) for x in (-4, -2, 0, 2, 4) for y in (-4, -2, 0, 2, 4)]


@pytest.mark.parametrize(("name", "mixture"), [("ring8", RING8), ("grid25", GRID25)])
def test_every_mode_is_drawn_about_equally_often_around_its_documented_mean(name, mixture):
    n = 100_000
    samples, labels = draw(name, n, seed=1)
    counts = torch.bincount(labels, minlength=mixture.num_modes).double()
    expected = n / mixture.num_modes
    assert (counts - expected).abs().max() < 5 * math.sqrt(expected)
    for k, mean in enumerate(mixture.means):
        points = samples[labels == k].double()
        error_of_mean = 5 * mixture.std / math.sqrt(len(points))
        assert torch.allclose(points.mean(0), torch.tensor(mean, dtype=torch.float64), atol=error_of_mean)
        assert torch.allclose(points.std(0), torch.full((2,), mixture.std, dtype=torch.float64), rtol=0.05)


def test_the_swiss_roll_lies_along_its_documented_curve():
    samples, _ = draw("swiss-roll", 4_000, seed=2)
    t = torch.linspace(SWISS_ROLL.t_min, SWISS_ROLL.t_max, 5_000, dtype=torch.float64)
    curve = SWISS_ROLL.scale * t[:, None] * torch.stack([torch.cos(t), torch.sin(t)], 1)
    distance, nearest = torch.cdist(samples.double(), curve).min(1)
    # The distance to the curve is about the noise's component normal to it: |N(0, std²)|.
    assert distance.mean() == pytest.approx(SWISS_ROLL.std * math.sqrt(2 / math.pi), rel=0.1)
    # ... and the points spread evenly along the whole curve.
    position = nearest.double() / len(t)
    assert torch.allclose(position.quantile(torch.tensor([0.25, 0.5, 0.75], dtype=torch.float64)),
                          torch.tensor([0.25, 0.5, 0.75], dtype=torch.float64), atol=0.02)
    assert SWISS_ROLL.point(SWISS_ROLL.t_min) == pytest.approx((0.2 * math.pi * math.cos(1.5 * math.pi), -0.2 * math.pi))
