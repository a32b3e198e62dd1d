"""The registered metrics through the contract ``ganzoo evaluate`` uses: a context around a
generator, ``applies_to`` and ``evaluate``. Classifiers are trained with few steps to stay fast."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import torch
from torch import nn

from ganzoo import DataSpec, GanzooError
from ganzoo.evaluation import EvaluationContext
from ganzoo_metrics import stacked_metric
from ganzoo_metrics.image_metrics import (
    ClassCoverageMetric,
    FrechetDistanceMetric,
    InceptionScoreMetric,
    KernelDistanceMetric,
)
from ganzoo_metrics.memorisation_metric import MemorisationMetric
from ganzoo_metrics.mixture_metric import ModeCoverageMetric
from ganzoo_metrics.stacked_metric import StackedModesMetric
from ganzoo_metrics.training import TrainingSettings
from ganzoo_toy.mixtures import RING8

QUICK = TrainingSettings(steps=20, batch_size=32)
DIGITS = DataSpec((1, 28, 28), (-1.0, 1.0), 10)
STACKED = DataSpec((3, 28, 28), (-1.0, 1.0), 1_000)
PLANE = DataSpec((2,), RING8.value_range, 8)
ContextFor = Callable[..., EvaluationContext]


def image_generator(channels: int) -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(8, channels * 784), nn.Tanh(), nn.Unflatten(1, (channels, 28, 28)))


class TwoModes(nn.Module):
    """Puts every sample exactly on mode 0 or mode 3 of the ring, by the sign of its first latent."""

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        means = torch.tensor(RING8.means, dtype=torch.float32)
        return torch.where(z[:, :1] > 0, means[0], means[3])


IMAGE_METRICS = [FrechetDistanceMetric, KernelDistanceMetric, InceptionScoreMetric, ClassCoverageMetric]


def test_the_image_metrics_report_value_floor_and_provenance_reproducibly(context_for: ContextFor) -> None:
    def measure(seed: int, metrics: list[type] = IMAGE_METRICS) -> list[dict]:
        context = context_for("mnist-sample", DIGITS, image_generator(1), n=10_000, seed=seed)
        return [metric(training=QUICK).evaluate(context) for metric in metrics]

    fd, kid, score, coverage = first = measure(3)
    assert measure(3) == first
    assert measure(4, [FrechetDistanceMetric])[0]["fd"] != fd["fd"]
    for result in first:
        assert result["n_used"] == 500  # capped at the held-out part: every 10th of 5,000 digits
        assert result["seed"] == 3
        assert result["reference"] == "mnist-sample train split less every 10th image"
        assert result["floor_from"] == "every 10th image of mnist-sample's train split"
        assert result["classifier"] == fd["classifier"] and len(fd["classifier"]["sha256"]) == 64
        assert 0 < fd["classifier"]["accuracy"] <= 1 and fd["classifier"]["seed"] == 0
        assert fd["classifier"]["accuracy_on"] == "every 10th image of mnist-sample's train split (500 images)"
        assert fd["classifier"]["trained_on"] == "mnist-sample train split less every 10th image (4,500 images)"
    assert 0 <= fd["fd_floor"] < fd["fd"]
    assert kid["kid_floor"] < kid["kid"] and (kid["kid_subsets"], kid["kid_subset_size"], kid["kid_std"]) == (1, 500, 0.0)
    assert 1 <= score["is"] <= 10 and 1 <= score["is_floor"] <= 10 and score["is_max"] == 10
    assert 1 <= coverage["classes_covered"] <= 10 and coverage["num_classes"] == 10


def test_mode_coverage_uses_2500_samples_and_compares_with_the_true_mixture(context_for: ContextFor) -> None:
    result = ModeCoverageMetric().evaluate(context_for("ring8", PLANE, TwoModes(), n=100, seed=1))
    assert result["n_used"] == 2_500 and result["num_modes"] == 8 and result["threshold_std"] == 3.0
    assert (result["modes_covered"], result["high_quality_percent"]) == (2, 100.0)
    assert result["reverse_kl"] == pytest.approx(math.log(4), abs=0.01)  # two modes, about half each
    assert result["modes_covered_floor"] == 8
    assert result["high_quality_percent_floor"] == pytest.approx(100 * (1 - math.exp(-4.5)), abs=0.7)
    assert result["reverse_kl_floor"] < 0.02
    assert ModeCoverageMetric().evaluate(context_for("ring8", PLANE, TwoModes(), n=100, seed=1)) == result


def test_stacked_modes_reads_each_channel_as_a_digit(context_for: ContextFor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stacked_metric, "SAMPLES", 300)  # the definition's 26,000 take a minute on a CPU
    context = context_for("stacked-mnist", STACKED, image_generator(3), seed=2)
    result = StackedModesMetric(training=QUICK).evaluate(context)
    assert result["n_used"] == 300 and result["num_modes"] == 1_000
    assert 1 <= result["modes_covered"] <= result["modes_covered_floor"] <= 300
    assert result["kl"] >= result["kl_floor"] >= math.log(1_000 / 300) - 1e-9
    assert result["floor_from"] == "every 10th image of mnist's train split"  # offline: mnist is the sample
    assert StackedModesMetric(training=QUICK).evaluate(context_for("stacked-mnist", STACKED, image_generator(3), seed=2)) == result


@pytest.mark.parametrize(
    ("dataset", "spec", "applicable"),
    [
        ("ring8", PLANE, {"mode-coverage"}),
        ("toy:grid25", PLANE, {"mode-coverage"}),
        ("mnist-sample", DIGITS, {"fd", "kid", "is", "coverage", "memorisation"}),
        ("fashion-mnist", DIGITS, {"fd", "kid", "is", "coverage", "memorisation"}),
        ("stacked-mnist", STACKED, {"stacked"}),
        ("cifar10", DataSpec((3, 32, 32), (-1.0, 1.0), 10), set()),
        ("swiss-roll", DataSpec((2,)), set()),
    ],
)
def test_each_metric_applies_to_its_datasets_only(dataset: str, spec: DataSpec, applicable: set[str]) -> None:
    metrics = {
        "mode-coverage": ModeCoverageMetric(),
        "fd": FrechetDistanceMetric(),
        "kid": KernelDistanceMetric(),
        "is": InceptionScoreMetric(),
        "coverage": ClassCoverageMetric(),
        "memorisation": MemorisationMetric(),
        "stacked": StackedModesMetric(),
    }
    assert {name for name, metric in metrics.items() if metric.applies_to(dataset, spec)} == applicable


def test_a_metric_named_for_a_dataset_it_does_not_measure_says_so(context_for: ContextFor) -> None:
    with pytest.raises(GanzooError, match="mode-coverage measures ring8 and grid25, not 'mnist-sample'"):
        ModeCoverageMetric().evaluate(context_for("mnist-sample", DIGITS, image_generator(1)))
    with pytest.raises(GanzooError, match="classifier-fd measures the datasets mnist, mnist-sample, fashion-mnist, not 'ring8'"):
        FrechetDistanceMetric().evaluate(context_for("ring8", PLANE, TwoModes()))
