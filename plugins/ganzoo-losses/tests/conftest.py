"""The losses the plugin declares, built as a run builds them: the factory called with its defaults.

A test that takes a ``loss_name`` argument runs once for every declared loss.
"""

from collections.abc import Callable
from typing import Any

import pytest

from ganzoo.registry import resolve_factory
from ganzoo_losses import plugin


def declared_losses() -> dict[str, tuple[str, dict[str, Any]]]:
    """``{name: (factory, defaults)}`` for every loss the plugin registers."""
    found = {}

    def register(name, factory, *, description="", defaults=None):
        assert isinstance(factory, str) and description
        found[name] = (factory, dict(defaults or {}))

    plugin.ganzoo_register_losses(register)
    return found


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "loss_name" in metafunc.fixturenames:
        metafunc.parametrize("loss_name", sorted(declared_losses()))


@pytest.fixture
def declared() -> dict[str, tuple[str, dict[str, Any]]]:
    return declared_losses()


@pytest.fixture
def build_loss() -> Callable[..., Any]:
    """``build_loss(name, **options)``: the loss object, with the declared defaults under ``options``."""

    def build(name: str, **options: Any) -> Any:
        factory, defaults = declared_losses()[name]
        return resolve_factory(factory)(**{**defaults, **options})

    return build
