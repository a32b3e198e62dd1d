"""Images kept as bytes: batches bit for bit those of the float path, read from disk a batch ahead,
each process reading only its own rows."""

from __future__ import annotations

import threading
from dataclasses import FrozenInstanceError
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from ganzoo import GanzooError, InMemoryData
from ganzoo.pixels import PixelFile, Pixels
from ganzoo.training.batches import Batches, mixed_seed
from ganzoo_images.image_folder import image_folder, npy_header
from ganzoo_mnist.datasets import mnist_sample
from ganzoo_mnist.sample import load_sample

CPU = torch.device("cpu")


def old_mnist_floats() -> torch.Tensor:
    """The digits as ganzoo-mnist scaled them when it kept floats."""
    images, _ = load_sample()
    samples = images.astype(np.float32)
    samples /= 127.5
    samples -= 1.0
    return torch.from_numpy(samples).unsqueeze(1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """21 random 8×8 pictures in two class folders."""
    chance = np.random.default_rng(0)
    for i in range(21):
        path = tmp_path / "pictures" / ("cats" if i % 3 else "dogs") / f"{i}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(chance.integers(0, 256, (8, 8, 3), dtype=np.uint8)).save(path)
    return tmp_path / "pictures"


def taken(batches: Batches, count: int) -> list[dict[str, torch.Tensor]]:
    return [batches.next() for _ in range(count)]


def assert_same_batches(new: list[dict[str, torch.Tensor]], old: list[dict[str, torch.Tensor]]) -> None:
    assert len(new) == len(old)
    for a, b in zip(new, old):
        assert list(a) == list(b)
        for name in a:
            assert a[name].dtype == b[name].dtype and torch.equal(a[name], b[name]), name


def test_mnist_is_kept_as_bytes_and_batches_as_the_floats_did() -> None:
    data = mnist_sample()
    assert data.pixels is not None and data.pixels.values.dtype == torch.uint8
    floats = InMemoryData(old_mnist_floats(), data.labels, data.spec, "the digits as floats")
    assert torch.equal(data.samples, floats.samples) and data.samples.dtype == torch.float32
    per_epoch = len(data) // 64
    new = Batches(data, 64, seed=5, device=CPU)
    assert_same_batches(taken(new, 2 * per_epoch + 3), taken(Batches(floats, 64, seed=5, device=CPU), 2 * per_epoch + 3))
    assert isinstance(new._on_device["sample"], Pixels)  # held as bytes where the batches are taken


def test_an_image_folder_batches_from_disk_as_its_floats_did(folder: Path) -> None:
    data = image_folder(data_dir=folder, size=8)
    assert isinstance(data.pixels.values, PixelFile)
    stored = np.load(data.pixels.values.path)  # a standard .npy file
    floats = torch.from_numpy(stored).to(torch.float32).div_(127.5).sub_(1.0)  # how image-folder scaled it before
    old = InMemoryData(floats, data.labels, data.spec, "the pictures as floats")
    assert torch.equal(data.samples, floats)
    new = Batches(data, 4, seed=2, device=CPU)
    try:
        assert_same_batches(taken(new, 12), taken(Batches(old, 4, seed=2, device=CPU), 12))
    finally:
        new.close()


def test_reading_from_disk_resumes_exactly(folder: Path) -> None:
    data = image_folder(data_dir=folder, size=8)
    straight, resumed = Batches(data, 4, seed=1, device=CPU), Batches(data, 4, seed=1, device=CPU)
    try:
        expected = taken(straight, 13)
        resumed.count = 7  # what restoring a checkpoint does
        assert_same_batches(taken(resumed, 6), expected[7:])
    finally:
        straight.close()
        resumed.close()


def test_the_next_batch_is_read_on_a_thread_while_this_one_trains(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readers: list[str] = []
    real_read = PixelFile.read

    def read(self, rows, out=None):
        readers.append(threading.current_thread().name)
        return real_read(self, rows, out)

    monkeypatch.setattr(PixelFile, "read", read)
    data = image_folder(data_dir=folder, size=8)
    batches = Batches(data, 4, seed=0, device=CPU)
    taken(batches, 4)
    batches.close()
    assert readers[0] == threading.current_thread().name  # nothing was read ahead of the first batch
    # batches 2 to 4 were read ahead, and maybe the fifth before closing cancelled it
    assert len(readers) in (4, 5) and all(name.startswith("ganzoo-batches") for name in readers[1:])
    assert not any(thread.name.startswith("ganzoo-batches") for thread in threading.enumerate())


def test_each_process_reads_only_its_own_rows(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read_rows: list[int] = []
    real_read = PixelFile.read

    def read(self, rows, out=None):
        read_rows.extend(int(row) for row in rows)
        return real_read(self, rows, out)

    monkeypatch.setattr(PixelFile, "read", read)
    data = image_folder(data_dir=folder, size=8)
    order = torch.randperm(len(data), generator=torch.Generator().manual_seed(mixed_seed(9, 0)))
    seen = []
    for rank in (0, 1):
        read_rows.clear()
        batches = Batches(data, 5, seed=9, device=CPU, rank=rank, world_size=2)
        taken(batches, batches.per_epoch)
        batches.close()
        mine = order[rank::2][: batches.per_epoch * 5].tolist()
        assert read_rows[: len(mine)] == mine  # the epoch's share, and then the next epoch's first batch
        seen.append(set(mine))
    assert not seen[0] & seen[1]


def test_in_memory_data_stays_frozen_and_reads_rows_on_request(folder: Path) -> None:
    data = image_folder(data_dir=folder, size=8)
    with pytest.raises(FrozenInstanceError):
        data.source = "elsewhere"
    rows = data.rows(torch.tensor([3, 0]))
    assert torch.equal(rows["sample"], data.samples[[3, 0]]) and rows["label"].tolist() == data.labels[[3, 0]].tolist()
    assert "21 samples of 3×8×8" in repr(data)


def test_a_pixel_file_checks_its_header_and_its_length(tmp_path: Path) -> None:
    path = tmp_path / "rows.npy"
    path.write_bytes(npy_header((3, 2)) + bytes(range(6)))
    pixels = PixelFile.open(path)
    assert np.array_equal(pixels.read([2, 0]), [[4, 5], [0, 1]]) and np.array_equal(np.load(path), pixels.read([0, 1, 2]))
    with pytest.raises(IndexError):
        pixels.read([3])
    path.write_bytes(npy_header((3, 2)) + bytes(5))
    with pytest.raises(ValueError, match="bytes its header describes"):
        PixelFile.open(path)
    np.save(path, np.zeros((2, 2), dtype=np.float32))
    with pytest.raises(ValueError, match="not rows of uint8"):
        PixelFile.open(path)


def test_pixels_refuse_what_is_not_bytes() -> None:
    with pytest.raises(GanzooError, match="uint8 tensor or a PixelFile"):
        Pixels(torch.zeros(2, 1, 2, 2))
    with pytest.raises(GanzooError, match="levels must be float32"):
        Pixels(torch.zeros(2, 1, 2, 2, dtype=torch.uint8), levels=torch.zeros(10))
