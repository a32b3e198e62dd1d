"""The real images a classifier is trained on and judged by, and the metrics' reference sets.

The *training part* is the dataset's ``train`` split. The *held-out part* is its ``test`` split
when it has one (mnist, fashion-mnist); a dataset with only a training split (mnist-sample) gives
up every tenth image of it instead: a fixed, deterministic 10%, and, since mnist-sample is sorted
by class, exactly 10% of every class. The two never share an image.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

from ganzoo import GanzooError, InMemoryData
from ganzoo.evaluation import EvaluationContext
from ganzoo.parts import Data
from ganzoo.plugins import Zoo
from ganzoo.training.build import call_factory

HELD_OUT_EVERY = 10


@dataclass(frozen=True)
class LabelledImages:
    samples: torch.Tensor
    labels: torch.Tensor
    description: str
    rows: torch.Tensor  # each image's row in the dataset's split, to name it in a report

    def __len__(self) -> int:
        return int(self.samples.shape[0])

    def subset(self, n: int, generator: torch.Generator) -> torch.Tensor:
        """``n`` of the images, picked at random without replacement (all of them if fewer)."""
        return self.samples[torch.randperm(len(self), generator=generator)[:n]]


@dataclass(frozen=True)
class Splits:
    train: LabelledImages
    held_out: LabelledImages
    value_range: tuple[float, float]
    num_classes: int


def reference_splits(context: EvaluationContext, dataset: str | None = None) -> Splits:
    """The training and held-out parts of ``dataset`` (the run's by default)."""
    name = dataset or context.dataset
    return dataset_splits(lambda split: context.real(split, name), name)


def registered_splits(zoo: Zoo, dataset: str, data_dir: Path | None = None) -> Splits:
    """The training and held-out parts of a registered dataset with its default options, outside
    any run (to make or check a classifier)."""
    entry = zoo.registry.get("dataset", dataset)
    return dataset_splits(lambda split: call_factory(entry, {}, data_dir=data_dir, split=split), dataset)


def dataset_splits(real: Callable[[str], Data], name: str) -> Splits:
    """The training and held-out parts of the dataset ``name``, whose splits ``real(split)`` loads
    (raising :class:`GanzooError` for a split it does not have)."""
    data = real("train")
    samples, labels = _labelled(data, name, "train")
    rows = torch.arange(len(labels))
    try:
        test = real("test")
    except GanzooError:  # no test split: hold out part of the training split
        every = rows % HELD_OUT_EVERY == 0
        train = LabelledImages(samples[~every], labels[~every],
                               f"{name} train split less every {HELD_OUT_EVERY}th image", rows[~every])
        held_out = LabelledImages(samples[every], labels[every],
                                  f"every {HELD_OUT_EVERY}th image of {name}'s train split", rows[every])
    else:
        train = LabelledImages(samples, labels, f"{name} train split", rows)
        test_samples, test_labels = _labelled(test, name, "test")
        held_out = LabelledImages(test_samples, test_labels, f"{name} test split", torch.arange(len(test_labels)))
    if data.spec.num_classes is None:
        raise GanzooError(f"dataset {name!r} declares no number of classes")
    return Splits(train, held_out, data.spec.value_range, data.spec.num_classes)


def _labelled(data: Data, name: str, split: str) -> tuple[torch.Tensor, torch.Tensor]:
    if not isinstance(data, InMemoryData) or data.labels is None:
        raise GanzooError(f"dataset {name!r} ({split}) must be labelled images held in memory to train the metrics' classifier")
    return data.samples, data.labels
