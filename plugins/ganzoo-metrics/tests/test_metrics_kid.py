import pytest
import torch

from ganzoo_metrics.kid import KernelDistance, kernel_distance, unbiased_mmd2


def features(n: int, shift: float = 0.0, seed: int = 0) -> torch.Tensor:
    return torch.randn(n, 8, generator=torch.Generator().manual_seed(seed), dtype=torch.float64) + shift


def test_the_estimator_is_the_unbiased_mmd_with_the_cubic_kernel() -> None:
    x, y = features(5, seed=1), features(5, 0.3, seed=2)

    def k(a: torch.Tensor, b: torch.Tensor) -> float:
        return float((a @ b / 8 + 1) ** 3)

    within = sum(k(x[i], x[j]) + k(y[i], y[j]) for i in range(5) for j in range(5) if i != j) / 20
    across = sum(k(x[i], y[j]) for i in range(5) for j in range(5)) / 25
    assert float(unbiased_mmd2(x, y)) == pytest.approx(within - 2 * across)


def test_the_distance_of_a_set_to_itself_is_about_zero_and_a_shift_is_far() -> None:
    a = features(10_000)
    same = kernel_distance(a, a, torch.Generator().manual_seed(0))
    other = kernel_distance(a, features(10_000, seed=1), torch.Generator().manual_seed(0))
    shifted = kernel_distance(a, features(10_000, 0.5, seed=1), torch.Generator().manual_seed(0))
    assert abs(same.mean) < 0.01 and abs(other.mean) < 0.01
    assert shifted.mean > 1.0 > 100 * max(abs(same.mean), abs(other.mean))
    assert (same.subsets, same.subset_size) == (100, 1_000)


def test_small_sets_use_subsets_of_their_size_and_the_seed_decides_them() -> None:
    a, b = features(300), features(400, 0.2, seed=1)
    first = kernel_distance(a, b, torch.Generator().manual_seed(3))
    assert (first.subsets, first.subset_size) == (100, 300)
    assert first == kernel_distance(a, b, torch.Generator().manual_seed(3))
    assert first != kernel_distance(a, b, torch.Generator().manual_seed(4))


def test_two_sets_that_fit_in_one_subset_give_one_estimate_on_the_whole_sets() -> None:
    a, b = features(300), features(300, 0.2, seed=1)
    whole = kernel_distance(a, b, torch.Generator().manual_seed(3))
    assert whole == KernelDistance(float(unbiased_mmd2(a, b)), 0.0, 1, 300)
