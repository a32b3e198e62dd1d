"""Fixtures: one thread, an isolated cache, no network and no system data folders (mnist is the
shipped sample), small random digits to build schemes on, and one short InfoGAN run made with the
command line that the tests of sampling and of the metric share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from typer.testing import CliRunner, Result

from ganzoo import DataSpec, InMemoryData
from ganzoo.cli import app
from ganzoo_mnist.testing import isolated  # noqa: F401 (the session's isolation, autouse)

DIGITS = DataSpec((1, 28, 28), (-1.0, 1.0), 10)


def pytest_configure(config: pytest.Config) -> None:
    # Small batches: one thread is faster than two contending, and steadier on a busy machine.
    torch.set_num_threads(1)


@pytest.fixture
def noise_digits() -> InMemoryData:
    """32 random images of MNIST's shape, to build and step a scheme on without loading digits."""
    samples = torch.rand(32, *DIGITS.shape, generator=torch.Generator().manual_seed(0)) * 2 - 1
    return InMemoryData(samples, torch.arange(32) % 10, DIGITS, "32 random images")


def run_ganzoo(*arguments: str) -> Result:
    """``ganzoo ARGUMENTS`` run in-process; a user's error is left in ``result.exception``, which
    the ``ganzoo`` script would print as one line."""
    return CliRunner().invoke(app, list(arguments))


@pytest.fixture
def cli() -> Callable[..., Result]:
    """``cli(*arguments)``: ``ganzoo ARGUMENTS`` run in-process, as :func:`run_ganzoo`."""
    return run_ganzoo


@pytest.fixture(scope="session")
def short_run(tmp_path_factory: pytest.TempPathFactory, isolated: None) -> Path:
    """The infogan model trained for 30 steps of 16 digits from the command line."""
    folder = tmp_path_factory.mktemp("infogan") / "run"
    result = run_ganzoo("train", "infogan", "--steps", "30", "--batch-size", "16", "--out", str(folder))
    assert result.exit_code == 0, result.output
    return folder
