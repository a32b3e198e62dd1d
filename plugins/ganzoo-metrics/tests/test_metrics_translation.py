"""The metrics of image-to-image models through the contract ``ganzoo evaluate`` uses, with
hand-made translators whose answers are known: the identity, bicubic upsampling, and the very
filter that made domain B."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
import torch

from ganzoo import DataSpec, Field, GanzooError, InMemoryData
from ganzoo.evaluation import EvaluationContext, MetricResult
from ganzoo_metrics.baselines import bicubic
from ganzoo_metrics.domains import distinct, unpaired_domains
from ganzoo_metrics.image_metrics import FrechetDistanceMetric
from ganzoo_metrics.paired_metric import PairedFidelityMetric
from ganzoo_metrics.training import TrainingSettings
from ganzoo_metrics.translation_metric import ClassifierTranslationMetric
from ganzoo_pairs.filters import dilate

FASHION = Path("/usr/share/datasets")  # Debian's dataset-fashion-mnist, as on CI
CLASSIFIER = TrainingSettings(steps=200, batch_size=32)  # enough to tell boots from sneakers, digits apart
TranslatorFor = Callable[..., EvaluationContext]


def same(images: torch.Tensor) -> torch.Tensor:
    return images.clone()


def test_paired_fidelity_of_the_identity_equals_its_baseline_on_training_pairs(translator_for: TranslatorFor) -> None:
    result = PairedFidelityMetric().evaluate(translator_for("edges2digits", same, n=300, seed=1))
    for name in ("l1", "psnr", "ssim"):
        assert result[name] == result[f"{name}_identity"]
    assert 0 < result["l1"] < 1 and 0 < result["psnr"] < math.inf and -1 < result["ssim"] < 1
    assert result["n_used"] == 300 and result["seed"] == 1
    assert result["measured_on"] == "300 training pairs (edges2digits has no test split)"
    assert result["baseline"].startswith("identity: the input image itself")
    assert PairedFidelityMetric().evaluate(translator_for("edges2digits", same, n=300, seed=1)) == result
    assert PairedFidelityMetric().evaluate(translator_for("edges2digits", same, n=300, seed=2))["l1"] != result["l1"]


def test_paired_fidelity_of_bicubic_upsampling_equals_the_bicubic_baseline(translator_for: TranslatorFor) -> None:
    def upsample(low: torch.Tensor) -> torch.Tensor:
        return bicubic(low, (28, 28), (-1.0, 1.0))

    context = translator_for("sr-pairs", upsample, n=100, of="mnist-sample", factor=4)
    result = PairedFidelityMetric().evaluate(context)
    assert {k: result[k] for k in ("l1", "psnr", "ssim")} == {k: result[f"{k}_bicubic"] for k in ("l1", "psnr", "ssim")}
    assert "l1_identity" not in result and result["baseline"].startswith("bicubic: bicubic upsampling")
    assert result["psnr"] > 10 and result["measured_on"] == "100 training pairs (sr-pairs has no test split)"


def test_classifier_translation_of_thin_digits_by_the_filter_that_made_them_bold(translator_for: TranslatorFor) -> None:
    """dilate is the true translation: the digits keep their class and land near real bold digits,
    far nearer than the thin digits themselves (a translator that ignored its input would keep a
    tenth of the classes; a quickly trained classifier misreads some bold digits); the identity
    keeps every class."""
    metric = ClassifierTranslationMetric(training=CLASSIFIER)
    result = metric.evaluate(translator_for("digits-thin2thick", dilate, n=400, seed=3))
    assert result["class_kept"] > 0.8 and "target_share" not in result
    assert result["fd_floor"] < result["fd"] < result["fd_identity"] / 3
    assert (result["n_used"], result["seed"]) == (400, 3)
    assert result["measured_on"] == "400 training images of domain A (digits-thin2thick has no test split)"
    assert result["floor_from"] == "400 other training images of domain B"
    assert result["classifier"]["trained_on"] == "mnist-sample train split less every 10th image (4,500 images)"
    unchanged = metric.evaluate(translator_for("digits-thin2thick", same, n=400, seed=3))
    assert unchanged["class_kept"] == 1.0 and unchanged["fd"] == unchanged["fd_identity"] == result["fd_identity"]


@pytest.mark.skipif(not (FASHION / "fashion-mnist").is_dir(), reason="needs Debian's dataset-fashion-mnist")
def test_classifier_translation_of_sneakers_and_of_digits_to_fashion(translator_for: TranslatorFor) -> None:
    metric = ClassifierTranslationMetric(training=CLASSIFIER)
    sneakers = metric.evaluate(translator_for("sneakers2boots", same, n=300, data_dir=FASHION))
    assert sneakers["target_share"] == sneakers["target_share_identity"] < 0.3  # sneakers are not boots
    assert sneakers["target_share_floor"] > 0.8  # real ankle boots are
    assert sneakers["target_classes"] == [9] and "class_kept" not in sneakers
    assert sneakers["fd"] == sneakers["fd_identity"] > 3 * sneakers["fd_floor"]
    assert sneakers["measured_on"] == "300 images of domain A of sneakers2boots's test split"
    assert sneakers["floor_from"] == "300 images of domain B of the test split"
    digits = metric.evaluate(translator_for("digits2items", same, n=300, data_dir=FASHION))
    assert {"fd", "fd_floor", "fd_identity"} <= set(digits) and not {"target_share", "class_kept"} & set(digits)
    assert digits["classifier"]["sha256"] == sneakers["classifier"]["sha256"]  # Fashion-MNIST's, for domain B


def rows_as_set(images: torch.Tensor) -> set[bytes]:
    return {row.numpy().tobytes() for row in images}


def test_each_image_of_a_domain_is_taken_once() -> None:
    """Unpaired rows repeat the smaller domain: only its first count_a rows are distinct."""
    a = torch.arange(3.0).repeat(3).view(9, 1)  # three images of A, in three rounds
    spec = DataSpec((1,), fields={"a": Field((1,))}, metadata={"count_a": 3, "count_b": 9})
    data = InMemoryData(torch.arange(9.0).view(9, 1), None, spec, "rows", fields={"a": a})
    assert distinct(data, "a", "count_a", "rows").tolist() == [[0.0], [1.0], [2.0]]
    assert len(distinct(data, "sample", "count_b", "rows")) == 9


def test_the_floor_s_images_of_domain_b_are_others_than_the_reference_s(translator_for: TranslatorFor) -> None:
    domains = unpaired_domains(translator_for("digits-thin2thick", same, n=5_000, seed=4), "a")
    assert len(domains.a) == len(domains.b) == len(domains.b_floor) == 1_250  # half of B's 2,500 each
    assert len(rows_as_set(domains.a)) == 1_250 and not rows_as_set(domains.b) & rows_as_set(domains.b_floor)


PAIRED = {"task": "image-to-image", "pairing": "paired", "input_field": "input", "target_field": "sample"}
UNPAIRED = {"task": "image-to-image", "pairing": "unpaired", "input_field": "a", "target_field": "sample"}
DIGIT = (1, 28, 28)


@pytest.mark.parametrize(
    ("fields", "metadata", "applicable"),
    [
        ({"input": Field(DIGIT)}, PAIRED, {"paired"}),
        ({"low": Field((1, 7, 7))}, {**PAIRED, "task": "super-resolution", "input_field": "low"}, {"paired"}),
        ({"a": Field(DIGIT)}, {**UNPAIRED, "source_a": "mnist-sample", "source_b": "mnist-sample"}, {"translation"}),
        ({"a": Field(DIGIT)}, {**UNPAIRED, "source_b": "pairs:fashion-mnist", "classes_b": [9]}, {"translation"}),
        ({"a": Field(DIGIT)}, UNPAIRED, set()),  # your own two domains: no classifier knows them
        ({}, {}, {"fd"}),  # a GAN of noise
    ],
)
def test_each_metric_applies_to_its_kind_of_model_only(fields: dict, metadata: dict, applicable: set[str]) -> None:
    """Even on a dataset named like an MNIST one, a translating model gets no noise-sampling metric."""
    spec = DataSpec(DIGIT, (-1.0, 1.0), 10, fields=fields, metadata=metadata)
    metrics = {"paired": PairedFidelityMetric(), "translation": ClassifierTranslationMetric(), "fd": FrechetDistanceMetric()}
    assert {name for name, metric in metrics.items() if metric.applies_to("mnist-sample", spec)} == applicable


def test_a_translation_metric_named_for_a_model_it_does_not_measure_says_so(translator_for: TranslatorFor) -> None:
    with pytest.raises(GanzooError, match="paired-fidelity measures models trained on pairs of images .* not on 'digits-thin2"):
        PairedFidelityMetric().evaluate(translator_for("digits-thin2thick", same))
    with pytest.raises(GanzooError, match="classifier-translation measures translations between unpaired domains"):
        ClassifierTranslationMetric().evaluate(translator_for("edges2digits", same))


def test_an_infinite_value_is_recorded_as_valid_json() -> None:
    recorded = MetricResult("paired-fidelity", "metrics", "1", {"psnr": math.inf, "nested": [-math.inf]}).to_dict()
    assert json.loads(json.dumps(recorded, allow_nan=False))["psnr"] == "inf" and recorded["nested"] == ["-inf"]
    assert float(recorded["psnr"]) == math.inf
