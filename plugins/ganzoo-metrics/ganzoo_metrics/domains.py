"""The images a translation between two unpaired domains is judged on.

Domain A's images to translate are the held-out ones (:mod:`ganzoo_metrics.held_out`). The real B
images they are compared with are the train split's; the floor's, other real B images: the test
split's when there is one, else the other half of the train split's B, so the two never share an
image. Each set holds n = min(``--n``, each set's size) distinct images picked with the evaluation's
seed. Distinct, because unpaired data repeat the smaller domain in their rows: the first
``count_a`` rows of ``"a"`` (``count_b`` of ``"sample"``) hold each image of the domain once.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from ganzoo import SAMPLE, GanzooError, InMemoryData
from ganzoo.evaluation import EvaluationContext
from ganzoo.parts import Data

from ganzoo_metrics.held_out import held_out


@dataclass(frozen=True)
class Domains:
    a: torch.Tensor  # held-out images of domain A, to translate
    b: torch.Tensor  # real images of domain B to compare the translations with
    b_floor: torch.Tensor  # other real images of B, compared with ``b`` for the floor
    a_from: str
    b_from: str
    b_floor_from: str


def unpaired_domains(context: EvaluationContext, field_a: str) -> Domains:
    noise = torch.Generator().manual_seed(context.seed)
    held = held_out(context)
    b_train = distinct(context.real("train"), SAMPLE, "count_b", context.dataset)
    b_train = b_train[torch.randperm(len(b_train), generator=noise)]
    a = distinct(held.data, field_a, "count_a", context.dataset)
    if held.split == "test":
        b, b_floor = b_train, distinct(held.data, SAMPLE, "count_b", context.dataset)
    else:
        b, b_floor = b_train.tensor_split(2)
    n = min(context.n, len(a), len(b), len(b_floor))
    a, b, b_floor = (images[torch.randperm(len(images), generator=noise)[:n]] for images in (a, b, b_floor))
    a_from = held.describe(context.dataset, n, "images of domain A")
    floor_from = f"{n:,} images of domain B of the test split" if held.split == "test" else f"{n:,} other training images of domain B"
    return Domains(a, b, b_floor, a_from, f"{n:,} training images of domain B", floor_from)


def distinct(data: Data, field: str, count: str, dataset: str) -> torch.Tensor:
    """The images of one domain, each once: the first ``metadata[count]`` rows of ``field``."""
    if not isinstance(data, InMemoryData):
        raise GanzooError(f"{dataset}: judging unpaired translations needs the two domains held in memory")
    rows = data.columns()[field]
    return rows[: data.spec.metadata.get(count, len(rows))]
