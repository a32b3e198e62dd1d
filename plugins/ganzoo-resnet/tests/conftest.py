"""One thread, an isolated cache, no network and no system data folders (the digits are the shipped
sample), and narrow networks."""

from __future__ import annotations

import pytest
import torch

from ganzoo_mnist.testing import isolated  # noqa: F401 (the session's isolation, autouse)


def pytest_configure(config: pytest.Config) -> None:
    # Small networks: one thread is faster than two contending, and steadier on a busy machine.
    torch.set_num_threads(1)


@pytest.fixture
def narrow() -> dict[str, int]:
    """Architecture options for networks of 8 feature maps: the tests check wiring, not capacity."""
    return {"width": 8, "d_width": 8}
