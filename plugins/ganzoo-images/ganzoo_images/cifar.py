"""CIFAR-10, read from its "python version" pickle batches.

The published archive ``cifar-10-python.tar.gz`` unpacks to a ``cifar-10-batches-py`` folder with
``data_batch_1`` to ``data_batch_5`` (the train split, 10,000 images each), ``test_batch`` and
``batches.meta``. Each batch is a pickled dict whose ``b"data"`` is a uint8 array ``(N, 3072)``,
one row per image holding its red, green and blue 32×32 planes, and whose ``b"labels"`` lists N
class numbers 0 to 9. The batches are read with :mod:`ganzoo_images.safe_pickle`, so a tampered
file cannot run code.

A folder holding the split's batches is looked for, first match wins, in:

1. ``--data-dir DIR``: ``DIR/cifar10/cifar-10-batches-py``, ``DIR/cifar10``,
   ``DIR/cifar-10-batches-py``, then ``DIR`` itself;
2. the same four in ``$GANZOO_DATA_DIR``;
3. ``<ganzoo cache>/cifar10/cifar-10-batches-py``, where downloads are unpacked.

Failing that, a ``cifar-10-python.tar.gz`` in any of those folders is unpacked into the cache, and
failing that too the archive is downloaded into the cache, checked against its published MD5 and
unpacked (then deleted), unless ``$GANZOO_OFFLINE`` forbids it. ``$GANZOO_CIFAR10_MIRRORS``
replaces the download site with comma-separated base URLs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from ganzoo import DataSpec, GanzooError, InMemoryData, paths
from ganzoo.pixels import Pixels

from ganzoo_images import archive, safe_pickle

NAME = "cifar10"
SPEC = DataSpec(shape=(3, 32, 32), value_range=(-1.0, 1.0), num_classes=10)
FOLDER = "cifar-10-batches-py"
ARCHIVE = "cifar-10-python.tar.gz"
MIRRORS = ("https://www.cs.toronto.edu/~kriz/",)
MD5 = "c58f30108f718f92721af3b95e74349a"  # published on the CIFAR page
SPLIT_BATCHES = {
    "train": tuple(f"data_batch_{i}" for i in range(1, 6)),
    "test": ("test_batch",),
}

GET_CIFAR10 = (
    f"Download {MIRRORS[0]}{ARCHIVE} and pass --data-dir FOLDER for the folder holding it (or its"
    f" unpacked {FOLDER} folder), or set GANZOO_DATA_DIR=FOLDER"
)


def cifar10(data_dir: Path | None = None, split: str = "train") -> InMemoryData:
    """CIFAR-10's ``split`` (``train``: 50,000 images; ``test``: 10,000) as 3×32×32 in [-1, 1],
    kept as their bytes (:class:`ganzoo.pixels.Pixels`)."""
    if split not in SPLIT_BATCHES:
        raise GanzooError(f"unknown split {split!r}; choose one of: {', '.join(SPLIT_BATCHES)}")
    folder = find_folder(data_dir, split) or fetch_folder(data_dir, split)
    batches = [read_batch(folder / name) for name in SPLIT_BATCHES[split]]
    images = np.concatenate([b[0] for b in batches])  # a writable copy, even of one batch
    labels = np.concatenate([b[1] for b in batches])
    return InMemoryData(
        samples=Pixels(torch.from_numpy(images).view(-1, 3, 32, 32)),  # bytes standing for value / 127.5 - 1
        labels=torch.from_numpy(labels),
        spec=SPEC,
        source=f"CIFAR-10 {split} split ({len(labels):,} images) from {folder}",
    )


def search_dirs(data_dir: Path | None) -> list[Path]:
    """The folders that may hold the batches, best first."""
    dirs: list[Path] = []
    for base in (data_dir, paths.data_dir_from_env()):
        if base is not None:
            base = Path(base)
            dirs += [base / NAME / FOLDER, base / NAME, base / FOLDER, base]
    dirs.append(cache_folder())
    return dirs


def cache_folder() -> Path:
    """Where the downloaded archive is unpacked."""
    return paths.cache_dir() / NAME / FOLDER


def find_folder(data_dir: Path | None, split: str) -> Path | None:
    """The first folder holding every batch of ``split``, if any."""
    for folder in search_dirs(data_dir):
        if all((folder / name).is_file() for name in SPLIT_BATCHES[split]):
            return folder
    return None


def fetch_folder(data_dir: Path | None, split: str) -> Path:
    """Unpack a local copy of the archive into the cache, else download it there first."""
    # Imported here: it brings in rich's progress bar and urllib, which a local copy does not need.
    from ganzoo.download import Unavailable, download_file, mirrors

    for folder in search_dirs(data_dir):
        if (folder / ARCHIVE).is_file():
            return checked_unpack(folder / ARCHIVE, split)
    if paths.offline():
        raise GanzooError(f"found no local copy of CIFAR-10 ({split}) and GANZOO_OFFLINE forbids downloading. {GET_CIFAR10}")
    try:
        downloaded = download_file(ARCHIVE, mirrors("cifar10", MIRRORS), cache_folder().parent, MD5)
    except Unavailable as exc:
        raise GanzooError(f"found no local copy of CIFAR-10 ({split}) and {exc}. {GET_CIFAR10}") from None
    try:
        return checked_unpack(downloaded, split)
    finally:
        downloaded.unlink(missing_ok=True)  # the unpacked batches are all that is read


def checked_unpack(tarball: Path, split: str) -> Path:
    folder = archive.extract_folder(tarball, FOLDER, cache_folder().parent)
    missing = [name for name in SPLIT_BATCHES[split] if not (folder / name).is_file()]
    if missing:
        raise GanzooError(f"{tarball} unpacked without {', '.join(missing)}; it is not the CIFAR-10 python archive")
    return folder


def read_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The images ``(N, 3072)`` uint8 and labels ``(N,)`` int64 of one batch file, checked."""
    batch = safe_pickle.load(path)
    if not isinstance(batch, dict):
        raise _invalid(path, f"it holds a {type(batch).__name__}, not a dict")
    data, labels = _field(path, batch, "data"), _field(path, batch, "labels")
    if not isinstance(data, np.ndarray) or data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3072:
        described = f"a {data.dtype} array of shape {data.shape}" if isinstance(data, np.ndarray) else type(data).__name__
        raise _invalid(path, f"its data is {described}, not uint8 rows of 3072 values")
    try:
        label_array = np.asarray(labels, dtype=np.int64)
    except (TypeError, ValueError, OverflowError):
        raise _invalid(path, "its labels are not whole numbers") from None
    if label_array.shape != (len(data),):
        raise _invalid(path, f"it holds {len(data)} images but {label_array.size} labels")
    if label_array.size and (label_array.min() < 0 or label_array.max() >= SPEC.num_classes):
        raise _invalid(path, "its labels fall outside 0 to 9")
    return data, label_array


def _field(path: Path, batch: dict, key: str) -> object:
    """``batch[b"key"]`` as Python 2 wrote it, or ``batch["key"]`` from a re-pickled copy."""
    for candidate in (key.encode(), key):
        if candidate in batch:
            return batch[candidate]
    raise _invalid(path, f"it has no {key!r} entry")


def _invalid(path: Path, reason: str) -> GanzooError:
    return GanzooError(f"{path} is not a CIFAR-10 batch: {reason}. Replace it with a fresh copy")
