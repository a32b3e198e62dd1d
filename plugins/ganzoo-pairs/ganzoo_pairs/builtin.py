"""The datasets made from MNIST digits and Fashion-MNIST items by fixed filters.

- ``edges2digits``, ``edges2fashion``: paired; ``"input"`` is the Sobel edge map of the image in
  ``"sample"`` (see :func:`ganzoo_pairs.filters.edge_map`); labelled with the image's class.
- ``sneakers2boots``, ``digits2items``, ``digits-thin2thick``: unpaired; ``"a"`` holds domain A and
  ``"sample"`` domain B, each shuffled on its own (see :func:`ganzoo_pairs.common.unpaired_rows`).
  Their metadata name the registered dataset each domain's images come from (``source_a``,
  ``source_b``) and, when a domain is some classes of it, which (``classes_a``, ``classes_b``), so
  that a metric can judge translations with a classifier of that dataset.

The digits are the 5,000 shipped with ganzoo-mnist (``mnist-sample``), so the digit datasets work
offline. Fashion-MNIST is read as ganzoo-mnist's ``fashion-mnist`` reads it (``--data-dir``,
``$GANZOO_DATA_DIR``, the cache, Debian's ``/usr/share/datasets/fashion-mnist``, else a download);
when there is none, the datasets that need it raise an error saying how to get it.

Every filter takes well under a second of CPU for a whole set (Fashion-MNIST included), so the
pairs are computed on each load and not cached.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from ganzoo import GanzooError, InMemoryData
from ganzoo_mnist.datasets import fashion_mnist, mnist_sample
from ganzoo_pairs import common, filters

SHAPE = (1, 28, 28)
SNEAKER, ANKLE_BOOT = 7, 9  # Fashion-MNIST's classes
FASHION_CLASSES = ("T-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot")
DIGITS = "the 5,000 MNIST digits shipped with ganzoo-mnist"
THICKEN = "dilated by a 3×3 square (grey-level maximum), which thickens every stroke by one pixel on each side"


def edges2digits(data_dir: Path | None = None, split: str = "train") -> InMemoryData:
    """The shipped MNIST digits (``"sample"``) with their edge maps (``"input"``), labelled 0-9."""
    common.only_train("edges2digits", split, f"it is made from {DIGITS}")
    digits = mnist_sample()
    return _edges("edges2digits", digits, "MNIST digits", f"{DIGITS} (mnist-sample)")


def edges2fashion(data_dir: Path | None = None, split: str = "train") -> InMemoryData:
    """Fashion-MNIST's items (``"sample"``) with their edge maps (``"input"``), labelled 0-9."""
    items = _fashion("edges2fashion", data_dir, split)
    return _edges("edges2fashion", items, "Fashion-MNIST items", f"Fashion-MNIST's {split} split")


def sneakers2boots(data_dir: Path | None = None, split: str = "train", balance: str = "repeat") -> InMemoryData:
    """Unpaired: Fashion-MNIST's sneakers (domain A, ``"a"``) and ankle boots (domain B, ``"sample"``)."""
    balance = common.choice("sneakers2boots", "balance", balance, common.BALANCES)
    items = _fashion("sneakers2boots", data_dir, split)
    sneakers = items.samples[items.labels == SNEAKER]
    boots = items.samples[items.labels == ANKLE_BOOT]
    for name, found in (("sneakers (class 7)", sneakers), ("ankle boots (class 9)", boots)):
        if not len(found):
            raise GanzooError(f"sneakers2boots: the Fashion-MNIST {split} split read from {items.source} holds no {name}; "
                              "both domains need images")
    return _unpaired("sneakers2boots", sneakers, boots, balance,
                     f"Fashion-MNIST sneakers (class 7) and ankle boots (class 9) of the {split} split, read from {items.source}",
                     domain_a="Fashion-MNIST sneakers (class 7)", domain_b="Fashion-MNIST ankle boots (class 9)",
                     source_a="fashion-mnist", source_b="fashion-mnist", classes_a=[SNEAKER], classes_b=[ANKLE_BOOT])


