"""Every test gets an empty cache and no network, so mnist falls back to the shipped sample."""

import dataclasses
from pathlib import Path

import pytest

from ganzoo_mnist import sources


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GANZOO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GANZOO_OFFLINE", "1")
    monkeypatch.delenv("GANZOO_DATA_DIR", raising=False)
    for name in ("MNIST", "FASHION_MNIST"):  # nor the system folders: mnist is the shipped sample
        monkeypatch.setattr(sources, name, dataclasses.replace(getattr(sources, name), system_dirs=()))
