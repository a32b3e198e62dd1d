"""An isolated environment for every test, and ``ganzoo`` run in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch


def pytest_configure(config: pytest.Config) -> None:
    # Small networks: one thread is faster than two contending, and steadier on a busy machine.
    torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the user's data or cache, or reaches the internet."""
    monkeypatch.setenv("GANZOO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GANZOO_OFFLINE", "1")
    monkeypatch.delenv("GANZOO_DATA_DIR", raising=False)
