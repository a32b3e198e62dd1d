"""``code-class-accuracy``: how well an InfoGAN's categorical code matches the classes of its data.

For each value k of the categorical code, ⌊n / categories⌋ images are drawn with ``code=k``, all
from the same noise and continuous codes (the evaluation's seed), so that only the code differs
between the rows of the count table. The classifier of ganzoo-metrics trained on the run's dataset
(a LeNet) names each image's class; ``counts[k][y]`` is how many images of code k it puts in class y.
Nothing ties a code to a class in training, so the codes are matched to the classes one to one by
the assignment with the most images on it (:mod:`ganzoo_infogan.assignment`), and the accuracy is
the share of images whose class is the one assigned to their code. The paper reads its MNIST codes
this way and reports a 5% error, 0.95; codes that ignore the classes score about 1/categories.
The classifier's own held-out accuracy, recorded with the result, bounds what can be measured.

``ganzoo evaluate RUN`` chooses it for InfoGAN runs (scheme ``infogan``) on the MNIST family.
"""

from __future__ import annotations

from typing import Any

import torch

from ganzoo import DataSpec, GanzooError, Recipe
from ganzoo.evaluation import EvaluationContext
from ganzoo_infogan.assignment import best_assignment
from ganzoo_infogan.codes import CodeLayout
from ganzoo_metrics.classifier import Classifier, dataset_classifier
from ganzoo_metrics.names import MNIST_FAMILY, dataset_name
from ganzoo_metrics.training import TrainingSettings

NAME = "code-class-accuracy"
SHAPE = (1, 28, 28)


class CodeClassAccuracy:
    version = "1"

    def __init__(self, classifier_seed: int = 0, training: TrainingSettings | None = None) -> None:
        self.classifier_seed = classifier_seed
        self.training = training or TrainingSettings()

    def applies_to(self, dataset: str, spec: DataSpec, recipe: Recipe | None = None) -> bool:
        """InfoGAN runs on the MNIST family: the recipe tells an InfoGAN from another model."""
        return recipe is not None and recipe.scheme == "infogan" and dataset_name(dataset) in MNIST_FAMILY

    def evaluate(self, context: EvaluationContext) -> dict[str, Any]:
        layout = measured_layout(context)
        classifier, splits = dataset_classifier(context, context.dataset, self.classifier_seed, self.training)
        per_code = max(1, context.n // layout.categories)
        counts = [class_counts(context, classifier, code, per_code, splits.value_range, splits.num_classes)
                  for code in range(layout.categories)]
        assignment = best_assignment(counts)
        matched = sum(counts[code][cls] for code, cls in enumerate(assignment) if cls is not None)
        return {
            "accuracy": matched / (per_code * layout.categories),
            "assignment": assignment,
            "n_used": per_code * layout.categories,
            "seed": context.seed,
            "classifier": classifier.provenance(),
            "note": "share of images in the class matched one to one to their categorical code (chance ≈"
                    f" 1/{layout.categories}; the paper's MNIST codes: 0.95); --json gives each code's class",
        }


def measured_layout(context: EvaluationContext) -> CodeLayout:
    """The run's code layout, if it is an InfoGAN on data of the MNIST family; else an error."""
    layout = getattr(context.trained.scheme, "layout", None)
    if not isinstance(layout, CodeLayout):
        raise GanzooError(f"{NAME} measures InfoGAN runs (scheme infogan), not scheme {context.trained.recipe.scheme!r}")
    if dataset_name(context.dataset) not in MNIST_FAMILY or context.spec.shape != SHAPE:
        raise GanzooError(f"{NAME} measures the datasets {', '.join(MNIST_FAMILY)}, not {context.dataset!r}")
    return layout


def class_counts(context: EvaluationContext, classifier: Classifier, code: int, n: int,
                 value_range: tuple[float, float], num_classes: int) -> list[int]:
    """How many of ``n`` images drawn with categorical code ``code`` the classifier puts in each class."""
    images = context.trained.sample(n, context.seed, code=code).clamp(*value_range)
    predicted = classifier.probabilities(images).argmax(dim=1)
    return torch.bincount(predicted, minlength=num_classes).tolist()
