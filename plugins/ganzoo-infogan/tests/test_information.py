"""The information term's known answers: no categorical cross-entropy when Q names the codes for
certain, the Gaussian's constant when its means are the codes, log K for a Q that knows nothing."""

from __future__ import annotations

import math

import pytest
import torch

from ganzoo_infogan.codes import CodeLayout
from ganzoo_infogan.information import code_accuracy, information_loss

LAYOUT = CodeLayout(noise=62, categories=10, continuous=2)
HALF_LOG_TWO_PI = 0.5 * math.log(2 * math.pi)


def latents(n: int = 16) -> torch.Tensor:
    return torch.rand(n, 74, generator=torch.Generator().manual_seed(0)) * 2 - 1


def certain(latent: torch.Tensor) -> torch.Tensor:
    """Q's outputs when it reads every code exactly: a huge logit on the right category, the codes as means."""
    return torch.cat([100.0 * torch.eye(10)[LAYOUT.category(latent)], LAYOUT.continuous_codes(latent)], dim=1)


def test_a_q_that_reads_every_code_leaves_only_the_gaussians_constant():
    latent = latents()
    assert information_loss(certain(latent), latent, LAYOUT, 1.0, 1.0).item() == pytest.approx(2 * HALF_LOG_TWO_PI)
    assert information_loss(certain(latent), latent, LAYOUT, 1.0, 0.0).item() == pytest.approx(0.0, abs=1e-6)
    assert code_accuracy(certain(latent), latent, LAYOUT).item() == 1.0


def test_a_q_that_knows_nothing_pays_log_k_and_each_unit_off_a_code_costs_a_half():
    latent = latents()
    recognised = certain(latent)
    recognised[:, :10] = 0.0  # the same logit for every category
    assert information_loss(recognised, latent, LAYOUT, 1.0, 0.0).item() == pytest.approx(math.log(10))
    recognised[:, 10:] += 1.0  # both means one off
    assert information_loss(recognised, latent, LAYOUT, 0.0, 0.1).item() == pytest.approx(0.1 * 2 * (0.5 + HALF_LOG_TWO_PI))


def test_the_accuracy_counts_the_categories_q_gets_right():
    latent = latents(4)
    recognised = certain(latent)
    recognised[:1, :10] = recognised[:1, :10].roll(1, dims=1)  # the first one wrong
    assert code_accuracy(recognised, latent, LAYOUT).item() == 0.75
