"""Where the full datasets come from: file names, download mirrors, checksums, system folders.

The MD5 sums are the published ones of the original ``.gz`` files (the same that torchvision and the
Fashion-MNIST README list). Only downloads are checked against them: a copy the user provides may be
uncompressed or recompressed (Debian's are), and is validated by its IDX header instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

SPLITS = ("train", "test")

# The (images, labels) files of each split, without the optional ".gz".
SPLIT_FILES: Mapping[str, tuple[str, str]] = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


MNIST_LICENCE = ("MNIST (Yann LeCun, Corinna Cortes, Christopher J.C. Burges): Creative Commons Attribution-Share Alike"
                 " 3.0 (CC BY-SA 3.0, https://creativecommons.org/licenses/by-sa/3.0/)")
FASHION_MNIST_LICENCE = "Fashion-MNIST (Zalando Research): MIT License (https://github.com/zalandoresearch/fashion-mnist)"


@dataclass(frozen=True)
class Source:
    """One full dataset published as four IDX files."""

    name: str  # the registered name, also the sub-folder in the cache and data folders
    title: str  # how messages call it
    mirrors: tuple[str, ...]  # base URLs, tried in order
    md5: Mapping[str, str]  # published MD5 of each ".gz" file
    system_dirs: tuple[Path, ...]  # folders that OS packages install the files into
    licence: str  # the terms the data is published under, for model cards of what is trained on it



MNIST = Source(
    name="mnist",
    title="MNIST",
    mirrors=(
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ),
    md5={
        "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
        "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
        "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
    },
    system_dirs=(Path("/usr/share/datasets/mnist"),),
    licence=MNIST_LICENCE,
)

FASHION_MNIST = Source(
    name="fashion-mnist",
    title="Fashion-MNIST",
    mirrors=("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",),
    md5={
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    },
    # Debian's dataset-fashion-mnist package.
    system_dirs=(Path("/usr/share/datasets/fashion-mnist"),),
    licence=FASHION_MNIST_LICENCE,
)
