import math

import pytest
import torch

from ganzoo_metrics.divergence import kl_from_uniform


def test_a_uniform_histogram_is_zero_from_uniform() -> None:
    assert kl_from_uniform(torch.tensor([7, 7, 7, 7])) == pytest.approx(0.0, abs=1e-12)


def test_one_full_bin_is_log_k_and_empty_bins_add_nothing() -> None:
    assert kl_from_uniform(torch.tensor([0, 12, 0, 0, 0])) == pytest.approx(math.log(5))
    assert kl_from_uniform(torch.tensor([3, 1, 0, 0])) == pytest.approx(0.75 * math.log(3) + 0.25 * math.log(1))


def test_an_empty_histogram_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        kl_from_uniform(torch.zeros(4, dtype=torch.int64))
