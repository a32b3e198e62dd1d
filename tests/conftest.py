"""Shared fixtures: an isolated environment for every test, and real installed test plugins.

A test plugin here is a real distribution: a package plus a ``*.dist-info`` folder with
``METADATA`` and ``entry_points.txt``, on ``sys.path``, exactly what ``pip install`` leaves behind.
``importlib.metadata`` finds it as it would any other.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ENV_VARIABLES = ("GANZOO_LOAD_PLUGINS", "GANZOO_DISABLE_PLUGINS", "GANZOO_TRACE_PLUGINS", "GANZOO_DATA_DIR")


def pytest_configure(config: pytest.Config) -> None:
    # The suite trains tiny networks: one thread each is faster than two threads contending, and it
    # keeps timings sane when the machine is busy. Subprocesses inherit OMP_NUM_THREADS.
    import torch

    torch.set_num_threads(1)
    os.environ["OMP_NUM_THREADS"] = "1"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GANZOO_OFFLINE", "1")
    monkeypatch.setenv("GANZOO_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("COLUMNS", "200")


class Distributions:
    """Writes test distributions into one folder that is put on ``sys.path`` (and PYTHONPATH)."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        monkeypatch.syspath_prepend(str(root))
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))

    def add(self, distribution: str, plugins: dict[str, str], version: str = "1.0", requires: tuple[str, ...] = ()) -> None:
        """Install ``distribution`` with one module per plugin: ``{entry-point name: module source}``.

        Each plugin's module is the package ``<distribution>_<plugin>`` (dashes as underscores).
        """
        info = self.root / f"{distribution.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        metadata = f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n"
        metadata += "".join(f"Requires-Dist: {r}\n" for r in requires)
        (info / "METADATA").write_text(metadata)
        lines = ["[ganzoo]"]
        for plugin, source in plugins.items():
            package = f"{distribution}_{plugin}".replace("-", "_")
            (self.root / package).mkdir()
            (self.root / package / "__init__.py").write_text(textwrap.dedent(source))
            lines.append(f"{plugin} = {package}")
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n")


@pytest.fixture
def distributions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Distributions:
    root = tmp_path / "site"
    root.mkdir()
    return Distributions(root, monkeypatch)


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``ganzoo ARGS`` as a user would, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "ganzoo", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli
