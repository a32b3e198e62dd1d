import pytest
import torch

from ganzoo_metrics.frechet import frechet_distance, frechet_distance_of_gaussians


def features(n: int = 2_000, d: int = 16, seed: int = 0) -> torch.Tensor:
    noise = torch.Generator().manual_seed(seed)
    mixing = torch.randn(d, d, generator=noise, dtype=torch.float64)
    return torch.randn(n, d, generator=noise, dtype=torch.float64) @ mixing  # correlated features


def test_the_distance_of_a_set_to_itself_is_zero() -> None:
    a = features()
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)


def test_a_pure_mean_shift_costs_its_squared_length() -> None:
    a = features()
    shift = torch.linspace(-1, 2, a.shape[1], dtype=torch.float64)
    assert frechet_distance(a, a + shift) == pytest.approx(float(shift.square().sum()), rel=1e-6)


def test_the_distance_grows_with_the_shift() -> None:
    a = features()
    distances = [frechet_distance(a, a + s) for s in (0.0, 0.5, 1.0, 2.0)]
    assert distances == sorted(distances) and distances[-1] > 0


def test_gaussians_with_commuting_covariances_match_the_closed_form() -> None:
    """For diagonal Σ₁, Σ₂: Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½) = Σᵢ (σ₁ᵢ − σ₂ᵢ)²."""
    s1, s2 = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64), torch.tensor([3.0, 1.0, 0.5], dtype=torch.float64)
    m1, m2 = torch.zeros(3, dtype=torch.float64), torch.tensor([1.0, 0.0, -2.0], dtype=torch.float64)
    value = frechet_distance_of_gaussians(m1, torch.diag(s1**2), m2, torch.diag(s2**2))
    assert value == pytest.approx(5.0 + float((s1 - s2).square().sum()))


def test_non_commuting_covariances_match_the_general_square_root() -> None:
    """Tr((Σ₁Σ₂)^½) as the sum of the square roots of the eigenvalues of Σ₁Σ₂ itself."""
    a, b = features(d=6, seed=1), features(d=6, seed=2)
    c1, c2 = torch.cov(a.T), torch.cov(b.T)
    root_trace = torch.linalg.eigvals(c1 @ c2).sqrt().real.sum()
    expected = (a.mean(0) - b.mean(0)).square().sum() + c1.trace() + c2.trace() - 2 * root_trace
    assert frechet_distance(a, b) == pytest.approx(float(expected), rel=1e-6)
