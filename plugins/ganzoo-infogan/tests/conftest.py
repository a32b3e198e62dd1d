"""Fixtures: one thread, an isolated cache, no network and no system data folders (mnist is the
shipped sample), small random digits to build schemes on, and one short InfoGAN run made with the
command line that the tests of sampling and of the metric share."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from ganzoo import DataSpec, InMemoryData
from ganzoo.testing import run_ganzoo
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


@pytest.fixture(scope="session")
def short_run(tmp_path_factory: pytest.TempPathFactory, isolated: None) -> Path:
    """The infogan model trained for 30 steps of 16 digits from the command line."""
    folder = tmp_path_factory.mktemp("infogan") / "run"
    run_ganzoo("train", "infogan", "--steps", "30", "--batch-size", "16", "--out", folder)
    return folder
