"""The datasets end to end: downloading into the cache, the offline fallback, clear errors."""

import dataclasses
import gzip
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ganzoo import GanzooError
from ganzoo_mnist import sources
from ganzoo_mnist.datasets import fashion_mnist, mnist
from ganzoo_mnist.idx import write_idx

FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")


@pytest.fixture
def served_mnist(server, tmp_path: Path, make_split: Callable, monkeypatch: pytest.MonkeyPatch):
    """The local server holds a tiny MNIST train split as .gz files, and the checksum table and
    mirror list point at them."""
    files = make_split(tmp_path / "made", "train", [2, 7, 1], suffix=".gz")
    md5 = {}
    for path in files:
        (server.root / path.name).write_bytes(path.read_bytes())
        md5[path.name] = hashlib.md5(path.read_bytes()).hexdigest()
    monkeypatch.setattr(sources, "MNIST", dataclasses.replace(sources.MNIST, md5=md5))
    monkeypatch.setenv("GANZOO_MNIST_MIRRORS", server.url)
    monkeypatch.delenv("GANZOO_OFFLINE")
    return server


def test_mnist_downloads_into_the_cache_once(served_mnist, tmp_path: Path) -> None:
    data = mnist()
    assert data.labels.tolist() == [2, 7, 1]
    cached = tmp_path / "cache" / "mnist"
    assert sorted(p.name for p in cached.iterdir()) == ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]
    assert str(cached / "train-images-idx3-ubyte.gz") in data.source
    assert len(served_mnist.requests) == 2
    assert mnist().labels.tolist() == [2, 7, 1]
    assert len(served_mnist.requests) == 2


def test_a_bad_checksum_falls_back_and_caches_nothing(
    served_mnist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(
        sources, "MNIST", dataclasses.replace(sources.MNIST, md5=dict.fromkeys(sources.MNIST.md5, "0" * 32))
    )
    data = mnist()
    assert len(data) == 5000
    assert "MD5 is" in capsys.readouterr().err
    assert list((tmp_path / "cache" / "mnist").iterdir()) == []


def test_offline_mnist_falls_back_to_the_sample_with_one_warning(
    served_mnist, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("GANZOO_OFFLINE", "1")
    data = mnist()
    assert len(data) == 5000
    assert data.source.startswith("fallback to the 5,000-digit MNIST sample")
    err = capsys.readouterr().err
    assert err.count("warning:") == 1
    assert "GANZOO_OFFLINE" in err and "--data-dir" in err and "GANZOO_DATA_DIR" in err
    assert served_mnist.requests == []


def test_unreachable_mirrors_fall_back_too(
    closed_port_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.delenv("GANZOO_OFFLINE")
    monkeypatch.setenv("GANZOO_MNIST_MIRRORS", f"{closed_port_url}, {closed_port_url}again/")
    assert mnist().source.startswith("fallback")
    err = capsys.readouterr().err
    assert err.count("warning:") == 1 and "refused" in err


def test_offline_mnist_test_split_is_an_error_not_a_fallback() -> None:
    with pytest.raises(GanzooError, match=r"GANZOO_OFFLINE.*--data-dir"):
        mnist(split="test")


def test_fashion_mnist_without_a_copy_says_how_to_get_it() -> None:
    with pytest.raises(GanzooError, match=r"apt-get install dataset-fashion-mnist.*--data-dir"):
        fashion_mnist()


def test_images_and_labels_of_different_lengths_are_refused(tmp_path: Path, make_split: Callable) -> None:
    _, labels = make_split(tmp_path, "train", [1, 2, 3])
    write_idx(labels, np.array([1, 2], dtype=np.uint8))
    with pytest.raises(GanzooError, match=r"holds 3 images but .* holds 2 labels"):
        mnist(data_dir=tmp_path)


def test_labels_beyond_nine_are_refused(tmp_path: Path, make_split: Callable) -> None:
    _, labels = make_split(tmp_path, "train", [1, 2, 3])
    write_idx(labels, np.array([1, 2, 10], dtype=np.uint8))
    with pytest.raises(GanzooError, match="holds the label 10"):
        mnist(data_dir=tmp_path)


def test_a_corrupted_file_names_itself(tmp_path: Path, make_split: Callable) -> None:
    images, _ = make_split(tmp_path, "train", [1, 2, 3], suffix=".gz")
    images.write_bytes(gzip.compress(images.read_bytes()[:-100]))
    with pytest.raises(GanzooError, match=re.escape("train-images-idx3-ubyte.gz is not a valid IDX file")):
        mnist(data_dir=tmp_path)


@pytest.mark.skipif(not FASHION_DIR.is_dir(), reason=f"{FASHION_DIR} absent (apt-get install dataset-fashion-mnist)")
@pytest.mark.parametrize(("split", "count"), [("train", 60000), ("test", 10000)])
def test_the_real_fashion_mnist_loads_from_the_system_folder(
    split: str, count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sources, "FASHION_MNIST", dataclasses.replace(sources.FASHION_MNIST, system_dirs=(FASHION_DIR,))
    )
    data = fashion_mnist(split=split)
    assert data.samples.shape == (count, 1, 28, 28)
    assert data.samples.min().item() == -1.0 and data.samples.max().item() == 1.0
    assert data.labels.bincount().tolist() == [count // 10] * 10
    assert str(FASHION_DIR) in data.source
