"""Finding a local copy of a dataset's IDX files.

Folders are searched in this order, and the first one that holds both files of the split wins:

1. the ``<name>`` sub-folder of the ``data_dir`` the run was given (``--data-dir``), then that
   folder itself;
2. the same two in ``$GANZOO_DATA_DIR``;
3. ``<ganzoo cache>/<name>``, where downloads go;
4. the folders OS packages install into (e.g. ``/usr/share/datasets/fashion-mnist``).

The sub-folder comes first so that one data folder can hold MNIST's files and a ``fashion-mnist``
folder (the file names are the same) without the one being read for the other. In each folder a file
may be raw or ``.gz``; the raw one is preferred because it reads faster.
"""

from __future__ import annotations

from pathlib import Path

from ganzoo import paths

from ganzoo_mnist.sources import SPLIT_FILES, Source


def search_dirs(source: Source, data_dir: Path | None) -> list[Path]:
    """The folders to search, best first."""
    dirs: list[Path] = []
    for base in (data_dir, paths.data_dir_from_env()):
        if base is not None:
            dirs += [Path(base) / source.name, Path(base)]
    dirs.append(download_dir(source))
    dirs += source.system_dirs
    return dirs


def download_dir(source: Source) -> Path:
    """Where downloaded files are kept."""
    return paths.cache_dir() / source.name


def find_split(source: Source, data_dir: Path | None, split: str) -> tuple[Path, Path] | None:
    """The (images, labels) files of ``split`` from the first folder that holds both, if any."""
    for folder in search_dirs(source, data_dir):
        found = [find_file(folder, stem) for stem in SPLIT_FILES[split]]
        if found[0] is not None and found[1] is not None:
            return found[0], found[1]
    return None


def find_file(folder: Path, stem: str) -> Path | None:
    """``folder/stem`` or ``folder/stem.gz``, whichever exists first."""
    for candidate in (folder / stem, folder / f"{stem}.gz"):
        if candidate.is_file():
            return candidate
    return None
