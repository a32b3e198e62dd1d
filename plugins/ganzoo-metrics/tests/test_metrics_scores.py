"""The classifier Inception Score and class coverage on probability tables with known answers."""

import math

import pytest
import torch

from ganzoo_metrics.coverage import class_coverage
from ganzoo_metrics.inception_score import inception_score


def test_a_confident_classifier_spreading_samples_evenly_scores_the_number_of_classes() -> None:
    probabilities = torch.eye(10)[torch.arange(1_000) % 10]
    assert inception_score(probabilities) == pytest.approx(10.0)


def test_one_class_or_no_confidence_scores_one() -> None:
    assert inception_score(torch.eye(10)[torch.zeros(100, dtype=torch.int64)]) == pytest.approx(1.0)
    assert inception_score(torch.full((100, 10), 0.1)) == pytest.approx(1.0)


def test_a_confident_classifier_on_half_the_classes_scores_half() -> None:
    probabilities = torch.eye(10)[torch.arange(1_000) % 5]
    assert inception_score(probabilities) == pytest.approx(5.0)


def test_class_coverage_counts_the_classes_predicted_and_their_distance_from_uniform() -> None:
    everything = class_coverage(torch.arange(1_000) % 10, 10)
    assert (everything.covered, everything.kl) == (10, pytest.approx(0.0, abs=1e-12))
    two = class_coverage(torch.tensor([3, 3, 7, 7]), 10)
    assert (two.covered, two.kl) == (2, pytest.approx(math.log(5)))
