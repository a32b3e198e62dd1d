"""The samplers draw what their names promise, reproducibly from the generator they are given."""

import subprocess
import sys

import pytest
import torch

from ganzoo import GanzooError
from ganzoo_samplers.noise import GaussianMixture, Normal, Truncated, Uniform

CPU = torch.device("cpu")


def draw(sampler, n=20_000, d=4, seed=0):
    return sampler(n, d, generator=torch.Generator().manual_seed(seed), device=CPU)


def test_normal_has_zero_mean_and_unit_variance():
    z = draw(Normal())
    assert z.shape == (20_000, 4)
    assert z.mean().abs() < 0.02 and (z.std() - 1).abs() < 0.02


def test_uniform_stays_in_its_interval_and_fills_it():
    z = draw(Uniform(low=-2.0, high=3.0))
    assert z.min() >= -2 and z.max() <= 3
    assert (z.mean() - 0.5).abs() < 0.05 and z.min() < -1.99 and z.max() > 2.99


def test_truncated_respects_its_threshold_and_matches_the_truncated_normal_variance():
    z = draw(Truncated(threshold=1.0))
    assert z.abs().max() <= 1.0
    # Var of N(0,1) truncated to [-1, 1]: 1 - 2φ(1)/(2Φ(1) - 1) = 0.29112
    assert abs(z.var().item() - 0.29112) < 0.01
    assert z.mean().abs() < 0.01


def test_the_same_seed_gives_the_same_draw_and_another_seed_does_not():
    for sampler in (Normal(), Uniform(), Truncated(0.5), GaussianMixture()):
        assert torch.equal(draw(sampler, 10), draw(sampler, 10))
        assert not torch.equal(draw(sampler, 10), draw(sampler, 10, seed=1))


def test_the_mixture_draws_every_component_equally_often_within_its_spread():
    mixture = GaussianMixture(components=5, spread=2.0, std=0.01)
    centres = mixture.centres(3)
    assert centres.abs().max() <= 2.0 and centres.shape == (5, 3)
    z = draw(mixture, d=3)
    nearest = torch.cdist(z, centres).min(dim=1)
    assert nearest.values.max() < 0.1  # every draw lies within a few std of a centre
    shares = torch.bincount(nearest.indices, minlength=5) / len(z)
    assert (shares - 0.2).abs().max() < 0.015
    assert abs(float((z - centres[nearest.indices]).std()) - 0.01) < 0.001


def test_the_mixture_centres_depend_only_on_their_seed():
    assert torch.equal(GaussianMixture(centres_seed=3).centres(4), GaussianMixture(centres_seed=3).centres(4))
    assert not torch.equal(GaussianMixture(centres_seed=3).centres(4), GaussianMixture(centres_seed=4).centres(4))


def test_nonsense_settings_are_refused():
    with pytest.raises(GanzooError):
        Uniform(low=1.0, high=1.0)
    with pytest.raises(GanzooError):
        Truncated(threshold=0.0)
    with pytest.raises(GanzooError):
        GaussianMixture(components=0)
    with pytest.raises(GanzooError):
        GaussianMixture(std=0.0)


def test_declaring_the_samplers_does_not_import_torch():
    code = "import sys, ganzoo_samplers.plugin; print('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
