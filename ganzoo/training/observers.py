"""Calling the lifecycle hooks so that a failing observer never kills a long run.

A plugin whose lifecycle hook raises (a plotting plugin with a bug, say) is reported once, with
its name and the error, and its hooks are not called again for the rest of the run; training goes
on. The core's own writing of checkpoints is not an observer: when it fails the run stops.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ganzoo.console import warn
from ganzoo.plugins import Zoo


class Observers:
    """The lifecycle hooks of ``zoo``'s plugins but those named in ``left_out``."""

    def __init__(self, zoo: Zoo, left_out: Iterable[str] = ()) -> None:
        self.zoo = zoo
        self.disabled: set[str] = set(left_out)

    def call(self, hook: str, **arguments: Any) -> None:
        """Call every implementation of ``hook`` (last registered first, as pluggy does), each on
        its own (through pluggy, so that ``GANZOO_TRACE_PLUGINS`` still shows each call)."""
        manager = self.zoo.manager
        implementations = getattr(self.zoo.hook, hook).get_hookimpls()
        for implementation in reversed(implementations):
            name = implementation.plugin_name
            if name in self.disabled:
                continue
            others = [other.plugin for other in implementations if other is not implementation]
            try:
                manager.subset_hook_caller(hook, remove_plugins=others)(**arguments)
            except Exception as exc:  # an observer's failure must not end the run
                self.disabled.add(name)
                warn(f"plugin {name!r} failed in {hook} ({type(exc).__name__}: {exc}); its hooks are off for the rest of this run")
