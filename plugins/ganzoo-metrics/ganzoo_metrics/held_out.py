"""The data a translating generator is judged on: the run's dataset's ``test`` split when it has
one, else its ``train`` split, which the model has seen (the datasets made from the 5,000 shipped
MNIST digits have only that one); results say which."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from ganzoo import GanzooError, InMemoryData
from ganzoo.evaluation import EvaluationContext
from ganzoo.parts import Data
from ganzoo.training.batches import as_batch


@dataclass(frozen=True)
class HeldOut:
    data: Data
    split: str  # "test", or "train" when the dataset has none

    def describe(self, dataset: str, count: int, noun: str) -> str:
        """E.g. "500 training pairs (edges2digits has no test split)"."""
        if self.split == "train":
            return f"{count:,} training {noun} ({dataset} has no test split)"
        return f"{count:,} {noun} of {dataset}'s test split"


def held_out(context: EvaluationContext) -> HeldOut:
    try:
        return HeldOut(context.real("test"), "test")
    except GanzooError:  # no test split
        return HeldOut(context.real("train"), "train")


def pick_rows(data: Data, n: int, noise: torch.Generator) -> dict[str, torch.Tensor]:
    """Every field of ``n`` samples: distinct rows picked at random (all of them if fewer), or ``n``
    fresh draws from a sampled dataset."""
    if isinstance(data, InMemoryData):
        rows = torch.randperm(len(data), generator=noise)[:n]
        return data.rows(rows)
    return as_batch(data.draw(n, noise, torch.device("cpu")))
