"""The registry: every part that the loaded plugins declared, as frozen records.

Parts are looked up by name. When two plugins register the same name for the same kind, an
unqualified lookup fails and names both providers; ``plugin:name`` picks one. The registry also
remembers the plugins that were found but not loaded, so that a failed lookup can name them.
"""

from __future__ import annotations

import difflib
import fnmatch
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ganzoo.errors import GanzooError
from ganzoo.recipe import Recipe

# Every kind of part, in listing order, with the hook that registers it.
REGISTRATION_HOOKS = {
    "model": "ganzoo_register_models",
    "architecture": "ganzoo_register_architectures",
    "loss": "ganzoo_register_losses",
    "dataset": "ganzoo_register_datasets",
    "sampler": "ganzoo_register_samplers",
    "scheme": "ganzoo_register_schemes",
    "augmentation": "ganzoo_register_augmentations",
    "metric": "ganzoo_register_metrics",
}
KINDS = tuple(REGISTRATION_HOOKS)


@dataclass(frozen=True)
class Provider:
    """Who registered a part: the plugin's name, its distribution and that distribution's version."""

    plugin: str
    distribution: str | None = None
    version: str | None = None

    def describe(self) -> str:
        if self.distribution is None:
            return f"plugin {self.plugin!r}"
        return f"plugin {self.plugin!r} ({self.distribution} {self.version})"


@dataclass(frozen=True)
class Entry:
    """One registered part. ``factory`` is called only when a run builds the part; for a model it is
    ``None`` and ``recipe`` holds the model."""

    kind: str
    name: str
    provider: Provider
    description: str = ""
    defaults: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    factory: Callable[..., Any] | str | None = None
    recipe: Recipe | None = None

    @property
    def qualified_name(self) -> str:
        return f"{self.provider.plugin}:{self.name}"

    def build(self, *args: Any, **options: Any) -> Any:
        """Call the factory with the defaults updated by ``options``."""
        if self.factory is None:
            raise TypeError(f"{self.kind} {self.name!r} has no factory")
        factory = resolve_factory(self.factory, part=self.describe()) if isinstance(self.factory, str) else self.factory
        return factory(*args, **{**self.defaults, **options})

    def describe(self) -> str:
        """The part and who provides it, for messages: ``loss 'hinge' (plugin 'losses' (ganzoo-losses 0.1.0))``."""
        return f"{self.kind} {self.name!r} ({self.provider.describe()})"


@dataclass(frozen=True)
class UnloadedPlugin:
    """A plugin that was found but whose parts are not in the registry: it is disabled, or it failed
    to load. Which parts it has is unknown (a disabled plugin is never imported), so a lookup that
    fails can only point at it, by its name or its distribution."""

    provider: Provider
    status: str  # disabled | error
    reason: str  # completes "plugin 'x' ...": "is disabled by ...; ..." or "failed to load: ..."

    def describe(self) -> str:
        return f"{self.provider.describe()} {self.reason}"


def resolve_factory(reference: str, part: str | None = None) -> Callable[..., Any]:
    """Import ``"package.module:attribute"``; this is where a plugin's heavy code gets imported.

    A module that is not installed raises ImportError (the caller says which distribution to
    reinstall); a module that fails as it is imported, an attribute it lacks and a target that
    cannot be called are each a :class:`GanzooError` naming ``part`` (the part whose factory it is).
    """
    module_name, _, attribute = reference.partition(":")
    whose = f"{part}: " if part else ""
    if not module_name or not attribute:
        raise GanzooError(f"{whose}factory reference {reference!r} must look like 'package.module:attribute'")
    try:
        target: Any = importlib.import_module(module_name)
    except ImportError:
        raise
    except (Exception, SystemExit) as exc:  # a syntax error, or the module's own code failing (or exiting) as it runs
        raise GanzooError(f"{whose}its factory {reference!r} cannot be used: importing {module_name} failed "
                          f"({describe_failure(exc)}); reinstall or fix the plugin") from None
    for name in attribute.split("."):
        try:
            target = getattr(target, name)
        except AttributeError:
            raise GanzooError(f"{whose}its factory {reference!r} cannot be used: {module_name} has no attribute "
                              f"{attribute!r}; the plugin may not match its code") from None
    if not callable(target):
        raise GanzooError(f"{whose}its factory {reference!r} cannot be used: it is {type(target).__name__} {target!r:.60}, "
                          "not a function or class")
    return target


def describe_failure(exc: BaseException) -> str:
    """An exception raised by a plugin's code, in a few words on one line."""
    if isinstance(exc, SystemExit):
        return f"it called sys.exit({exc.code!r})"
    if isinstance(exc, SyntaxError):
        return f"SyntaxError: {exc.msg} ({exc.filename}, line {exc.lineno})"
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"


