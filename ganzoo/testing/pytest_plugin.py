"""ganzoo's pytest plugin, loaded by pytest in every session once ganzoo is installed
(entry point ``pytest11: ganzoo``; turn it off with ``-p no:ganzoo``).

It only defines fixtures, and imports neither torch nor the plugins until a test asks for one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from typer.testing import Result

    from ganzoo.parts import InMemoryData
    from ganzoo.plugins import Zoo
    from ganzoo.testing.http import LocalServer


@pytest.fixture
def ganzoo_zoo(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Zoo]:
    """``ganzoo_zoo(*plugins, installed=True)``: a zoo with ``plugins`` (modules or objects with
    hook implementations, or ``(name, plugin)`` pairs) registered for this test only.

    The installed plugins are loaded too unless ``installed=False``; an installed copy of a plugin
    given here is left out. ``ganzoo`` commands run in-process during the test (with typer's
    ``CliRunner``) see the same zoo. Fails the test if a plugin does not register.
    """

    def load(*plugins: Any, installed: bool = True) -> Zoo:
        from ganzoo.testing.zoo import zoo_with

        zoo = zoo_with(*plugins, installed=installed)
        monkeypatch.setattr("ganzoo.cli.zoo.current", lambda: zoo)
        return zoo

    return load


@pytest.fixture
def ganzoo_tiny_data() -> InMemoryData:
    """64 random 1×8×8 images in [-1, 1] with labels of 4 classes (``ganzoo.testing.tiny_data()``)."""
    from ganzoo.testing.tiny import tiny_data

    return tiny_data()


@pytest.fixture
def ganzoo_http_server(tmp_path: Path) -> Iterator[LocalServer]:
    """A web server on 127.0.0.1 serving the files you put in ``server.root``, at ``server.url``,
    for testing a dataset's download code; ``server.requests`` lists the paths asked for."""
    from ganzoo.testing.http import serve

    root = tmp_path / "served"
    root.mkdir()
    with serve(root) as server:
        yield server


@pytest.fixture
def ganzoo_closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens, so that connecting is refused at once."""
    from ganzoo.testing.http import closed_port_url

    return closed_port_url()


@pytest.fixture
def ganzoo_cli() -> Callable[..., Result]:
    """``ganzoo_cli(*arguments, check=True)``: ``ganzoo ARGUMENTS`` run in-process, seeing the zoo
    ``ganzoo_zoo`` set up; fails the test unless the command exits 0, or with ``check=False``
    returns the result to inspect (:func:`ganzoo.testing.cli.run_ganzoo`)."""
    from ganzoo.testing.cli import run_ganzoo

    return run_ganzoo
