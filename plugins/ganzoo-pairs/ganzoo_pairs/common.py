"""What the datasets share: checking options, the specs of paired and unpaired data, and laying two
unpaired domains side by side in rows.

Field names (kept exactly; the schemes of pix2pix, CycleGAN and SRGAN are written against them):
``"sample"`` is always the target, what the generator learns to produce; ``"input"`` is the other
image of a pair, ``"a"`` an image of the other domain of unpaired data, ``"low"`` the small copy of
a super-resolution pair.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import torch

from ganzoo import DataSpec, Field, GanzooError

INPUT = "input"  # the input image of a pair
DOMAIN_A = "a"  # an image of domain A in unpaired data ("sample" holds domain B)
LOW = "low"  # the low-resolution image of a super-resolution pair

DIRECTIONS = ("a2b", "b2a")
BALANCES = ("repeat", "truncate")
DOWNSAMPLINGS = ("area", "bicubic")
FACTORS = (2, 4, 8)
SHUFFLE_SEED = 0  # the rows of unpaired data are shuffled the same way on every load (resume depends on it)
UNPAIRED_NOTE = (
    "unpaired: row i holds an image of domain A and one of domain B that have nothing to do with each other"
    " (the two domains are shuffled independently); a scheme must not rely on the row pairing"
)


def whole(dataset: str, name: str, value: object) -> int:
    """An option as a whole number (a string of digits is fine: options may come from text)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise GanzooError(f"{dataset}'s {name} must be a whole number, got {value!r}")
    try:
        return int(value)
    except ValueError:
        raise GanzooError(f"{dataset}'s {name} must be a whole number, got {value!r}") from None


def choice(dataset: str, name: str, value: object, choices: tuple[Any, ...]) -> Any:
    """An option that must be one of ``choices``."""
    if value not in choices:
        raise GanzooError(f"{dataset}'s {name} must be one of {', '.join(map(str, choices))}; got {value!r}")
    return value


def factor_option(dataset: str, factor: object) -> int:
    factor = whole(dataset, "factor", factor)
    return choice(dataset, "factor", factor, FACTORS)


def size_and_channels(dataset: str, size: object, channels: object) -> tuple[int, int]:
    size, channels = whole(dataset, "size", size), whole(dataset, "channels", channels)
    if size < 1:
        raise GanzooError(f"{dataset}'s size must be at least 1 pixel, got {size}")
    if channels not in (1, 3):
        raise GanzooError(f"{dataset}'s channels must be 3 (colour) or 1 (greyscale), got {channels}")
    return size, channels


def only_train(dataset: str, split: str, why: str) -> None:
    if split != "train":
        raise GanzooError(f"{dataset} has only a train split ({why}), not {split!r}")


def paired_spec(shape: tuple[int, ...], input_shape: tuple[int, ...], num_classes: int | None, **metadata: Any) -> DataSpec:
    """The spec of pairs: ``"sample"`` the target, ``"input"`` the image a generator starts from."""
    return DataSpec(
        shape=shape, value_range=(-1.0, 1.0), num_classes=num_classes,
        fields=MappingProxyType({INPUT: Field(input_shape)}),
        metadata=MappingProxyType({"task": "image-to-image", "pairing": "paired", "input_field": INPUT,
                                   "target_field": "sample", **metadata}),
    )


def unpaired_spec(shape: tuple[int, ...], a_shape: tuple[int, ...], balance: str, **metadata: Any) -> DataSpec:
    """The spec of two unpaired domains: ``"a"`` domain A, ``"sample"`` domain B; unlabelled."""
    return DataSpec(
        shape=shape, value_range=(-1.0, 1.0), num_classes=None,
        fields=MappingProxyType({DOMAIN_A: Field(a_shape)}),
        metadata=MappingProxyType({"task": "image-to-image", "pairing": "unpaired", "input_field": DOMAIN_A,
                                   "target_field": "sample", "direction": "a2b", "rows": balance,
                                   "note": UNPAIRED_NOTE, **metadata}),
    )


def unpaired_rows(a: torch.Tensor, b: torch.Tensor, balance: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Domains ``a`` and ``b`` (any counts) as two tensors of equal rows, each shuffled on its own.

    ``"repeat"``: as many rows as the larger domain; the smaller one is drawn again in fresh shuffled
    rounds, so each of its images appears ⌊N/n⌋ or ⌈N/n⌉ times and every image of both is used.
    ``"truncate"``: as many rows as the smaller domain; the larger one is cut to a random subset.
    Either way the first min(count, rows) rows of a domain hold distinct images of it: all of them
    when it has no more than ``rows``. The shuffles are the same on every load."""
    generator = torch.Generator().manual_seed(SHUFFLE_SEED)
    rows = max(len(a), len(b)) if balance == "repeat" else min(len(a), len(b))
    return a[_rounds(len(a), rows, generator)], b[_rounds(len(b), rows, generator)]


def _rounds(n: int, rows: int, generator: torch.Generator) -> torch.Tensor:
    """``rows`` indices into ``n`` items: shuffled rounds of all ``n``, the last cut short."""
    rounds = -(-rows // n)
    return torch.cat([torch.randperm(n, generator=generator) for _ in range(rounds)])[:rows]


def describe_rows(count_a: int, count_b: int, rows: int, balance: str) -> str:
    if count_a == count_b:
        return f"{rows:,} rows, unpaired"
    how = "the smaller domain repeated in shuffled rounds" if balance == "repeat" else "the larger domain cut to a random subset"
    return f"{rows:,} rows ({how}), unpaired"


def frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))
