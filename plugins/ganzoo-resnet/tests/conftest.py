"""One thread, an isolated cache, no network and no system data folders (the digits are the shipped
sample), and ``ganzoo`` run in-process."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch
from typer.testing import CliRunner, Result

from ganzoo.cli import app
from ganzoo_mnist.testing import isolated  # noqa: F401 (the session's isolation, autouse)


def pytest_configure(config: pytest.Config) -> None:
    # Small networks: one thread is faster than two contending, and steadier on a busy machine.
    torch.set_num_threads(1)


@pytest.fixture
def narrow() -> dict[str, int]:
    """Architecture options for networks of 8 feature maps: the tests check wiring, not capacity."""
    return {"width": 8, "d_width": 8}


@pytest.fixture
def cli() -> Callable[..., Result]:
    """``cli(*arguments)``: ``ganzoo ARGUMENTS`` run in-process; fails the test unless it succeeds."""

    def run(*arguments: object) -> Result:
        result = CliRunner().invoke(app, [str(a) for a in arguments])
        assert result.exit_code == 0, result.output
        return result

    return run
