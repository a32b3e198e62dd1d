"""A zoo for one test: the installed plugins plus plugins given as Python objects."""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import metadata
from types import ModuleType
from typing import Any

from ganzoo.plugins import GROUP, Zoo, load_zoo


def plugin_name(plugin: object) -> str:
    """The name a plugin object goes by: its entry-point name if an installed distribution names
    this module, else the module's (or the object's class's) name."""
    if not isinstance(plugin, ModuleType):
        return type(plugin).__name__
    named = [ep.name for ep in metadata.entry_points(group=GROUP) if ep.value == plugin.__name__]
    return named[0] if named else plugin.__name__


def zoo_with(*plugins: Any, installed: bool = True, environ: Mapping[str, str] | None = None) -> Zoo:
    """A fresh :class:`ganzoo.plugins.Zoo` holding ``plugins`` and, unless ``installed`` is false,
    the installed plugins; nothing global is changed.

    Each plugin is a module or an object with hook implementations, or a ``(name, plugin)`` pair.
    An installed plugin of the same name (the plugin under test, once ``pip install -e``'d) is
    left out, so that its parts are not registered twice. Raises :class:`AssertionError` if one
    of ``plugins`` fails to register, with the reason.
    """
    named = [item if isinstance(item, tuple) else (plugin_name(item), item) for item in plugins]
    environment = dict(os.environ if environ is None else environ)
    if not installed:
        environment["GANZOO_LOAD_PLUGINS"] = ""
    disabled = [n for n in environment.get("GANZOO_DISABLE_PLUGINS", "").split(",") if n.strip()]
    modules = {plugin.__name__ for _, plugin in named if isinstance(plugin, ModuleType)}
    disabled += [name for name, _ in named]
    disabled += [ep.name for ep in metadata.entry_points(group=GROUP) if ep.value in modules]
    environment["GANZOO_DISABLE_PLUGINS"] = ",".join(disabled)
    zoo = load_zoo(extra=named, environ=environment)
    for info in zoo.plugins[len(zoo.plugins) - len(named):]:
        if info.status != "loaded":
            raise AssertionError(f"plugin {info.name!r} did not load: {info.error}")
    return zoo
