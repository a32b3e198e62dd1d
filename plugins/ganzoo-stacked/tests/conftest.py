"""Every test gets an empty cache and no network, so mnist falls back to the shipped sample."""

from pathlib import Path

import pytest

from ganzoo_mnist.testing import isolate


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path / "cache")
