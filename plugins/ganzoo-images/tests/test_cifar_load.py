"""Loading CIFAR-10 from local batches: shapes, scaling, labels, and which copy wins."""

import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

from ganzoo import GanzooError
from ganzoo_images import cifar
from ganzoo_images.cifar import cifar10


def test_the_train_split_joins_the_five_batches(tmp_path: Path, fakes) -> None:
    folder = fakes.write_cifar(tmp_path / "data", label=3)
    data = cifar10(data_dir=folder)
    assert data.samples.shape == (15, 3, 32, 32) and data.samples.dtype == torch.float32
    assert data.labels.dtype == torch.int64 and data.labels.tolist() == [3, 3, 0] * 5
    assert data.spec.shape == (3, 32, 32) and data.spec.num_classes == 10 and data.spec.value_range == (-1.0, 1.0)
    assert "train" in data.source and str(folder) in data.source


def test_rows_are_red_green_blue_planes_scaled_to_minus_one_one(tmp_path: Path, fakes) -> None:
    data = cifar10(data_dir=fakes.write_cifar(tmp_path, label=3))
    first = data.samples[0]
    assert first[0].unique().tolist() == pytest.approx([60 / 127.5 - 1])
    assert first[1].unique().tolist() == pytest.approx([1 / 127.5 - 1])
    assert first[2].unique().tolist() == [1.0]
    assert data.samples[2, 0].unique().tolist() == [-1.0]


def test_the_test_split_is_the_test_batch(tmp_path: Path, fakes) -> None:
    data = cifar10(data_dir=fakes.write_cifar(tmp_path), split="test")
    assert data.labels.tolist() == [9] and len(data) == 1


def test_an_unknown_split_is_refused(tmp_path: Path, fakes) -> None:
    with pytest.raises(GanzooError, match="unknown split 'valid'"):
        cifar10(data_dir=fakes.write_cifar(tmp_path), split="valid")


def test_data_dir_beats_env_beats_cache(tmp_path: Path, fakes, monkeypatch: pytest.MonkeyPatch) -> None:
    fakes.write_cifar(tmp_path / "given" / "cifar-10-batches-py", label=1)
    fakes.write_cifar(tmp_path / "env" / "cifar10", label=2)
    fakes.write_cifar(tmp_path / "cache" / "cifar10" / "cifar-10-batches-py", label=4)
    monkeypatch.setenv("GANZOO_DATA_DIR", str(tmp_path / "env"))
    assert int(cifar10(data_dir=tmp_path / "given").labels[0]) == 1
    assert int(cifar10(data_dir=tmp_path / "elsewhere").labels[0]) == 2
    monkeypatch.delenv("GANZOO_DATA_DIR")
    assert int(cifar10().labels[0]) == 4


def test_offline_without_a_copy_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(GanzooError) as caught:
        cifar10(data_dir=tmp_path)
    message = str(caught.value)
    assert "GANZOO_OFFLINE forbids downloading" in message and "\n" not in message
    assert "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz" in message and "--data-dir" in message


def test_a_local_archive_is_unpacked_into_the_cache(tmp_path: Path, fakes) -> None:
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "cifar-10-python.tar.gz").write_bytes(fakes.cifar_tarball(label=7))
    data = cifar10(data_dir=tmp_path / "downloads")
    assert data.labels.tolist() == [7, 0] * 5
    assert str(cifar.cache_folder()) in data.source
    assert (tmp_path / "downloads" / "cifar-10-python.tar.gz").exists()  # the user's copy is left alone


@pytest.mark.parametrize(
    ("batch", "problem"),
    [
        ([1, 2], "holds a list, not a dict"),
        ({b"labels": [1]}, "no 'data' entry"),
        ({b"data": np.zeros((1, 3072), np.float32), b"labels": [1]}, "float32 array"),
        ({b"data": np.zeros((2, 3072), np.uint8), b"labels": [1]}, "2 images but 1 labels"),
        ({b"data": np.zeros((1, 3072), np.uint8), b"labels": [10]}, "outside 0 to 9"),
        ({b"data": np.zeros((1, 3072), np.uint8), b"labels": ["cat"]}, "not whole numbers"),
    ],
)
def test_a_batch_that_is_not_cifar_is_refused_by_name(tmp_path: Path, fakes, batch, problem: str) -> None:
    folder = fakes.write_cifar(tmp_path)
    (folder / "test_batch").write_bytes(pickle.dumps(batch, protocol=3))
    with pytest.raises(GanzooError, match=f"test_batch is not a CIFAR-10 batch: .*{problem}"):
        cifar10(data_dir=folder, split="test")


def test_a_batch_repickled_with_string_keys_loads(tmp_path: Path, fakes) -> None:
    folder = fakes.write_cifar(tmp_path)
    batch = {"data": np.full((1, 3072), 255, np.uint8), "labels": [5]}
    (folder / "test_batch").write_bytes(pickle.dumps(batch, protocol=3))
    data = cifar10(data_dir=folder, split="test")
    assert data.labels.tolist() == [5] and data.samples.unique().tolist() == [1.0]
