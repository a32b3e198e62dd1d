"""Fixtures shared by the tests: an isolated environment, a tiny fake Fashion-MNIST, tiny pictures."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ganzoo_mnist import sources
from ganzoo_mnist.idx import write_idx

FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the user's data, cache or Debian's Fashion-MNIST, and none reaches the internet
    (a test that wants the real Fashion-MNIST puts its system folder back)."""
    monkeypatch.setenv("GANZOO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GANZOO_OFFLINE", "1")
    monkeypatch.delenv("GANZOO_DATA_DIR", raising=False)
    monkeypatch.setattr(sources, "FASHION_MNIST", dataclasses.replace(sources.FASHION_MNIST, system_dirs=()))


def fake_fashion(folder: Path, labels: Sequence[int], split: str = "train") -> Path:
    """A Fashion-MNIST split in ``folder/fashion-mnist`` (where ganzoo-mnist looks first under
    ``--data-dir``): image i is a bright square of side ``4 + labels[i]`` on black."""
    target = folder / "fashion-mnist"
    target.mkdir(parents=True, exist_ok=True)
    images = np.zeros((len(labels), 28, 28), dtype=np.uint8)
    for i, label in enumerate(labels):
        images[i, 6 : 10 + label, 6 : 10 + label] = 255
    stem = "train" if split == "train" else "t10k"
    write_idx(target / f"{stem}-images-idx3-ubyte", images)
    write_idx(target / f"{stem}-labels-idx1-ubyte", np.array(labels, dtype=np.uint8))
    return folder


def save(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (8, 8)) -> Path:
    """A plain picture of ``size`` (width, height) in ``colour``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


def save_side_by_side(path: Path, left: tuple[int, int, int], right: tuple[int, int, int], half: tuple[int, int] = (8, 8)) -> Path:
    """A pix2pix-style picture: ``left`` fills the left half, ``right`` the right one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (2 * half[0], half[1]), left)
    image.paste(Image.new("RGB", half, right), (half[0], 0))
    image.save(path)
    return path


@dataclasses.dataclass(frozen=True)
class Helpers:
    """The builders above, for tests (which cannot import this module by name)."""

    fake_fashion = staticmethod(fake_fashion)
    save = staticmethod(save)
    save_side_by_side = staticmethod(save_side_by_side)
    fashion_dir = FASHION_DIR


@pytest.fixture
def helpers() -> Helpers:
    return Helpers()
