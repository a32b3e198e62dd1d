"""``stacked-modes``: mode coverage of stacked MNIST (Metz et al. 2017, unrolled GAN; VEEGAN;
PacGAN), 1,000 modes, one per triple of digits.

By its definition it uses 26,000 generated samples whatever ``--n`` says. Each of the three
channels is classified by the MNIST classifier of :mod:`ganzoo_metrics.classifier` (trained on
``mnist``'s train split, which is ganzoo-mnist's 5,000-digit sample when the full MNIST is not at
hand: the same digits the stacked-mnist dataset is made of), giving the mode d₀·100 + d₁·10 + d₂.
It reports how many of the 1,000 modes occur, and KL(mode histogram ‖ uniform over 1,000). The
``_floor`` is the same for 26,000 stacks of held-out real digits, drawn with the evaluation's seed:
an expected 26 samples a mode leaves almost none empty, and what the floor misses beyond that is the
classifier's error, cubed.
"""

from __future__ import annotations

from typing import Any

import torch

from ganzoo import DataSpec, GanzooError
from ganzoo.evaluation import EvaluationContext

from ganzoo_metrics.classifier import Classifier, dataset_classifier
from ganzoo_metrics.coverage import ClassCoverage, class_coverage
from ganzoo_metrics.names import dataset_name
from ganzoo_metrics.training import TrainingSettings

SAMPLES = 26_000
MODES = 1_000
DIGITS_FROM = "mnist"


class StackedModesMetric:
    version = "1"

    def __init__(self, classifier_seed: int = 0, training: TrainingSettings | None = None) -> None:
        self.classifier_seed = classifier_seed
        self.training = training or TrainingSettings()

    def applies_to(self, dataset: str, spec: DataSpec) -> bool:
        return dataset_name(dataset) == "stacked-mnist" and spec.shape == (3, 28, 28)

    def evaluate(self, context: EvaluationContext) -> dict[str, Any]:
        if not self.applies_to(context.dataset, context.spec):
            raise GanzooError(f"stacked-modes measures stacked-mnist, not {context.dataset!r}")
        classifier, splits = dataset_classifier(context, DIGITS_FROM, self.classifier_seed, self.training)
        generated, _ = context.generate(SAMPLES)
        digits = splits.held_out.samples
        picks = torch.randint(len(digits), (SAMPLES, 3), generator=torch.Generator().manual_seed(context.seed))
        real = digits[picks].flatten(1, 2)  # (SAMPLES, 3, 1, 28, 28) → (SAMPLES, 3, 28, 28)
        return {
            **_values(stacked_modes(classifier, generated.clamp(*splits.value_range)), ""),
            **_values(stacked_modes(classifier, real), "_floor"),
            "num_modes": MODES,
            "n_used": SAMPLES,
            "seed": context.seed,
            "floor_from": splits.held_out.description,
            "classifier": classifier.provenance(),
        }


def stacked_modes(classifier: Classifier, images: torch.Tensor) -> ClassCoverage:
    """Coverage of the 1,000 modes by ``images`` ``(n, 3, 28, 28)``, channel c read as digit d_c."""
    digits = [classifier.probabilities(images[:, c : c + 1]).argmax(dim=1) for c in range(3)]
    return class_coverage(digits[0] * 100 + digits[1] * 10 + digits[2], MODES)


def _values(coverage: ClassCoverage, suffix: str) -> dict[str, Any]:
    return {f"modes_covered{suffix}": coverage.covered, f"kl{suffix}": coverage.kl}
