"""``memorisation`` on generators with known answers: one that returns training images, one that
returns the held-out images, measured with the shipped mnist-sample classifier."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn

from ganzoo import DataSpec
from ganzoo.evaluation import EvaluationContext
from ganzoo.plugins import Zoo
from ganzoo_metrics.memorisation_metric import SHOWN, MemorisationMetric
from ganzoo_metrics.splits import LabelledImages, Splits, registered_splits

DIGITS = DataSpec((1, 28, 28), (-1.0, 1.0), 10)
SPACES = ("pixel", "feature")
ContextFor = Callable[..., EvaluationContext]


class Replay(nn.Module):
    """Returns the same images whatever its latent vectors: the first ``len(z)`` of ``images``."""

    def __init__(self, images: torch.Tensor) -> None:
        super().__init__()
        self.images = images

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.images[: len(z)]


@pytest.fixture(scope="module")
def digits(zoo: Zoo) -> Splits:
    return registered_splits(zoo, "mnist-sample")


def test_a_generator_that_returns_training_images_is_at_distance_zero_and_ratio_zero(
    context_for: ContextFor, digits: Splits
) -> None:
    copied = digits.train.samples[1_000:1_500]
    result = MemorisationMetric().evaluate(context_for("mnist-sample", DIGITS, Replay(copied), n=10_000))
    assert result["n_used"] == 500
    for space in SPACES:
        assert result[f"{space}_median"] == pytest.approx(0.0, abs=1e-5)
        assert result[f"{space}_p5"] == pytest.approx(0.0, abs=1e-5)
        assert result[f"{space}_median_floor"] > 0.1 and result[f"{space}_p5_floor"] > 0.1
        assert result[f"{space}_median_ratio"] == pytest.approx(0.0, abs=1e-4)
    nearest = result["nearest"]
    assert len(nearest) == SHOWN and all(shown["distance"] == 0.0 for shown in nearest)
    assert [shown["train_row"] for shown in nearest] == [int(digits.train.rows[1_000 + shown["sample"]]) for shown in nearest]
    # the picture a report shows: each copy (left) beside the training image it copies (right)
    picture = np.asarray(Image.open(io.BytesIO(base64.b64decode(result["nearest_picture"].split(",", 1)[1]))))
    assert picture.shape == (2 + SHOWN * 30, 2 + 2 * 30)
    assert all((picture[2 + 30 * row : 30 * (row + 1), 2:30] == picture[2 + 30 * row : 30 * (row + 1), 32:60]).all()
               for row in range(SHOWN))
    assert (picture[2:30, 2:30] != picture[32:60, 2:30]).any()  # rows differ: the shown copies are distinct


def test_a_generator_that_returns_the_held_out_images_is_at_the_floor(context_for: ContextFor, digits: Splits) -> None:
    result = MemorisationMetric().evaluate(context_for("mnist-sample", DIGITS, Replay(digits.held_out.samples), n=10_000))
    for space in SPACES:
        for quantile in ("median", "p5"):
            assert result[f"{space}_{quantile}"] == pytest.approx(result[f"{space}_{quantile}_floor"], rel=1e-5)
            assert result[f"{space}_{quantile}_ratio"] == pytest.approx(1.0, rel=1e-5)
    assert 3 < result["pixel_median_floor"] < 10  # L2 over 784 pixels in [0, 1] between two different digits
    assert result["note"].startswith("distances to the nearest of all 4,500 training images")


def test_at_most_1000_images_of_each_set_are_compared() -> None:
    def part(n: int) -> LabelledImages:
        return LabelledImages(torch.zeros(n, 1, 2, 2), torch.zeros(n, dtype=torch.int64), "blank", torch.arange(n))

    splits = Splits(part(60_000), part(10_000), (-1.0, 1.0), 10)
    assert [MemorisationMetric().sample_count(asked, splits) for asked in (200, 10_000)] == [200, 1_000]
