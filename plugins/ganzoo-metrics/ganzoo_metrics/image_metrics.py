"""The image metrics of the MNIST family, each measured in the space of the dataset's own
classifier (:mod:`ganzoo_metrics.classifier`) instead of Inception-v3's, which was made for
ImageNet photographs, not 28×28 digits.

Every metric compares three sets of the same size n = min(``--n``, size of the held-out part), or
fewer where its ``sample_count`` says so: n generated images, n held-out real images and n real
training images, the latter two picked with the evaluation's seed. The value compares the generated images with the training images; the
``_floor`` compares the held-out images with them, the best a generator can expect at this n (FD
in particular is biased upwards at small n). Generated images are clamped to the dataset's value
range first, as they would be to be shown.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

import torch

from ganzoo import DataSpec, GanzooError
from ganzoo.evaluation import EvaluationContext

from ganzoo_metrics.classifier import Classifier, dataset_classifier
from ganzoo_metrics.coverage import class_coverage
from ganzoo_metrics.frechet import frechet_distance
from ganzoo_metrics.inception_score import inception_score
from ganzoo_metrics.kid import kernel_distance
from ganzoo_metrics.names import MNIST_FAMILY, dataset_name
from ganzoo_metrics.splits import Splits
from ganzoo_metrics.tasks import translates
from ganzoo_metrics.training import TrainingSettings


@dataclass(frozen=True)
class Sets:
    """The images a metric compares, and the classifier to compare them with."""

    classifier: Classifier
    generated: torch.Tensor
    held_out: torch.Tensor
    train: torch.Tensor
    splits: Splits  # all of the real images, for a metric that searches them
    noise: torch.Generator  # seeded by the evaluation, for metrics that draw subsets


class ClassifierMetric(ABC):
    """The common part: which datasets, which classifier, which images, and the provenance.
    A subclass says how to ``compare`` the sets and names its metric in ``name``."""

    name = ""
    version = "1"

    def __init__(self, classifier_seed: int = 0, training: TrainingSettings | None = None) -> None:
        self.classifier_seed = classifier_seed
        self.training = training or TrainingSettings()

    def applies_to(self, dataset: str, spec: DataSpec) -> bool:
        """The MNIST family, for a generator that draws from noise (not one that translates images)."""
        return dataset_name(dataset) in MNIST_FAMILY and spec.shape == (1, 28, 28) and not translates(spec)

    def evaluate(self, context: EvaluationContext) -> dict[str, Any]:
        if not self.applies_to(context.dataset, context.spec):
            raise GanzooError(f"{self.name} measures the datasets {', '.join(MNIST_FAMILY)}, not {context.dataset!r}")
        classifier, splits = dataset_classifier(context, context.dataset, self.classifier_seed, self.training)
        n = self.sample_count(context.n, splits)
        noise = torch.Generator().manual_seed(context.seed)
        generated, _ = context.generate(n)
        sets = Sets(
            classifier=classifier,
            generated=generated.clamp(*splits.value_range),
            held_out=splits.held_out.subset(n, noise),
            train=splits.train.subset(n, noise),
            splits=splits,
            noise=noise,
        )
        return {
            **self.compare(sets),
            "n_used": n,
            "seed": context.seed,
            "reference": splits.train.description,
            "floor_from": splits.held_out.description,
            "classifier": classifier.provenance(),
        }

    def sample_count(self, asked: int, splits: Splits) -> int:
        """How many images of each set to compare when ``--n`` asks for ``asked``."""
        return min(asked, len(splits.held_out))

    @abstractmethod
    def compare(self, sets: Sets) -> dict[str, Any]:
        """The metric's values, and their ``_floor``, for these sets."""


class FrechetDistanceMetric(ClassifierMetric):
    """``classifier-fd``: the Fréchet distance between the classifier's features of the generated
    and the training images (:mod:`ganzoo_metrics.frechet`)."""

    name = "classifier-fd"

    def compare(self, sets: Sets) -> dict[str, Any]:
        train = sets.classifier.features(sets.train)
        return {
            "fd": frechet_distance(sets.classifier.features(sets.generated), train),
            "fd_floor": frechet_distance(sets.classifier.features(sets.held_out), train),
        }


class KernelDistanceMetric(ClassifierMetric):
    """``classifier-kid``: the kernel distance (:mod:`ganzoo_metrics.kid`) in the same features."""

    name = "classifier-kid"

    def compare(self, sets: Sets) -> dict[str, Any]:
        train = sets.classifier.features(sets.train)
        kid = kernel_distance(sets.classifier.features(sets.generated), train, sets.noise)
        floor = kernel_distance(sets.classifier.features(sets.held_out), train, sets.noise)
        return {
            "kid": kid.mean,
            "kid_std": kid.std,
            "kid_floor": floor.mean,
            "kid_floor_std": floor.std,
            "kid_subsets": kid.subsets,
            "kid_subset_size": kid.subset_size,
        }


class InceptionScoreMetric(ClassifierMetric):
    """``classifier-is``: the Inception Score (:mod:`ganzoo_metrics.inception_score`) with the
    dataset's classifier; at most the number of classes."""

    name = "classifier-is"

    def compare(self, sets: Sets) -> dict[str, Any]:
        return {
            "is": inception_score(sets.classifier.probabilities(sets.generated)),
            "is_floor": inception_score(sets.classifier.probabilities(sets.held_out)),
            "is_max": sets.splits.num_classes,
        }


class ClassCoverageMetric(ClassifierMetric):
    """``class-coverage``: how many classes the generated images are classified as, and the KL of
    that histogram from uniform (:mod:`ganzoo_metrics.coverage`)."""

    name = "class-coverage"

    def compare(self, sets: Sets) -> dict[str, Any]:
        classes = sets.splits.num_classes
        generated = class_coverage(sets.classifier.probabilities(sets.generated).argmax(dim=1), classes)
        held_out = class_coverage(sets.classifier.probabilities(sets.held_out).argmax(dim=1), classes)
        return {
            "classes_covered": generated.covered,
            "classes_covered_floor": held_out.covered,
            "num_classes": classes,
            "class_kl": generated.kl,
            "class_kl_floor": held_out.kl,
        }
