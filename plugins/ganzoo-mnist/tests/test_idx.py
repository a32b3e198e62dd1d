import gzip
import re
import struct
from pathlib import Path

import numpy as np
import pytest

from ganzoo import GanzooError
from ganzoo_mnist.idx import read_idx, write_idx

FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")


@pytest.mark.parametrize("suffix", ["", ".gz", ".xz"])
def test_a_written_file_reads_back(tmp_path: Path, suffix: str) -> None:
    images = np.arange(3 * 28 * 28, dtype=np.uint32).astype(np.uint8).reshape(3, 28, 28)
    path = tmp_path / f"images{suffix}"
    write_idx(path, images)
    read = read_idx(path, (28, 28))
    assert read.dtype == np.uint8
    np.testing.assert_array_equal(read, images)


def test_the_raw_layout_is_the_published_one(tmp_path: Path) -> None:
    path = tmp_path / "labels"
    write_idx(path, np.array([7, 2, 1], dtype=np.uint8))
    assert path.read_bytes() == bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1])


def header(type_code: int, *dims: int) -> bytes:
    return bytes([0, 0, type_code, len(dims)]) + struct.pack(f">{len(dims)}I", *dims)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x00", "only 2 bytes long"),
        (b"\x1f\x8b\x08\x01" + bytes(8), "magic number 0x1f8b0801"),
        (header(0x0D, 2) + bytes(8), "type 0x0d"),
        (header(0x08, 2, 28, 28) + bytes(2 * 784), "3 dimensions, expected 1"),
        (bytes([0, 0, 8, 1, 0, 0]), "header is truncated"),
        (header(0x08, 5) + bytes(4), "promises 5 values but 4 follow (truncated)"),
        (header(0x08, 5) + bytes(6), "trailing bytes"),
    ],
)
def test_a_bad_file_is_refused_with_its_name(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "train-labels-idx1-ubyte"
    path.write_bytes(content)
    with pytest.raises(GanzooError, match=re.escape(message)) as caught:
        read_idx(path, ())
    assert str(path) in str(caught.value)
    assert "Replace it with a fresh copy" in str(caught.value)


def test_images_of_the_wrong_size_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "images"
    write_idx(path, np.zeros((2, 32, 32), dtype=np.uint8))
    with pytest.raises(GanzooError, match="items are 32×32, expected 28×28"):
        read_idx(path, (28, 28))


def test_a_truncated_gzip_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "images.gz"
    write_idx(path, np.zeros((4, 28, 28), dtype=np.uint8))
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(GanzooError, match="cannot be read or decompressed") as caught:
        read_idx(path, (28, 28))
    assert str(path) in str(caught.value)


def test_a_gzip_file_with_corrupted_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "labels.gz"
    data = bytearray(gzip.compress(header(0x08, 1000) + bytes(range(250)) * 4, mtime=0))
    data[20] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(GanzooError, match=re.escape(str(path))):
        read_idx(path, ())


@pytest.mark.skipif(not FASHION_DIR.is_dir(), reason=f"{FASHION_DIR} absent (apt-get install dataset-fashion-mnist)")
@pytest.mark.parametrize(("prefix", "count"), [("train", 60000), ("t10k", 10000)])
def test_the_real_fashion_mnist_files_read(prefix: str, count: int) -> None:
    labels = read_idx(FASHION_DIR / f"{prefix}-labels-idx1-ubyte.gz", ())
    assert labels.shape == (count,)
    assert np.bincount(labels).tolist() == [count // 10] * 10
    if prefix == "t10k":  # the train images take a second to decompress; the dataset test reads them
        images = read_idx(FASHION_DIR / f"{prefix}-images-idx3-ubyte.gz", (28, 28))
        assert images.shape == (count, 28, 28)
        assert images.max() == 255
