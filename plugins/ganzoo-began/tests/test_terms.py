"""The formulas of both papers on values worked out by hand."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from ganzoo_began.ebgan import margin_loss
from ganzoo_began.energy import reconstruction_energy
from ganzoo_began.equilibrium import balance, convergence, next_k
from ganzoo_began.networks import Autoencoder
from ganzoo_began.pulling_away import pulling_away
from ganzoo_began.stall import StallDecay


@pytest.mark.parametrize("distance", ["l1", "mse"])
def test_a_perfect_autoencoder_gives_every_picture_zero_energy(distance):
    perfect = Autoencoder(nn.Flatten(), nn.Unflatten(1, (1, 4, 4)), distance)
    x = torch.rand(3, 1, 4, 4) * 2 - 1
    energy, embedding = perfect(x, with_embedding=True)
    assert torch.equal(energy, torch.zeros(3)) and embedding.shape == (3, 16)


def test_the_energies_are_per_picture_means_of_absolute_and_squared_errors():
    x = torch.zeros(2, 1, 2, 2)
    reconstruction = torch.tensor([[[[1.0, -1.0], [0.0, 0.0]]], [[[2.0, 2.0], [2.0, 2.0]]]])
    assert reconstruction_energy(x, reconstruction, "l1").tolist() == [0.5, 2.0]
    assert reconstruction_energy(x, reconstruction, "mse").tolist() == [0.5, 4.0]


def test_k_moves_by_lambda_k_times_the_balance_and_stays_in_0_1():
    off_balance = balance(torch.tensor(0.6), torch.tensor(0.1), gamma=0.5)  # 0.5·0.6 − 0.1
    assert off_balance.item() == pytest.approx(0.2)
    assert next_k(torch.tensor(0.5), off_balance, 0.001).item() == pytest.approx(0.5002)
    assert next_k(torch.tensor(0.5), -off_balance, 0.001).item() == pytest.approx(0.4998)
    assert next_k(torch.tensor(0.0001), -off_balance, 0.001).item() == 0.0
    assert next_k(torch.tensor(0.9999), off_balance, 0.001).item() == 1.0


def test_the_convergence_measure_adds_the_distance_from_equilibrium_to_the_real_energy():
    real = torch.tensor(0.3)
    for fake, expected in ((0.05, 0.4), (0.25, 0.4), (0.15, 0.3)):
        assert convergence(real, balance(real, torch.tensor(fake), 0.5)).item() == pytest.approx(expected)


def test_the_pulling_away_term_is_1_for_identical_and_0_for_orthogonal_embeddings():
    assert pulling_away(torch.tensor([[1.0, 2.0, 3.0]] * 4)).item() == pytest.approx(1.0)
    assert pulling_away(torch.tensor([[3.0, 0, 0], [0, 0.5, 0], [0, 0, 2.0]])).item() == pytest.approx(0.0)
    # lengths do not count: pairs at 60° (cos² = ¼), 90° (0) and 30° (¾), each counted both ways, over 3·2 pairs
    sixty = [math.cos(math.pi / 3), math.sin(math.pi / 3)]
    assert pulling_away(torch.tensor([[5.0, 0], sixty, [0, 0.1]])).item() == pytest.approx((0.25 + 0 + 0.75) * 2 / 6)


def test_the_pulling_away_term_needs_two_samples():
    with pytest.raises(ValueError, match="2 or more"):
        pulling_away(torch.ones(1, 3))


def test_fakes_above_the_margin_give_the_discriminator_nothing():
    real = torch.tensor([0.1, 0.3])
    assert margin_loss(real, torch.tensor([2.0, 3.0]), margin=1.0).item() == pytest.approx(0.2)
    assert margin_loss(real, torch.tensor([0.5, 2.0]), margin=1.0).item() == pytest.approx(0.2 + 0.25)
    fake = torch.tensor([1.5, 0.25], requires_grad=True)
    margin_loss(real, fake, margin=1.0).backward()
    assert fake.grad.tolist() == [0.0, -0.5]


def test_the_rates_halve_after_a_window_whose_mean_m_is_no_lower_than_the_best():
    decay = StallDecay(window=2, device=torch.device("cpu"))
    factors = []
    for step, m in enumerate([1.0, 0.8, 0.7, 0.5, 0.7, 0.6, 0.4, 0.3, 0.6, 0.5]):
        decay.observe(step, torch.tensor(m))
        factors.append(decay.factor)
    # window means 0.9, 0.6 (better), 0.65 (stall), 0.35 (better), 0.55 (stall)
    assert factors == [1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25]
    assert decay.best == pytest.approx(0.35)


def test_no_window_never_decays():
    decay = StallDecay(window=None, device=torch.device("cpu"))
    for step in range(5):
        decay.observe(step, torch.tensor(1.0))
    assert decay.factor == 1.0 and decay.best is None
