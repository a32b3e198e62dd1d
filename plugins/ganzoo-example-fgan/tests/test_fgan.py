"""ganzoo-example-fgan: the conformance kit over every part, and the f-GAN formulas themselves."""

from __future__ import annotations

import math

import pytest
import torch

from ganzoo import DataSpec, GanzooError
from ganzoo.testing import check_architecture, check_dataset, check_loss, check_model, check_plugin_is_light
from ganzoo_example_fgan import plugin
from ganzoo_example_fgan.divergences import DIVERGENCES, FDivergence
from ganzoo_example_fgan.shapes import shapes


@pytest.fixture
def zoo(ganzoo_zoo):
    return ganzoo_zoo(plugin)


def test_declaring_the_plugin_does_not_import_torch():
    check_plugin_is_light("ganzoo_example_fgan.plugin")


@pytest.mark.parametrize("split", ["train", "test"])
def test_shapes_dataset(zoo, split):
    check_dataset("shapes", zoo=zoo, split=split, options={"n": 300})


def test_the_networks_fit_the_shapes_and_points_in_the_plane(zoo):
    check_architecture("fgan-mlp", check_dataset("shapes", zoo=zoo).spec, zoo=zoo, options={"g_hidden": 64})
    check_architecture("fgan-mlp", DataSpec((2,), (-2.0, 2.0)), zoo=zoo, options={"g_hidden": 64})


@pytest.mark.parametrize("divergence", sorted(DIVERGENCES))
def test_every_divergence_is_a_well_behaved_loss(zoo, divergence):
    check_loss("fgan", zoo=zoo, options={"divergence": divergence})


def test_the_model_trains_and_samples(zoo):
    check_model("fgan", zoo=zoo, latent_dim=8, architecture_options={"g_hidden": 32, "d_hidden": 16}, dataset_options={"n": 64})


# Each divergence's f(u), u = p/q, and its optimal critic V*(u) = g_f⁻¹(f'(u)), at which the
# variational bound is tight (Nowozin et al. 2016, eq. 5).
F = {
    "kl": (lambda u: u * math.log(u), lambda u: math.log(u) + 1),
    "reverse-kl": (lambda u: -math.log(u), lambda u: math.log(u)),
    "pearson": (lambda u: (u - 1) ** 2, lambda u: 2 * (u - 1)),
    "squared-hellinger": (lambda u: (math.sqrt(u) - 1) ** 2, lambda u: 0.5 * math.log(u)),
    "jensen-shannon": (lambda u: u * math.log(u) - (u + 1) * math.log((u + 1) / 2), lambda u: math.log(u)),
    "gan": (lambda u: u * math.log(u) - (u + 1) * math.log(u + 1), lambda u: math.log(u)),
}
# Two distributions on three points, written as batches in which each point appears in proportion.
P, Q = (0.5, 0.25, 0.25), (0.25, 0.25, 0.5)
REAL_BATCH, FAKE_BATCH = [0, 0, 1, 2], [0, 1, 2, 2]


def divergence(name: str) -> float:
    f = F[name][0]
    return sum(q * f(p / q) for p, q in zip(P, Q))


def bound(name: str, critic: list[float]) -> float:
    """F(V) = -(D's loss) for the critic taking ``critic[i]`` on point i."""
    values = torch.tensor(critic, dtype=torch.float64)
    return -FDivergence(name).discriminator_loss(values[REAL_BATCH], values[FAKE_BATCH]).item()


@pytest.mark.parametrize("name", sorted(DIVERGENCES))
def test_the_bound_is_tight_at_the_optimal_critic(name):
    optimal = [F[name][1](p / q) for p, q in zip(P, Q)]
    assert bound(name, optimal) == pytest.approx(divergence(name), abs=1e-9)


@pytest.mark.parametrize("name", sorted(DIVERGENCES))
def test_any_other_critic_gives_a_lower_bound(name):
    generator = torch.Generator().manual_seed(0)
    for _ in range(50):
        critic = (2 * torch.randn(3, generator=generator, dtype=torch.float64)).tolist()
        assert bound(name, critic) <= divergence(name) + 1e-9


def test_the_generator_maximises_g_f_of_its_scores():
    fake = torch.tensor([0.3, -1.2])
    assert FDivergence("kl").generator_loss(fake).item() == pytest.approx(-fake.mean().item())
    assert FDivergence("gan").generator_loss(fake).item() == pytest.approx(torch.nn.functional.softplus(-fake).mean().item())


def test_an_unknown_divergence_is_refused_with_the_choices():
    with pytest.raises(GanzooError, match="choose one of kl, reverse-kl, pearson"):
        FDivergence("wasserstein")


def test_squares_discs_and_triangles_differ_in_area():
    data = shapes(n=900)
    ink = (data.samples > 0).float().sum(dim=(1, 2, 3))
    square, disc, triangle = (ink[data.labels == k].mean() for k in range(3))
    assert square > disc > triangle > 5
    assert (data.samples[:, :, 0, 0] < 0).float().mean() > 0.9  # the corners are mostly background


def test_the_splits_differ_and_each_is_reproducible():
    assert torch.equal(shapes(n=10).samples, shapes(n=10).samples)
    assert not torch.equal(shapes(n=10).samples, shapes(split="test", n=10).samples)
    with pytest.raises(GanzooError, match="splits train, test"):
        shapes(split="validation")
