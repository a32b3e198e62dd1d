"""The metrics' classifier for one dataset: shipped with the plugin, or trained once and cached.

A classifier is a pure function of its training images, its seed and its training settings, so
it is known by a key made of exactly those: a hash of the
:func:`~ganzoo_metrics.fingerprint.data_fingerprint` of the training part, the number of classes,
the seed, the settings and :data:`FORMAT`. When ganzoo-metrics ships a classifier with that key
(:mod:`ganzoo_metrics.shipped`: mnist-sample's and Fashion-MNIST's), that one is used; otherwise
it is trained once and cached as ``<cache>/classifiers/lenet-<key>.safetensors``. A cached file
holds the weights (safetensors, never pickle) and, in its metadata, what they were trained on and
their held-out accuracy. It is written to a temporary name and renamed, so a cache never holds
half a file.
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
from ganzoo_metrics.shipped import shipped_weights
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
    """The classifier for ``splits``: the shipped one if it has the same key, else the one in
    ``cache_dir``, else a new one, trained and saved there."""
    key = describe(splits, seed, settings)["key"]
    if (shipped := shipped_weights(key)) is not None:
        return _classifier(shipped.state, shipped.info, shipped.sha256, device)
    path = cache_dir / "classifiers" / f"lenet-{key}.safetensors"
    if not path.exists():
        _save(path, *train(splits, seed, settings, device, title))
    return load(path, device)


def describe(splits: Splits, seed: int, settings: TrainingSettings) -> dict[str, Any]:
    """What a classifier of ``splits`` is made from, and the ``key`` it is known by."""
    train_part = splits.train
    fingerprint = data_fingerprint(train_part.samples, train_part.labels, splits.value_range)
    key_source = json.dumps([FORMAT, fingerprint, splits.num_classes, seed, settings.to_dict()])
    return {
        "format": FORMAT,
        "key": hashlib.sha256(key_source.encode()).hexdigest()[:24],
        "channels": train_part.samples.shape[1],
        "size": train_part.samples.shape[-1],
        "num_classes": splits.num_classes,
        "trained_on": f"{train_part.description} ({len(train_part):,} images)",
        "train_fingerprint": fingerprint,
        "seed": seed,
        "settings": settings.to_dict(),
        "held_out": f"{splits.held_out.description} ({len(splits.held_out):,} images)",
    }


def train(
    splits: Splits, seed: int, settings: TrainingSettings, device: torch.device, title: str
) -> tuple[LeNet, dict[str, Any]]:
    """A new classifier of ``splits``, and its description with its held-out ``accuracy``."""
    train_part, held_out = splits.train, splits.held_out
    network = train_classifier(train_part.samples, train_part.labels, splits.num_classes, settings, seed, device, title)
    score = accuracy(network, held_out.samples, held_out.labels, device)
    return network, {**describe(splits, seed, settings), "accuracy": score}


def load(path: Path, device: torch.device) -> Classifier:
    """A cached classifier."""
    with safe_open(str(path), framework="pt") as file:
        info = json.loads(file.metadata()[METADATA_KEY])
    state = load_file(str(path))
    return _classifier(state, info, weights_sha256(state), device)


def _classifier(state: dict[str, torch.Tensor], info: dict[str, Any], sha256: str, device: torch.device) -> Classifier:
    network = LeNet(info["channels"], info["size"], info["num_classes"])
    network.load_state_dict(state)
    return Classifier(network.to(device).eval(), sha256, float(info["accuracy"]), info, device)


def weights(network: LeNet) -> dict[str, torch.Tensor]:
    """The network's state as a file holds it: on the CPU, contiguous."""
    return {name: tensor.detach().cpu().contiguous() for name, tensor in network.state_dict().items()}


def _save(path: Path, network: LeNet, info: dict[str, Any]) -> None:
    """Into the cache, all or nothing; a full or read-only cache is one clear error."""
    write_atomically(path, save(weights(network), metadata={METADATA_KEY: json.dumps(info)}))
