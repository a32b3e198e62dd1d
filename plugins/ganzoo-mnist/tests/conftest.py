"""Fixtures shared by the tests: an isolated environment, tiny IDX datasets, a local HTTP server."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ganzoo.download import mirrors_variable
from ganzoo_mnist import sources
from ganzoo_mnist.idx import write_idx
from ganzoo_mnist.sources import SPLIT_FILES


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the user's data, cache or the system folders, and none reaches the internet:
    downloads are forbidden unless a test lifts ``GANZOO_OFFLINE`` and points the mirrors at
    a local server."""
    monkeypatch.setenv("GANZOO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GANZOO_OFFLINE", "1")
    monkeypatch.delenv("GANZOO_DATA_DIR", raising=False)
    for source in (sources.MNIST, sources.FASHION_MNIST):
        monkeypatch.delenv(mirrors_variable(source.name), raising=False)
    monkeypatch.setattr(sources, "MNIST", dataclasses.replace(sources.MNIST, system_dirs=()))
    monkeypatch.setattr(sources, "FASHION_MNIST", dataclasses.replace(sources.FASHION_MNIST, system_dirs=()))


def write_split(folder: Path, split: str, labels: list[int], *, suffix: str = "") -> tuple[Path, Path]:
    """Write a tiny ``split`` whose image i is filled with the value ``labels[i] * 20``."""
    folder.mkdir(parents=True, exist_ok=True)
    label_array = np.array(labels, dtype=np.uint8)
    images = np.broadcast_to((label_array * 20)[:, None, None], (len(labels), 28, 28)).copy()
    images_stem, labels_stem = SPLIT_FILES[split]
    images_path, labels_path = folder / f"{images_stem}{suffix}", folder / f"{labels_stem}{suffix}"
    write_idx(images_path, images)
    write_idx(labels_path, label_array)
    return images_path, labels_path


@pytest.fixture
def make_split() -> Callable[..., tuple[Path, Path]]:
    return write_split


@pytest.fixture
def server(ganzoo_http_server):
    return ganzoo_http_server


@pytest.fixture
def closed_port_url(ganzoo_closed_port_url: str) -> str:
    return ganzoo_closed_port_url
