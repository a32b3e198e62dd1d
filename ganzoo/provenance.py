"""Checking that the plugins a run was made with are still here, at the same versions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ganzoo.console import warn
from ganzoo.errors import GanzooError
from ganzoo.registry import Registry


def check_recorded_parts(registry: Registry, recorded: Mapping[str, Mapping[str, Any]], kinds: Iterable[str] | None = None) -> None:
    """Compare the parts recorded in a checkpoint (kind → name, plugin, distribution, version) with
    what is installed now: a missing part is an error saying how to get it back (enable its plugin,
    or install its distribution); a part whose plugin version changed gets a warning, since results
    may then differ."""
    for kind in kinds if kinds is not None else recorded:
        if kind not in recorded:
            continue
        part = recorded[kind]
        name, distribution, version = part["name"], part.get("distribution"), part.get("version")
        found = [e for e in registry.list(kind) if e.name == name]
        same_plugin = [e for e in found if e.provider.plugin == part.get("plugin")]
        if not found:
            raise GanzooError(_missing_message(registry, kind, part))
        entry = (same_plugin or found)[0]
        if entry.provider.version != version or entry.provider.distribution != distribution:
            warn(
                f"{kind} {name!r} was made by {distribution} {version} and is now provided by "
                f"{entry.provider.distribution} {entry.provider.version}; results may differ"
            )


def _missing_message(registry: Registry, kind: str, part: Mapping[str, Any]) -> str:
    """Why a recorded part is missing: its plugin is installed but disabled or broken, or it is not installed."""
    distribution, plugin = part.get("distribution"), part.get("plugin")
    needs = f"this run needs {kind} {part['name']!r} from {distribution or plugin} {part.get('version') or ''}".rstrip()
    if (plugin or distribution) and (unloaded := registry.unloaded(plugin, distribution)):
        return f"{needs}, whose plugin {unloaded[0].provider.plugin!r} {unloaded[0].reason}"
    hint = f"; install it with: pip install {distribution}" if distribution else ""
    return f"{needs}, which is not installed{hint}"
