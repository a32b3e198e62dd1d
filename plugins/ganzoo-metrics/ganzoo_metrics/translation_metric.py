"""``classifier-translation``: translations between two unpaired domains of the MNIST family
(CycleGAN's sneakers2boots, digits2items, digits-thin2thick), judged by the LeNet of
:mod:`ganzoo_metrics.classifier` of the dataset domain B's images come from (the data's metadata
``source_b``).

Held-out images of domain A are translated A → B, the generator's default direction (sets: see
:mod:`ganzoo_metrics.domains`). Reported, as they apply to the data:

- ``fd``: the Fréchet distance between the classifier's features of the translations and of real
  B images; ``fd_floor`` the same for other real B images, ``fd_identity`` for the A images
  untranslated (how far apart the domains are to begin with).
- ``target_share``: when domain B is some classes of its dataset (``classes_b``: sneakers2boots'
  ankle boots), the share of translations the classifier puts in one of them; ``_floor`` for real
  B images (the classifier's own recall), ``_identity`` for the A images.
- ``class_kept``: when both domains hold the same classes of the same dataset (digits-thin2thick:
  digits as written and made bold), the share of translations classified as their input is: a
  thin 3 should become a bold 3.

For digits2items neither share means anything: the classifier puts every image in some item class,
and a digit has no item class to keep, so the FD alone says whether translations look like items.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch

from ganzoo import DataSpec, GanzooError
from ganzoo.evaluation import EvaluationContext

from ganzoo_metrics.classifier import Classifier, dataset_classifier
from ganzoo_metrics.domains import Domains, unpaired_domains
from ganzoo_metrics.frechet import frechet_distance
from ganzoo_metrics.names import MNIST_FAMILY, dataset_name
from ganzoo_metrics.tasks import pairing
from ganzoo_metrics.training import TrainingSettings

SHAPE = (1, 28, 28)


class ClassifierTranslationMetric:
    version = "1"

    def __init__(self, classifier_seed: int = 0, training: TrainingSettings | None = None) -> None:
        self.classifier_seed = classifier_seed
        self.training = training or TrainingSettings()

    def applies_to(self, dataset: str, spec: DataSpec) -> bool:
        meta = spec.metadata
        field = spec.fields.get(meta.get("input_field"))
        return (pairing(spec) == "unpaired" and dataset_name(meta.get("source_b") or "") in MNIST_FAMILY
                and spec.shape == SHAPE and field is not None and field.shape == SHAPE)

    def evaluate(self, context: EvaluationContext) -> dict[str, Any]:
        spec = context.spec
        if not self.applies_to(context.dataset, spec):
            raise GanzooError(f"classifier-translation measures translations between unpaired domains of "
                              f"{', '.join(MNIST_FAMILY)} images (e.g. sneakers2boots), not {context.dataset!r}")
        meta = spec.metadata
        classifier, _ = dataset_classifier(context, meta["source_b"], self.classifier_seed, self.training)
        domains = unpaired_domains(context, meta["input_field"])
        translated = context.translate({meta["input_field"]: domains.a}).clamp(*spec.value_range)
        values = {**distances(classifier, domains, translated), **shares(classifier, domains, translated, meta)}
        return {
            **values,
            "n_used": len(translated),
            "seed": context.seed,
            "measured_on": domains.a_from,
            "reference": domains.b_from,
            "floor_from": domains.b_floor_from,
            "classifier": classifier.provenance(),
            "note": f"translations of {domains.a_from} against {domains.b_from}; _floor: {domains.b_floor_from},"
                    " _identity: the A images untranslated",
        }


def distances(classifier: Classifier, domains: Domains, translated: torch.Tensor) -> dict[str, float]:
    reference = classifier.features(domains.b)
    return {
        "fd": frechet_distance(classifier.features(translated), reference),
        "fd_floor": frechet_distance(classifier.features(domains.b_floor), reference),
        "fd_identity": frechet_distance(classifier.features(domains.a), reference),
    }


def shares(classifier: Classifier, domains: Domains, translated: torch.Tensor, meta: Mapping[str, Any]) -> dict[str, Any]:
    """``target_share`` and ``class_kept``, as far as the domains' metadata give them a meaning."""
    found: dict[str, Any] = {}
    if meta.get("classes_b"):
        classes = torch.tensor(meta["classes_b"])
        for suffix, images in (("", translated), ("_floor", domains.b_floor), ("_identity", domains.a)):
            found[f"target_share{suffix}"] = float(torch.isin(predicted(classifier, images), classes).double().mean())
        found["target_classes"] = list(meta["classes_b"])
    if meta.get("source_a") == meta.get("source_b") and meta.get("classes_a") == meta.get("classes_b"):
        found["class_kept"] = float((predicted(classifier, translated) == predicted(classifier, domains.a)).double().mean())
    return found


def predicted(classifier: Classifier, images: torch.Tensor) -> torch.Tensor:
    return classifier.probabilities(images).argmax(dim=1)
