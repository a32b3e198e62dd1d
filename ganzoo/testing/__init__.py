"""Tools for testing ganzoo plugins: fixtures for pytest, and a conformance kit of plain functions.

Each ``check_*`` function builds a part the way a run would, exercises it on CPU, and raises
:class:`AssertionError` with a message naming what is wrong. One line in a plugin's tests covers the
contract of ``ganzoo/hookspecs.py``::

    from ganzoo.testing import check_loss

    def test_my_loss(ganzoo_zoo):
        check_loss("my-loss", zoo=ganzoo_zoo(my_plugin))

A part is given by its registered name (looked up in ``zoo``, the installed plugins by default), a
registry :class:`ganzoo.registry.Entry`, a factory (called with ``options``), or a part already built.

The pytest fixtures (``ganzoo_zoo``, ``ganzoo_cli``, ``ganzoo_tiny_data``, and ``ganzoo_http_server``
with ``ganzoo_closed_port_url`` for testing download code) are in :mod:`ganzoo.testing.pytest_plugin`,
which pytest loads by itself once ganzoo is installed; :func:`run_ganzoo`, which ``ganzoo_cli``
gives, serves fixtures of a wider scope.

Importing this package does not import torch: pytest imports the fixtures in every test session of
anyone who has ganzoo installed. The names below are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ganzoo.testing.architectures import check_architecture
    from ganzoo.testing.augmentations import check_augmentation
    from ganzoo.testing.cli import run_ganzoo
    from ganzoo.testing.datasets import check_dataset
    from ganzoo.testing.imports import check_plugin_is_light
    from ganzoo.testing.losses import check_loss
    from ganzoo.testing.models import check_model
    from ganzoo.testing.samplers import check_sampler
    from ganzoo.testing.schemes import build_scheme, check_resume
    from ganzoo.testing.tiny import TINY_SPEC, tiny_data
    from ganzoo.testing.zoo import zoo_with

_HOMES = {
    "build_scheme": "ganzoo.testing.schemes",
    "check_resume": "ganzoo.testing.schemes",
    "check_architecture": "ganzoo.testing.architectures",
    "check_augmentation": "ganzoo.testing.augmentations",
    "check_dataset": "ganzoo.testing.datasets",
    "check_loss": "ganzoo.testing.losses",
    "check_model": "ganzoo.testing.models",
    "check_plugin_is_light": "ganzoo.testing.imports",
    "check_sampler": "ganzoo.testing.samplers",
    "TINY_SPEC": "ganzoo.testing.tiny",
    "tiny_data": "ganzoo.testing.tiny",
    "run_ganzoo": "ganzoo.testing.cli",
    "zoo_with": "ganzoo.testing.zoo",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'ganzoo.testing' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
