"""The factories of the three datasets: ``mnist``, ``fashion-mnist`` and ``mnist-sample``.

Each decodes its files once into one uint8 array and keeps it so, as :class:`ganzoo.pixels.Pixels`
that stand for ``value / 127.5 - 1`` in [-1, 1]: a quarter of float32's memory, on the device too,
where training turns each batch into floats. Nothing else is cached.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import torch

from ganzoo import DataSpec, GanzooError, InMemoryData, console, download, paths
from ganzoo.download import Unavailable, download_file
from ganzoo.pixels import Pixels
from ganzoo_mnist import locate, sources
from ganzoo_mnist.idx import read_idx
from ganzoo_mnist.sample import load_sample
from ganzoo_mnist.sources import MNIST_LICENCE, SPLIT_FILES, SPLITS, Source

SPEC = DataSpec(shape=(1, 28, 28), value_range=(-1.0, 1.0), num_classes=10)

GET_MNIST = (
    "For the full set, put the MNIST IDX files (train-images-idx3-ubyte[.gz] and the three others)"
    " in a folder and pass --data-dir FOLDER, or set GANZOO_DATA_DIR=FOLDER."
)
GET_FASHION_MNIST = (
    "Install it with 'apt-get install dataset-fashion-mnist', or put its IDX files in a folder and"
    " pass --data-dir FOLDER (or set GANZOO_DATA_DIR=FOLDER)."
)


def mnist(data_dir: Path | None = None, split: str = "train") -> InMemoryData:
    """The full MNIST digits (60,000 train, 10,000 test).

    With no local copy and no way to download one, the train split falls back to
    :func:`mnist_sample` with one warning, and ``source`` says so; the test split raises.
    """
    try:
        return load_full(sources.MNIST, data_dir, split)
    except Unavailable as exc:
        if split != "train":
            raise GanzooError(f"{exc}. {GET_MNIST}") from None
        reason = str(exc)
    console.warn(f"{reason}; using the 5,000-digit MNIST sample shipped with ganzoo-mnist instead. {GET_MNIST}")
    fallback = mnist_sample()
    return InMemoryData(fallback.pixels, fallback.labels, fallback.spec,
                        source=f"fallback to {fallback.source}, because the full MNIST was unavailable")


def fashion_mnist(data_dir: Path | None = None, split: str = "train") -> InMemoryData:
    """Zalando's Fashion-MNIST (60,000 train, 10,000 test); raises when no copy can be had."""
    try:
        return load_full(sources.FASHION_MNIST, data_dir, split)
    except Unavailable as exc:
        raise GanzooError(f"{exc}. {GET_FASHION_MNIST}") from None


def mnist_sample(data_dir: Path | None = None, split: str = "train") -> InMemoryData:
    """The 5,000 MNIST digits shipped with the plugin; ``data_dir`` is not used.

    They are one split: all of them are for training, and ``split="test"`` raises rather than hand
    back digits that the model has seen (or cut the sample further).
    """
    check_split(split)
    if split != "train":
        raise GanzooError(
            "mnist-sample has only a train split (all its 5,000 digits). For a test split use 'mnist'"
            " with the full IDX files: pass --data-dir FOLDER or set GANZOO_DATA_DIR=FOLDER."
        )
    images, labels = load_sample()
    return to_data(images, labels, "the 5,000-digit MNIST sample shipped with ganzoo-mnist (500 per class)", MNIST_LICENCE)


def load_full(source: Source, data_dir: Path | None, split: str) -> InMemoryData:
    """``split`` of ``source`` from a local copy (see :mod:`ganzoo_mnist.locate`), else downloaded
    into the cache; raises :class:`Unavailable` when neither works."""
    check_split(split)
    files = locate.find_split(source, data_dir, split) or download_split(source, split)
    images_path, labels_path = files
    images, labels = read_idx(images_path, (28, 28)), read_idx(labels_path, ())
    if len(images) != len(labels):
        raise GanzooError(
            f"{images_path} holds {len(images)} images but {labels_path} holds {len(labels)} labels;"
            " the two files must be the same split of the same dataset"
        )
    if labels.size and labels.max() >= SPEC.num_classes:
        raise GanzooError(f"{labels_path} holds the label {labels.max()}; {source.title} labels are 0 to 9")
    return to_data(images, labels, f"{source.title} {split} split from {images_path} and {labels_path}", source.licence)


def download_split(source: Source, split: str) -> tuple[Path, Path]:
    """Download the split's missing files into the cache, unless ``$GANZOO_OFFLINE`` forbids it."""
    if paths.offline():
        raise Unavailable(f"found no local copy of {source.title} ({split}) and GANZOO_OFFLINE forbids downloading")
    folder = locate.download_dir(source)
    mirrors = download.mirrors(source.name, source.mirrors)
    found = []
    for stem in SPLIT_FILES[split]:
        name = f"{stem}.gz"
        try:
            found.append(locate.find_file(folder, stem) or download_file(name, mirrors, folder, source.md5[name]))
        except Unavailable as exc:
            raise Unavailable(f"found no local copy of {source.title} ({split}) and {exc}") from None
    return found[0], found[1]


def to_data(images: np.ndarray, labels: np.ndarray, source: str, licence: str) -> InMemoryData:
    """uint8 images ``(N, 28, 28)`` and labels as :class:`InMemoryData`, pixels standing for [-1, 1];
    the data's ``licence`` goes into the spec's metadata."""
    return InMemoryData(
        samples=Pixels(torch.from_numpy(images.copy()).unsqueeze(1)),  # a copy: the files' bytes are read-only
        labels=torch.from_numpy(labels.astype(np.int64)),
        spec=replace(SPEC, metadata=MappingProxyType({"licence": licence})),
        source=source,
    )


def check_split(split: str) -> None:
    if split not in SPLITS:
        raise GanzooError(f"unknown split {split!r}; choose one of: {', '.join(SPLITS)}")
