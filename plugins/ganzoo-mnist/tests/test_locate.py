"""Which local copy wins: --data-dir, then $GANZOO_DATA_DIR, then the cache, then system folders.

Each folder gets a split with a different single label, so the label loaded says where from."""

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from ganzoo_mnist import sources
from ganzoo_mnist.datasets import fashion_mnist, mnist


@pytest.fixture
def three_copies(tmp_path: Path, make_split: Callable, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    folders = {"data_dir": tmp_path / "given", "env": tmp_path / "env", "cache": tmp_path / "cache" / "mnist"}
    for label, folder in enumerate(folders.values(), start=1):
        make_split(folder, "train", [label, label])
    monkeypatch.setenv("GANZOO_DATA_DIR", str(folders["env"]))
    return folders


def loaded_label(**kwargs: object) -> int:
    return int(mnist(**kwargs).labels[0])


def test_data_dir_beats_env_beats_cache(three_copies: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    assert loaded_label(data_dir=three_copies["data_dir"]) == 1
    assert loaded_label() == 2
    monkeypatch.delenv("GANZOO_DATA_DIR")
    assert loaded_label() == 3


def test_a_data_dir_without_the_files_falls_through(three_copies: dict[str, Path], tmp_path: Path) -> None:
    assert loaded_label(data_dir=tmp_path / "empty") == 2


def test_the_dataset_sub_folder_comes_before_the_folder_itself(tmp_path: Path, make_split: Callable) -> None:
    make_split(tmp_path / "data", "train", [4])  # MNIST's files in the data folder itself...
    make_split(tmp_path / "data" / "fashion-mnist", "train", [5])  # ...and Fashion-MNIST's beside them
    assert int(fashion_mnist(data_dir=tmp_path / "data").labels[0]) == 5
    assert int(mnist(data_dir=tmp_path / "data").labels[0]) == 4


def test_system_folders_come_last(tmp_path: Path, make_split: Callable, monkeypatch: pytest.MonkeyPatch) -> None:
    make_split(tmp_path / "system", "train", [6])
    monkeypatch.setattr(sources, "MNIST", dataclasses.replace(sources.MNIST, system_dirs=(tmp_path / "system",)))
    assert loaded_label() == 6
    make_split(tmp_path / "cache" / "mnist", "train", [7])
    assert loaded_label() == 7


def test_raw_and_gz_files_both_load_and_say_which(tmp_path: Path, make_split: Callable) -> None:
    make_split(tmp_path / "raw", "test", [3, 1, 4], suffix="")
    make_split(tmp_path / "gz", "test", [3, 1, 4], suffix=".gz")
    for folder, name in ((tmp_path / "raw", "t10k-images-idx3-ubyte"), (tmp_path / "gz", "t10k-images-idx3-ubyte.gz")):
        data = mnist(data_dir=folder, split="test")
        assert data.labels.tolist() == [3, 1, 4]
        assert str(folder / name) in data.source


def test_pixels_are_scaled_to_minus_one_one(tmp_path: Path, make_split: Callable) -> None:
    # write_split fills image i with labels[i] * 20, so labels 0 and 9 give pixels 0 and 180.
    make_split(tmp_path, "train", [0, 9])
    samples = mnist(data_dir=tmp_path).samples
    assert samples.shape == (2, 1, 28, 28)
    assert samples[0].unique().tolist() == [-1.0]
    assert samples[1].unique().tolist() == pytest.approx([180 / 127.5 - 1])