def digits2items(data_dir: Path | None = None, split: str = "train", balance: str = "repeat") -> InMemoryData:
    """Unpaired: the shipped MNIST digits (domain A, ``"a"``) and Fashion-MNIST items (domain B, ``"sample"``)."""
    balance = common.choice("digits2items", "balance", balance, common.BALANCES)
    common.only_train("digits2items", split, f"domain A is {DIGITS}")
    items = _fashion("digits2items", data_dir, split)
    digits = mnist_sample()
    return _unpaired("digits2items", digits.samples, items.samples, balance,
                     f"{DIGITS} and every Fashion-MNIST item of the {split} split, read from {items.source}",
                     domain_a="MNIST digits (mnist-sample)", domain_b="Fashion-MNIST items (all 10 classes)",
                     source_a="mnist-sample", source_b="fashion-mnist")


def digits_thin2thick(data_dir: Path | None = None, split: str = "train", balance: str = "repeat") -> InMemoryData:
    """Unpaired, offline: digits as written (domain A, ``"a"``) and other digits made bold (domain B,
    ``"sample"``).

    The 5,000 shipped digits (500 per class, sorted by class) are split into two halves of 2,500 that
    share no digit (250 per class each): the even-numbered ones are domain A as they are, the odd ones
    are :func:`ganzoo_pairs.filters.dilate`-d into domain B. So no image of A has its own bold copy in
    B, as in real unpaired data, while the true translation of an A image stays computable
    (``filters.dilate``). Thinning by erosion would have made a better A, but a 3×3 erosion wipes out
    more than half of MNIST's two-pixel strokes."""
    balance = common.choice("digits-thin2thick", "balance", balance, common.BALANCES)
    common.only_train("digits-thin2thick", split, f"it is made from {DIGITS}")
    digits = mnist_sample().samples
    thin, thick = digits[0::2], filters.dilate(digits[1::2])
    return _unpaired("digits-thin2thick", thin, thick, balance,
                     f"{DIGITS}: 2,500 as written (A) and the other 2,500 {THICKEN} (B)",
                     domain_a="MNIST digits as written", domain_b=f"other MNIST digits, {THICKEN}",
                     source_a="mnist-sample", source_b="mnist-sample")


def _edges(dataset: str, images: InMemoryData, what: str, source: str) -> InMemoryData:
    spec = common.paired_spec(SHAPE, SHAPE, 10, direction="a2b", domain_a=f"edge maps of the {what}", domain_b=what,
                              edges=filters.EDGE_DESCRIPTION)
    return InMemoryData(
        samples=images.samples, labels=images.labels, spec=spec,
        source=f"{len(images):,} pairs of {source}: each image with its Sobel edge map as input",
        fields=common.frozen({common.INPUT: filters.edge_map(images.samples)}),
    )


def _unpaired(dataset: str, a: torch.Tensor, b: torch.Tensor, balance: str, source: str, **metadata: Any) -> InMemoryData:
    rows_a, rows_b = common.unpaired_rows(a, b, balance)
    spec = common.unpaired_spec(SHAPE, SHAPE, balance, count_a=len(a), count_b=len(b), **metadata)
    return InMemoryData(
        samples=rows_b, labels=None, spec=spec,
        source=f"{source}: {len(a):,} images in A, {len(b):,} in B, {common.describe_rows(len(a), len(b), len(rows_b), balance)}",
        fields=common.frozen({common.DOMAIN_A: rows_a}),
    )


def _fashion(dataset: str, data_dir: Path | None, split: str) -> InMemoryData:
    """Fashion-MNIST's ``split`` as ganzoo-mnist's ``fashion-mnist`` loads it, or a clear error."""
    try:
        return fashion_mnist(data_dir=data_dir, split=split)
    except GanzooError as exc:
        raise GanzooError(f"{dataset} is made from Fashion-MNIST, which could not be loaded: {exc}") from None
