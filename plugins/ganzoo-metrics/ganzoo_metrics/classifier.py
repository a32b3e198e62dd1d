"""The metrics' classifier for one dataset: trained once, then loaded from the cache.

A classifier is a pure function of its training images, its seed and its training settings, so
it is cached under a key made of exactly those: ``<cache>/classifiers/lenet-<key>.safetensors``,
where the key hashes the :func:`~ganzoo_metrics.fingerprint.data_fingerprint` of the training
part, the number of classes, the seed, the settings and :data:`FORMAT`. The file holds the weights
(safetensors, never pickle) and, in its metadata, what they were trained on and their held-out
accuracy. It is written to a temporary name and renamed, so a cache never holds half a file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save

from ganzoo.evaluation import EvaluationContext
from ganzoo.files import write_atomically
from ganzoo_metrics.fingerprint import data_fingerprint, weights_sha256
from ganzoo_metrics.lenet import LeNet
from ganzoo_metrics.names import dataset_name
from ganzoo_metrics.splits import Splits, reference_splits
from ganzoo_metrics.training import EVALUATION_BATCH, TrainingSettings, accuracy, train_classifier

FORMAT = "ganzoo-metrics lenet 1"
METADATA_KEY = "ganzoo_metrics"


@dataclass(frozen=True)
class Classifier:
    """A trained :class:`LeNet` and what it is known by: the sha256 of its weights, its held-out
    accuracy, and the rest of its file's metadata."""

    network: LeNet
    sha256: str
    accuracy: float
    info: dict[str, Any]
    device: torch.device

    @torch.no_grad()
    def features(self, images: torch.Tensor) -> torch.Tensor:
        """Penultimate activations ``(n, 128)``, float32 on the CPU."""
        return self._map(images, self.network.features)

    @torch.no_grad()
    def probabilities(self, images: torch.Tensor) -> torch.Tensor:
        """p(y|x) ``(n, classes)``, float32 on the CPU."""
        return self._map(images, lambda x: self.network(x).softmax(dim=1))

    def provenance(self) -> dict[str, Any]:
        """What a result records, under ``"classifier"``, about the classifier it was measured with."""
        return {
            "sha256": self.sha256,
            "accuracy": self.accuracy,
            "accuracy_on": self.info["held_out"],
            "trained_on": self.info["trained_on"],
            "seed": self.info["seed"],
        }

    def _map(self, images: torch.Tensor, function: Callable[[torch.Tensor], torch.Tensor]) -> torch.Tensor:
        return torch.cat([
            function(images[i : i + EVALUATION_BATCH].to(self.device)).float().cpu()
            for i in range(0, images.shape[0], EVALUATION_BATCH)
        ])


def dataset_classifier(
    context: EvaluationContext, dataset: str, seed: int, settings: TrainingSettings
) -> tuple[Classifier, Splits]:
    """The classifier of the registered ``dataset``, and the splits it was trained and judged on."""
    splits = reference_splits(context, dataset)
    title = f"training the {dataset_name(dataset)} classifier (once)"
    return cached_classifier(splits, context.cache_dir, seed, settings, context.device, title), splits


def cached_classifier(
    splits: Splits, cache_dir: Path, seed: int, settings: TrainingSettings, device: torch.device, title: str
) -> Classifier:
    """The classifier for ``splits``: loaded from ``cache_dir`` if there, else trained and saved."""
    train = splits.train
    fingerprint = data_fingerprint(train.samples, train.labels, splits.value_range)
    key_source = json.dumps([FORMAT, fingerprint, splits.num_classes, seed, settings.to_dict()])
    path = cache_dir / "classifiers" / f"lenet-{hashlib.sha256(key_source.encode()).hexdigest()[:24]}.safetensors"
    if not path.exists():
        network = train_classifier(train.samples, train.labels, splits.num_classes, settings, seed, device, title)
        info = {
            "format": FORMAT,
            "channels": train.samples.shape[1],
            "size": train.samples.shape[-1],
            "num_classes": splits.num_classes,
            "trained_on": f"{train.description} ({len(train):,} images)",
            "train_fingerprint": fingerprint,
            "seed": seed,
            "settings": settings.to_dict(),
            "held_out": f"{splits.held_out.description} ({len(splits.held_out):,} images)",
            "accuracy": accuracy(network, splits.held_out.samples, splits.held_out.labels, device),
        }
        _save(path, network, info)
    return load(path, device)


def load(path: Path, device: torch.device) -> Classifier:
    with safe_open(str(path), framework="pt") as file:
        info = json.loads(file.metadata()[METADATA_KEY])
    state = load_file(str(path))
    network = LeNet(info["channels"], info["size"], info["num_classes"])
    network.load_state_dict(state)
    return Classifier(network.to(device).eval(), weights_sha256(state), float(info["accuracy"]), info, device)


def _save(path: Path, network: LeNet, info: dict[str, Any]) -> None:
    """Into the cache, all or nothing; a full or read-only cache is one clear error."""
    state = {name: tensor.detach().cpu().contiguous() for name, tensor in network.state_dict().items()}
    write_atomically(path, save(state, metadata={METADATA_KEY: json.dumps(info)}))
