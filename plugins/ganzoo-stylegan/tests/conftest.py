"""Fixtures: one thread, an isolated cache, no network and no system data folders (mnist is the
shipped sample), narrow networks, and a helper to run ``ganzoo`` commands in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from typer.testing import CliRunner, Result

from ganzoo.cli import app
from ganzoo_mnist.testing import isolated  # noqa: F401 (the session's isolation, autouse)

# The tests check wiring and formulas, not capacity: 8 feature maps, 4 at 28×28, w of 16.
NARROW = {"channel_base": 32, "channel_max": 8, "w_dim": 16, "mapping_layers": 2}


def pytest_configure(config: pytest.Config) -> None:
    # Small networks: one thread is faster than two contending, and steadier on a busy machine.
    torch.set_num_threads(1)


@pytest.fixture
def narrow() -> dict[str, int]:
    """Architecture options for networks that build and step in milliseconds."""
    return dict(NARROW)


def run_ganzoo(*arguments: str) -> Result:
    """``ganzoo ARGUMENTS`` run in-process; a user's error is left in ``result.exception``."""
    return CliRunner().invoke(app, list(arguments))


@pytest.fixture
def cli() -> Callable[..., Result]:
    """``cli(*arguments)``: ``ganzoo ARGUMENTS`` run in-process, as :func:`run_ganzoo`."""
    return run_ganzoo


@pytest.fixture(scope="session")
def short_run(tmp_path_factory: pytest.TempPathFactory, isolated: None) -> Path:
    """The stylegan2 model trained for 4 steps of 8 digits from the command line, narrowed."""
    folder = tmp_path_factory.mktemp("stylegan2") / "run"
    result = run_ganzoo("train", "stylegan2", "--steps", "4", "--batch-size", "8", "--out", str(folder),
                        "--set", f"architecture_options={json.dumps(NARROW)}")
    assert result.exit_code == 0, result.output
    return folder