class Registry:
    """All entries, grouped by kind and name; several providers may share a name."""

    def __init__(self, entries: Iterable[Entry] = (), unloaded: Iterable[UnloadedPlugin] = ()) -> None:
        self._entries: dict[tuple[str, str], list[Entry]] = {}
        self._unloaded: list[UnloadedPlugin] = list(unloaded)
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        if entry.kind not in KINDS:
            raise ValueError(f"unknown kind {entry.kind!r}; kinds are {', '.join(KINDS)}")
        providers = self._entries.setdefault((entry.kind, entry.name), [])
        if any(e.provider.plugin == entry.provider.plugin for e in providers):
            raise GanzooError(f"{entry.provider.describe()} registers {entry.kind} {entry.name!r} twice")
        providers.append(entry)

    def note_unloaded(self, plugin: UnloadedPlugin) -> None:
        """Remember a plugin that was found but not loaded, for the messages of failed lookups."""
        self._unloaded.append(plugin)

    def unloaded(self, plugin: str | None = None, distribution: str | None = None) -> list[UnloadedPlugin]:
        """The plugins found but not loaded; with ``distribution``, those of that distribution (the one
        called ``plugin`` first), else with ``plugin``, those of that name. A run records both for each
        part: the distribution decides, so that another distribution's plugin of the same name is not
        blamed."""
        if distribution is not None:
            same = [u for u in self._unloaded if u.provider.distribution == distribution]
            return sorted(same, key=lambda u: u.provider.plugin != plugin)
        return [u for u in self._unloaded if plugin is None or u.provider.plugin == plugin]

    def list(self, kind: str | None = None, pattern: str | None = None) -> list[Entry]:
        """Entries of ``kind`` (all kinds if ``None``) whose name matches the shell-style ``pattern``,
        sorted by kind then name."""
        if kind is not None and kind not in KINDS:
            raise GanzooError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
        found = [
            entry
            for (entry_kind, name), entries in self._entries.items()
            if (kind is None or entry_kind == kind) and (pattern is None or fnmatch.fnmatchcase(name, pattern))
            for entry in entries
        ]
        return sorted(found, key=lambda e: (KINDS.index(e.kind), e.name, e.provider.plugin))

    def get(self, kind: str, name: str) -> Entry:
        """The entry of ``kind`` called ``name`` (or ``plugin:name``); a clear error otherwise."""
        plugin, _, bare = name.rpartition(":")
        candidates = self._entries.get((kind, bare), [])
        if plugin:
            candidates = [e for e in candidates if e.provider.plugin == plugin]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise GanzooError(self._unknown_message(kind, name))
        providers = " and ".join(e.provider.describe() for e in candidates)
        choices = ", ".join(e.qualified_name for e in candidates)
        raise GanzooError(f"{kind} {bare!r} is registered by {providers}; pick one as {choices}")

    def find(self, name: str) -> list[Entry]:
        """Entries of any kind called ``name`` (or ``plugin:name``), for ``ganzoo info``."""
        plugin, _, bare = name.rpartition(":")
        return [e for e in self.list() if e.name == bare and (not plugin or e.provider.plugin == plugin)]

    def _unknown_message(self, kind: str, name: str) -> str:
        plugin, _, _ = name.rpartition(":")
        if plugin and (owners := self.unloaded(plugin)):
            return f"{kind} {name!r} is not available: {owners[0].describe()}"
        entries = self.list(kind)
        known = sorted({e.name for e in entries} | {e.qualified_name for e in entries})
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        if close:
            return f"unknown {kind} {name!r}; did you mean {', '.join(repr(c) for c in close)}? (see 'ganzoo list {kind}')"
        if not entries:
            return f"unknown {kind} {name!r}: no plugin registers any {kind}" + (self._not_searched() or " (see 'ganzoo plugins')")
        return f"unknown {kind} {name!r}; see 'ganzoo list {kind}' for the {len(entries)} available" + self._not_searched()

    def _not_searched(self, shown: int = 3) -> str:
        """The plugins found but not loaded, which may hold the name a lookup did not find."""
        if not self._unloaded:
            return ""
        labels = [f"{u.provider.plugin!r} ({'disabled' if u.status == 'disabled' else 'failed to load'})" for u in self._unloaded]
        more = f" and {len(labels) - shown} more" if len(labels) > shown else ""
        return f"; plugins not loaded, which may provide it: {', '.join(labels[:shown])}{more} (see 'ganzoo plugins')"

    def __len__(self) -> int:
        return sum(len(v) for v in self._entries.values())
