"""For the tests of plugins that train on the digits: a session that sees the shipped sample and
nothing of the machine's data, whatever the machine has installed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from ganzoo_mnist import sources


def isolate(patch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    """Through ``patch``: ganzoo's cache in ``cache_dir``, no downloads, no ``GANZOO_DATA_DIR``, and
    neither MNIST's nor Fashion-MNIST's system folders, so that ``mnist`` is the 5,000 shipped
    digits and Fashion-MNIST is not found."""
    patch.setenv("GANZOO_CACHE_DIR", str(cache_dir))
    patch.setenv("GANZOO_OFFLINE", "1")
    patch.delenv("GANZOO_DATA_DIR", raising=False)
    for name in ("MNIST", "FASHION_MNIST"):
        patch.setattr(sources, name, dataclasses.replace(getattr(sources, name), system_dirs=()))


@pytest.fixture(scope="session", autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """:func:`isolate` for a whole test session; a conftest imports it to have it."""
    with pytest.MonkeyPatch.context() as patch:
        isolate(patch, tmp_path_factory.mktemp("cache"))
        yield
