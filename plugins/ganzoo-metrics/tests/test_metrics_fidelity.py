"""L1, PSNR, SSIM and the baselines of the paired metric on cases whose answers are known."""

from __future__ import annotations

import math

import pytest
import torch

from ganzoo import DataSpec, Field
from ganzoo_metrics.baselines import baseline, bicubic
from ganzoo_metrics.fidelity import fidelity, mean_absolute_error, psnr, to_unit
from ganzoo_metrics.ssim import K1, K2, SIGMA, ssim


def images(n: int = 6, channels: int = 3, size: int = 28, seed: int = 0) -> torch.Tensor:
    return torch.rand(n, channels, size, size, generator=torch.Generator().manual_seed(seed))


def test_an_exact_answer_has_l1_0_infinite_psnr_and_ssim_1() -> None:
    x = images()
    assert fidelity(x, x.clone()) == {"l1": 0.0, "psnr": math.inf, "ssim": 1.0}


@pytest.mark.parametrize("shift", [0.01, 0.1, 0.25])
def test_a_constant_shift_c_gives_l1_c_and_psnr_minus_10_log10_c_squared(shift: float) -> None:
    x = images() * (1 - shift)
    scores = fidelity(x + shift, x)
    assert scores["l1"] == pytest.approx(shift, rel=1e-5)
    assert scores["psnr"] == pytest.approx(-10 * math.log10(shift**2), rel=1e-5)


def test_psnr_is_averaged_per_image_not_taken_of_the_mean_error() -> None:
    target = torch.zeros(2, 1, 4, 4)
    answer = torch.cat([torch.full((1, 1, 4, 4), 0.1), torch.full((1, 1, 4, 4), 0.01)])
    assert psnr(answer, target).tolist() == pytest.approx([20.0, 40.0])
    assert fidelity(answer, target)["psnr"] == pytest.approx(30.0)  # not -10·log10(mean of the two MSEs) ≈ 23.0
    assert mean_absolute_error(answer, target).tolist() == pytest.approx([0.1, 0.01])


@pytest.mark.parametrize(("a", "b"), [(0.2, 0.7), (0.5, 0.5), (0.0, 1.0), (0.9, 0.1)])
def test_ssim_of_two_constant_images_follows_the_formula(a: float, b: float) -> None:
    c1 = K1**2  # σ = 0 everywhere: SSIM = (2ab + C1)·C2 / ((a² + b² + C1)·C2)
    expected = (2 * a * b + c1) / (a * a + b * b + c1)
    x, y = (torch.full((2, 3, 16, 16), value, dtype=torch.float64) for value in (a, b))
    assert ssim(x, y).tolist() == pytest.approx([expected] * 2, rel=1e-9)


def test_ssim_matches_its_definition_computed_window_by_window() -> None:
    x, y = images(1, 2, 13, seed=1), images(1, 2, 13, seed=2)
    offsets = torch.arange(11, dtype=torch.float64) - 5
    weights = torch.exp(-(offsets[:, None] ** 2 + offsets[None, :] ** 2) / (2 * SIGMA**2))
    weights /= weights.sum()
    values = []
    for channel in range(2):
        for top in range(3):
            for left in range(3):
                u = x[0, channel, top : top + 11, left : left + 11].double()
                v = y[0, channel, top : top + 11, left : left + 11].double()
                mu_u, mu_v = (weights * u).sum(), (weights * v).sum()
                var_u, var_v = (weights * (u - mu_u) ** 2).sum(), (weights * (v - mu_v) ** 2).sum()
                cov = (weights * (u - mu_u) * (v - mu_v)).sum()
                values.append(((2 * mu_u * mu_v + K1**2) * (2 * cov + K2**2))
                              / ((mu_u**2 + mu_v**2 + K1**2) * (var_u + var_v + K2**2)))
    assert float(ssim(x, y)) == pytest.approx(float(torch.stack(values).mean()), rel=1e-9)


def test_ssim_of_images_smaller_than_the_window_uses_a_window_as_large_as_the_image() -> None:
    x = images(2, 1, 8)
    assert ssim(x, x).tolist() == [1.0, 1.0]
    assert 0 < float(ssim(x, images(2, 1, 8, seed=3)).mean()) < 1


def test_values_are_mapped_from_the_data_range_to_0_1() -> None:
    assert to_unit(torch.tensor([-1.0, 0.0, 1.0]), (-1.0, 1.0)).tolist() == [0.0, 0.5, 1.0]


SR = DataSpec((1, 28, 28), fields={"low": Field((1, 7, 7))},
              metadata={"task": "super-resolution", "pairing": "paired", "input_field": "low", "target_field": "sample"})
PAIRS = DataSpec((1, 28, 28), fields={"input": Field((1, 28, 28))},
                 metadata={"task": "image-to-image", "pairing": "paired", "input_field": "input", "target_field": "sample"})


@pytest.mark.parametrize("value", [-1.0, -0.3, 0.6, 1.0])
def test_the_bicubic_baseline_of_a_constant_image_is_perfect(value: float) -> None:
    name, answers = baseline(SR, torch.full((3, 1, 7, 7), value))
    scores = fidelity(answers, to_unit(torch.full((3, 1, 28, 28), value), (-1.0, 1.0)))
    assert name == "bicubic" and answers.shape == (3, 1, 28, 28)
    assert scores["l1"] < 1e-6 and scores["psnr"] > 120 and scores["ssim"] == pytest.approx(1.0, abs=1e-9)


def test_bicubic_upsampling_is_clamped_to_the_value_range() -> None:
    step = torch.full((1, 1, 4, 4), -1.0)
    step[..., 2:] = 1.0  # a sharp edge: bicubic overshoots it unclamped
    upsampled = bicubic(step, (16, 16), (-1.0, 1.0))
    assert upsampled.min() == -1.0 and upsampled.max() == 1.0


def test_the_identity_baseline_is_the_input_and_needs_the_target_s_shape() -> None:
    inputs = torch.rand(2, 1, 28, 28) * 2 - 1
    name, answers = baseline(PAIRS, inputs)
    assert name == "identity" and torch.equal(answers, to_unit(inputs, (-1.0, 1.0)))
    colour = DataSpec((3, 28, 28), fields=PAIRS.fields, metadata=PAIRS.metadata)
    assert baseline(colour, inputs) is None  # a grey input is no answer for a colour target
