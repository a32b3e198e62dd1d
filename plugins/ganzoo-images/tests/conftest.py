"""Fixtures shared by the tests: an isolated environment, tiny CIFAR batches, a local HTTP server."""

from __future__ import annotations

import io
import pickle
import tarfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from ganzoo.download import mirrors_variable
from ganzoo_images import cifar


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the user's data or cache, and none reaches the internet: downloads are forbidden
    unless a test lifts ``GANZOO_OFFLINE`` and points the mirrors at a local server."""
    monkeypatch.setenv("GANZOO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GANZOO_OFFLINE", "1")
    monkeypatch.delenv("GANZOO_DATA_DIR", raising=False)
    monkeypatch.delenv(mirrors_variable("cifar10"), raising=False)


def batch_bytes(labels: list[int]) -> bytes:
    """A CIFAR batch with byte-string keys, like the published ones: image i is filled with the value
    ``labels[i] * 20`` in its red plane, 1 in its green plane and 255 in its blue one.

    Protocol 3, because Python 3 writes bytes under protocol 2 as calls to ``_codecs.encode``, a
    global the format does not need (Python 2 wrote them as plain strings)."""
    data = np.empty((len(labels), 3, 1024), dtype=np.uint8)
    data[:, 0] = (np.array(labels, dtype=np.uint8) * 20)[:, None]
    data[:, 1], data[:, 2] = 1, 255
    batch = {b"batch_label": b"fake", b"labels": list(labels), b"data": data.reshape(len(labels), 3072),
             b"filenames": [b"x.png"] * len(labels)}
    return pickle.dumps(batch, protocol=3)


def write_cifar(folder: Path, label: int = 3) -> Path:
    """A tiny CIFAR folder: each train batch holds two images of ``label`` and one of 0, the test
    batch one image of 9."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in cifar.SPLIT_BATCHES["train"]:
        (folder / name).write_bytes(batch_bytes([label, label, 0]))
    (folder / "test_batch").write_bytes(batch_bytes([9]))
    (folder / "batches.meta").write_bytes(pickle.dumps({b"label_names": [b"airplane"]}, protocol=3))
    return folder


def tar_bytes(members: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    """A gzipped tar holding ``members`` (name → content) and symbolic ``links`` (name → target)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
    return buffer.getvalue()


def cifar_tarball(label: int = 3) -> bytes:
    """The published archive's layout, with tiny batches."""
    members = {f"{cifar.FOLDER}/{name}": batch_bytes([label, 0]) for name in cifar.SPLIT_BATCHES["train"]}
    members[f"{cifar.FOLDER}/test_batch"] = batch_bytes([9])
    return tar_bytes(members)


@dataclass(frozen=True)
class CifarFakes:
    """The builders above, for tests (which cannot import this module by name)."""

    batch_bytes = staticmethod(batch_bytes)
    write_cifar = staticmethod(write_cifar)
    tar_bytes = staticmethod(tar_bytes)
    cifar_tarball = staticmethod(cifar_tarball)


@pytest.fixture
def fakes() -> CifarFakes:
    return CifarFakes()


@pytest.fixture
def server(ganzoo_http_server):
    return ganzoo_http_server


@pytest.fixture
def closed_port_url(ganzoo_closed_port_url: str) -> str:
    return ganzoo_closed_port_url
