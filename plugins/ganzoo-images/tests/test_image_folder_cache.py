"""image-folder decodes once: later loads read the cache, and a changed folder is decoded afresh."""

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from ganzoo import paths
from ganzoo.pixels import PixelFile
from ganzoo_images import image_folder as module
from ganzoo_images.image_folder import image_folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "photos"
    for name, colour in (("a/1.png", (255, 0, 0)), ("a/2.jpg", (0, 255, 0)), ("b/3.png", (0, 0, 255))):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (9, 7), colour).save(root / name)
    return root


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files Pillow opens."""
    names: list[str] = []
    real_open = Image.open

    def counting_open(path, *args, **kwargs):
        names.append(Path(path).name)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Image, "open", counting_open)
    return names


def cache_files() -> list[Path]:
    return sorted((paths.cache_dir() / "image-folder").glob("*.npy"))


def test_the_second_load_decodes_nothing(folder: Path, opened: list[str]) -> None:
    first = image_folder(data_dir=folder, size=8)
    assert sorted(opened) == ["1.png", "2.jpg", "3.png"] and len(cache_files()) == 1
    opened.clear()
    second = image_folder(data_dir=folder, size=8)
    assert opened == []
    assert torch.equal(first.samples, second.samples) and torch.equal(first.labels, second.labels)
    assert first.source == second.source


def test_a_changed_folder_is_decoded_afresh(folder: Path, opened: list[str]) -> None:
    image_folder(data_dir=folder, size=8)
    Image.new("RGB", (9, 7), "white").save(folder / "b" / "4.png")
    opened.clear()
    assert len(image_folder(data_dir=folder, size=8)) == 4
    assert len(opened) == 4 and len(cache_files()) == 2


def test_an_edited_image_is_decoded_afresh(folder: Path) -> None:
    assert image_folder(data_dir=folder, size=8).samples[0].mean() < 0  # red
    Image.new("RGB", (9, 7), "white").save(folder / "a" / "1.png")
    stat = (folder / "a" / "1.png").stat()
    os.utime(folder / "a" / "1.png", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert image_folder(data_dir=folder, size=8).samples[0].unique().tolist() == [1.0]


def test_size_and_channels_have_their_own_cache(folder: Path, opened: list[str]) -> None:
    image_folder(data_dir=folder, size=8)
    opened.clear()
    assert image_folder(data_dir=folder, size=4, channels=1).samples.shape == (3, 1, 4, 4)
    assert len(opened) == 3 and len(cache_files()) == 2


def test_a_skipped_image_is_still_reported_from_the_cache(folder: Path, opened: list[str], capsys) -> None:
    (folder / "b" / "bad.png").write_bytes(b"nonsense")
    image_folder(data_dir=folder, size=8)
    capsys.readouterr()
    opened.clear()
    data = image_folder(data_dir=folder, size=8)
    assert opened == [] and len(data) == 3 and data.labels.tolist() == [0, 0, 1]
    assert "b/bad.png" in capsys.readouterr().err


def test_a_damaged_cache_file_is_replaced(folder: Path, opened: list[str], capsys) -> None:
    first = image_folder(data_dir=folder, size=8)
    (cache,) = cache_files()
    cache.write_bytes(b"garbage")
    opened.clear()
    assert torch.equal(image_folder(data_dir=folder, size=8).samples, first.samples)
    assert len(opened) == 3 and "ignoring the unreadable cache file" in capsys.readouterr().err
    opened.clear()
    image_folder(data_dir=folder, size=8)
    assert opened == []


def test_an_unwritable_cache_only_warns(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setenv("GANZOO_CACHE_DIR", str(tmp_path / "not-a-folder"))
    assert len(image_folder(data_dir=folder, size=8)) == 3
    assert "could not write the cache file" in capsys.readouterr().err


def test_moving_the_folder_keeps_its_cache(folder: Path, opened: list[str], tmp_path: Path) -> None:
    image_folder(data_dir=folder, size=8)
    moved = folder.rename(tmp_path / "moved")
    opened.clear()
    image_folder(data_dir=moved, size=8)
    assert opened == []
    assert module.CACHE_FORMAT == 2


def test_decoding_writes_a_few_rows_at_a_time_into_a_numpy_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "DECODED_AT_ONCE", 2)
    (folder / "a" / "15-bad.png").write_bytes(b"nonsense")  # the second file of four, in the first two
    data = image_folder(data_dir=folder, size=8)
    (cache,) = cache_files()
    stored = np.load(cache)
    assert stored.shape == (3, 3, 8, 8) and data.labels.tolist() == [0, 0, 1]
    assert stored.reshape(3, 3, -1).mean(axis=2).argmax(axis=1).tolist() == [0, 1, 2]  # red, green, blue
    assert torch.equal(torch.from_numpy(stored).float().div(127.5).sub(1), data.samples)
    assert isinstance(data.pixels.values, PixelFile) and len(data.pixels) == 3


def test_a_damaged_list_of_unreadable_files_is_replaced(folder: Path, opened: list[str], capsys) -> None:
    image_folder(data_dir=folder, size=8)
    (cache,) = cache_files()
    cache.with_suffix(".json").write_text('{"skipped": [[0]]}')
    opened.clear()
    assert len(image_folder(data_dir=folder, size=8)) == 3
    assert len(opened) == 3 and "ignoring the unreadable cache file" in capsys.readouterr().err


def test_processes_missing_the_cache_together_decode_it_once(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ranks of a torchrun job all miss a cold cache at once: one decodes, the others wait for
    its file (threads stand in for processes: each opens the lock file itself, as a process does)."""
    decoded: list[str] = []
    real_decode = module.decode

    def slow_decode(path: Path, size: int, channels: int) -> np.ndarray:
        decoded.append(path.name)
        time.sleep(0.1)
        return real_decode(path, size, channels)

    monkeypatch.setattr(module, "decode", slow_decode)
    with ThreadPoolExecutor(3) as pool:
        loads = [pool.submit(image_folder, data_dir=folder, size=8) for _ in range(3)]
        results = [load.result() for load in loads]
    assert sorted(decoded) == ["1.png", "2.jpg", "3.png"]
    assert all(torch.equal(results[0].samples, other.samples) for other in results[1:])
