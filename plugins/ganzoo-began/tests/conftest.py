"""Narrow networks and tiny data."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from ganzoo import DataSpec, InMemoryData, Recipe, hookimpl

NARROW = {"width": 4, "embedding": 8}  # the tests check wiring and formulas, not capacity


def pytest_configure(config: pytest.Config) -> None:
    # Tiny networks: one thread is faster than two contending, and steadier on a busy machine.
    torch.set_num_threads(1)


def pictures(n: int = 32, size: int = 16) -> InMemoryData:
    """``n`` random grey size×size pictures in [-1, 1] (16 px: the networks halve once, to 8×8)."""
    from ganzoo.testing import tiny_data

    return tiny_data(n, DataSpec((1, size, size)))


class TinyData:
    """A plugin of the tests' dataset ``tiny-pictures``."""

    @hookimpl
    def ganzoo_register_datasets(self, register):
        register("tiny-pictures", lambda data_dir=None, split="train", size=16: pictures(size=size),
                 description="random grey pictures")


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the user's data or cache, or reaches the internet."""
    monkeypatch.setenv("GANZOO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GANZOO_OFFLINE", "1")
    monkeypatch.delenv("GANZOO_DATA_DIR", raising=False)


@pytest.fixture
def zoo(ganzoo_zoo):
    """The installed plugins (this one among them) and ``tiny-pictures``."""
    return ganzoo_zoo(TinyData())


@pytest.fixture
def recipe(zoo):
    """``recipe(model, **changes)``: the plugin's recipe on ``tiny-pictures`` with narrow networks."""

    def build(model: str, **changes) -> Recipe:
        base = zoo.registry.get("model", model).recipe
        return base.with_overrides(**{"architecture_options": NARROW, "dataset": "tiny-pictures", "dataset_options": {},
                                      "batch_size": 4, **changes})

    return build
