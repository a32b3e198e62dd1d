"""The 2-D mixture metrics on cases whose answers are known, with the toy plugin's own mixtures."""

import math

import pytest
import torch

from ganzoo_metrics.modes import mode_coverage
from ganzoo_toy.mixtures import GRID25, RING8, Mixture

MIXTURES = [pytest.param(RING8, id="ring8"), pytest.param(GRID25, id="grid25")]


def means_of(mixture: Mixture) -> torch.Tensor:
    return torch.tensor(mixture.means, dtype=torch.float64)


@pytest.mark.parametrize("mixture", MIXTURES)
@pytest.mark.parametrize("k", [1, 3, 8])
def test_samples_exactly_on_k_modes_cover_k_modes_all_of_high_quality(mixture: Mixture, k: int) -> None:
    points = means_of(mixture)[torch.arange(2_500) % k]
    coverage = mode_coverage(points, means_of(mixture), mixture.std)
    assert coverage.modes_covered == k
    assert coverage.high_quality_percent == 100.0
    assert coverage.reverse_kl == pytest.approx(math.log(mixture.num_modes / k), abs=1e-3)


@pytest.mark.parametrize("mixture", MIXTURES)
def test_samples_far_from_every_mode_cover_none_and_have_no_reverse_kl(mixture: Mixture) -> None:
    points = torch.full((2_500, 2), 100.0)
    coverage = mode_coverage(points, means_of(mixture), mixture.std)
    assert (coverage.modes_covered, coverage.high_quality_percent, coverage.reverse_kl) == (0, 0.0, None)


def test_the_threshold_is_three_standard_deviations_of_the_nearest_mode() -> None:
    centre = torch.tensor(RING8.means[2], dtype=torch.float64)
    inside, outside = centre + torch.tensor([2.99 * RING8.std, 0]), centre + torch.tensor([0, 3.01 * RING8.std])
    coverage = mode_coverage(torch.stack([inside, outside]), means_of(RING8), RING8.std)
    assert coverage.counts.tolist() == [0, 0, 1, 0, 0, 0, 0, 0]
    assert coverage.high_quality_percent == 50.0


def test_the_reverse_kl_counts_only_the_high_quality_samples() -> None:
    """Half the samples on mode 0, half just outside 3σ of mode 1: the histogram holds mode 0 only."""
    means = means_of(RING8)
    near_one = means[1] + torch.tensor([0, 4 * RING8.std])
    points = torch.cat([means[0].expand(1_250, 2), near_one.expand(1_250, 2)])
    coverage = mode_coverage(points, means, RING8.std)
    assert coverage.modes_covered == 1 and coverage.high_quality_percent == 50.0
    assert coverage.reverse_kl == pytest.approx(math.log(8))


@pytest.mark.parametrize("mixture", MIXTURES)
def test_samples_of_the_true_mixture_cover_every_mode_with_the_two_dimensional_3_sigma_rate(mixture: Mixture) -> None:
    """‖x − μ‖²/σ² ~ χ²₂, so P(within 3σ) = 1 − exp(−9/2) ≈ 98.89%, not the 1-D 99.73%."""
    expected = 100 * (1 - math.exp(-4.5))
    assert expected == pytest.approx(98.889, abs=1e-3)
    noise = torch.Generator().manual_seed(0)
    modes = torch.randint(mixture.num_modes, (2_500,), generator=noise)
    points = means_of(mixture)[modes] + mixture.std * torch.randn(2_500, 2, generator=noise, dtype=torch.float64)
    coverage = mode_coverage(points, means_of(mixture), mixture.std)
    assert coverage.modes_covered == mixture.num_modes
    # standard error of the rate over 2,500 samples: 0.21 points
    assert coverage.high_quality_percent == pytest.approx(expected, abs=0.7)
    assert coverage.reverse_kl is not None and 0 <= coverage.reverse_kl < 0.02
