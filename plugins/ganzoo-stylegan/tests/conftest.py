"""Fixtures: one thread, an isolated cache, no network and no system data folders (mnist is the
shipped sample), narrow networks, and one short StyleGAN2 run made with the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from ganzoo.testing import run_ganzoo
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


@pytest.fixture(scope="session")
def short_run(tmp_path_factory: pytest.TempPathFactory, isolated: None) -> Path:
    """The stylegan2 model trained for 4 steps of 8 digits from the command line, narrowed."""
    folder = tmp_path_factory.mktemp("stylegan2") / "run"
    run_ganzoo("train", "stylegan2", "--steps", "4", "--batch-size", "8", "--out", folder,
               "--set", f"architecture_options={json.dumps(NARROW)}")
    return folder
