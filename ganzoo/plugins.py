"""Finding, loading and isolating plugins.

Plugins are the modules named in the ``ganzoo`` entry-point group. Each one is imported and asked
to register its parts on its own: one that fails to import or to register is reported with one
warning line and skipped, nothing it registered stays, and the others load as usual.

``GANZOO_LOAD_PLUGINS=a,b`` loads only the named plugins (set but empty: none);
``GANZOO_DISABLE_PLUGINS=a,b`` skips the named ones; ``GANZOO_TRACE_PLUGINS=1`` prints every hook
call with its duration to stderr.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from types import MappingProxyType
from typing import Any

import pluggy
from packaging.requirements import InvalidRequirement, Requirement

import ganzoo
from ganzoo import hookspecs
from ganzoo.console import warn
from ganzoo.recipe import Recipe
from ganzoo.registry import REGISTRATION_HOOKS, Entry, Provider, Registry, UnloadedPlugin, describe_failure

GROUP = "ganzoo"


@dataclass
class PluginInfo:
    """What ``ganzoo plugins`` shows about one plugin."""

    name: str
    module: str
    distribution: str | None
    version: str | None
    status: str = "loaded"  # loaded | disabled | error
    error: str | None = None
    hooks: list[str] = field(default_factory=list)
    registered: list[tuple[str, str]] = field(default_factory=list)
    commands: dict[str, Callable[..., Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def provider(self) -> Provider:
        return Provider(self.name, self.distribution, self.version)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "module": self.module,
            "distribution": self.distribution,
            "version": self.version,
            "status": self.status,
            "error": self.error,
            "hooks": self.hooks,
            "registered": [{"kind": kind, "name": name} for kind, name in self.registered],
            "commands": sorted(self.commands),
            "notes": self.notes,
        }

    def skip_command(self, name: str, reason: str) -> None:
        """Take back command ``name``, which the command line did not add, and note ``reason`` for
        ``ganzoo plugins``."""
        del self.commands[name]
        self.notes.append(reason)


@dataclass
class Zoo:
    """The loaded plugins: a pluggy manager for the lifecycle hooks, and the registry of parts."""

    manager: pluggy.PluginManager
    registry: Registry
    plugins: list[PluginInfo]

    @property
    def hook(self) -> Any:
        return self.manager.hook

    def observe(self, name: str, plugin: object) -> None:
        """Add a plugin that only implements lifecycle hooks (a progress display, say)."""
        self.manager.register(plugin, name=name)

    def commands(self) -> dict[str, Callable[..., Any]]:
        """Command-line commands added by the loaded plugins, by name."""
        return {name: command for info in self.plugins if info.status == "loaded" for name, command in info.commands.items()}


# What a plugin's own code may raise without stopping the command line: any error, and SystemExit
# (a plugin calling sys.exit() or exit()). KeyboardInterrupt (Ctrl-C) still stops it, as it should.
PLUGIN_FAILURES = (Exception, SystemExit)


def _entry_points(group: str) -> list[tuple[metadata.EntryPoint, tuple[str, str] | None]]:
    """The entry points of ``group`` with the (name, version) of their distribution, found one
    distribution at a time as :func:`importlib.metadata.entry_points` does (the first of a name on
    the path wins), so that a distribution whose metadata cannot be read costs a warning about it
    and not the whole command line."""
    found: list[tuple[metadata.EntryPoint, tuple[str, str] | None]] = []
    seen: set[str] = set()
    for dist in metadata.distributions():
        try:
            name = getattr(dist, "_normalized_name", None) or dist.metadata["Name"]  # the first without reading METADATA
            key = re.sub(r"[-_.]+", "-", name).lower() if name else None
            if key in seen:
                continue
            if key is not None:
                seen.add(key)
            entry_points = [ep for ep in dist.entry_points if ep.group == group]
            described = (dist.name, dist.version) if entry_points and dist.name else None
        except Exception as exc:  # a malformed METADATA or entry_points.txt
            warn(f"distribution {_label(dist)} skipped: its metadata cannot be read ({describe_failure(exc)}); "
                 "any ganzoo plugin in it is not loaded; reinstall it")
            continue
        found.extend((ep, described) for ep in entry_points)
    return found


def _label(dist: metadata.Distribution) -> str:
    """A distribution's name if it can be read, else where it lies."""
    try:
        if name := dist.metadata["Name"]:
            return repr(name)
    except Exception:
        pass
    return str(getattr(dist, "_path", "of unknown name"))


def _names_from_env(variable: str, environ: Mapping[str, str]) -> set[str] | None:
    if variable not in environ:
        return None
    return {name.strip() for name in environ[variable].split(",") if name.strip()}


def load_zoo(
    extra: Iterable[tuple[str, object]] = (),
    environ: Mapping[str, str] | None = None,
) -> Zoo:
    """Load every plugin of the ``ganzoo`` entry-point group, then the ``extra`` (name, plugin)
    pairs (objects with hook implementations; used for built-ins and by tests)."""
    environ = os.environ if environ is None else environ
    only = _names_from_env("GANZOO_LOAD_PLUGINS", environ)
    disabled = _names_from_env("GANZOO_DISABLE_PLUGINS", environ) or set()

    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    trace = environ.get("GANZOO_TRACE_PLUGINS", "") not in ("", "0")
    if trace:
        _trace_hook_calls(manager)
    registry = Registry()
    infos: list[PluginInfo] = []

    for ep, dist in sorted(_entry_points(GROUP), key=lambda found: found[0].name):
        info = PluginInfo(ep.name, ep.value, dist[0] if dist else None, dist[1] if dist else None)
        infos.append(info)
        if (only is not None and ep.name not in only) or ep.name in disabled:
            info.status = "disabled"
            continue
        if any(other.name == ep.name and other.status == "loaded" for other in infos[:-1]):
            first = next(other for other in infos[:-1] if other.name == ep.name)
            _fail(info, f"the plugin name {ep.name!r} is already taken by {first.provider.describe()}")
            continue
        if problem := _incompatibility(getattr(ep, "dist", None)):
            _fail(info, problem)
            continue
        try:
            plugin = ep.load()
        except PLUGIN_FAILURES as exc:  # a broken plugin must not stop the others
            _fail(info, f"import failed: {describe_failure(exc)}")
            continue
        _admit(manager, registry, info, plugin, trace)

    for name, plugin in extra:
        module = getattr(plugin, "__name__", type(plugin).__name__)
        info = PluginInfo(name, module, None, None)
        infos.append(info)
        _admit(manager, registry, info, plugin, trace)

    for info in infos:
        if info.status == "disabled":
            registry.note_unloaded(UnloadedPlugin(info.provider, info.status, _how_to_enable(info.name, only, disabled)))
        elif info.status == "error":
            registry.note_unloaded(UnloadedPlugin(info.provider, info.status, f"failed to load: {info.error}"))
    return Zoo(manager, registry, infos)


def _how_to_enable(name: str, only: set[str] | None, disabled: set[str]) -> str:
    """Why the plugin ``name`` is disabled and what to change, completing "plugin 'name' ..."."""
    denied, not_allowed = name in disabled, only is not None and name not in only
    if denied and not_allowed:
        return (f"is disabled by GANZOO_DISABLE_PLUGINS and not in GANZOO_LOAD_PLUGINS; remove {name!r} "
                "from the first and add it to the second (or unset both) to load it")
    if denied:
        return f"is disabled by GANZOO_DISABLE_PLUGINS; remove {name!r} from it (or unset it) to load it"
    return f"is not in GANZOO_LOAD_PLUGINS; add {name!r} to it (or unset it) to load it"


def _incompatibility(dist: metadata.Distribution | None) -> str | None:
    """Why ``dist`` cannot work with this core, judged by its requirement on ``ganzoo``; or None."""
    try:
        requires = (dist.requires or []) if dist else []
    except Exception as exc:  # a malformed METADATA
        return f"the metadata of its distribution cannot be read ({describe_failure(exc)}); reinstall it"
    for line in requires:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if requirement.name.lower() == "ganzoo" and requirement.marker is None:
            if not requirement.specifier.contains(ganzoo.__version__, prereleases=True):
                return (
                    f"{dist.name} {dist.version} needs ganzoo{requirement.specifier} but this is ganzoo "
                    f"{ganzoo.__version__}; install a {dist.name} release made for it"
                )
    return None


def _fail(info: PluginInfo, message: str) -> None:
    info.status, info.error = "error", message
    warn(f"plugin {info.name!r} skipped: {message}")


def _admit(
    manager: pluggy.PluginManager, registry: Registry, info: PluginInfo, plugin: object, trace: bool
) -> None:
    """Register ``plugin``'s hooks and parts, all or nothing."""
    try:
        manager.register(plugin, name=info.name)
    except PLUGIN_FAILURES as exc:
        _fail(info, f"its hooks do not match ganzoo's hook specifications: {exc}")
        return
    if unknown := _unknown_hooks(manager, plugin):
        manager.unregister(plugin)
        _fail(info, unknown)
        return
    info.hooks = sorted(caller.name for caller in manager.get_hookcallers(plugin) or [])
    staged: list[Entry] = []
    commands: dict[str, Callable[..., Any]] = {}
    registrars = {hook: _registrar(kind, info, staged) for kind, hook in REGISTRATION_HOOKS.items()}
    registrars["ganzoo_register_commands"] = _command_registrar(commands)
    try:
        for hook_name, register in registrars.items():
            for impl in getattr(manager.hook, hook_name).get_hookimpls():
                if impl.plugin is plugin:
                    _call_registration(hook_name, info.name, impl.function, register, trace)
        trial = Registry(registry.list())
        for entry in staged:
            trial.add(entry)
    except PLUGIN_FAILURES as exc:
        manager.unregister(plugin)
        _fail(info, f"registration failed: {describe_failure(exc)}")
        return
    for entry in staged:
        registry.add(entry)
    info.registered = [(e.kind, e.name) for e in staged]
    info.commands = commands


def _unknown_hooks(manager: pluggy.PluginManager, plugin: object) -> str | None:
    """What is wrong with ``plugin``'s hook implementations that match no hook specification, or None.

    pluggy accepts those silently (they might be specified later); ganzoo adds all its specifications
    first, so such a hook is a misspelling that would register nothing and never be called."""
    callers = manager.get_hookcallers(plugin) or []
    unknown = sorted(caller.name for caller in callers if not caller.has_spec())
    if not unknown:
        return None
    specified = [name for name, caller in vars(manager.hook).items() if isinstance(caller, pluggy.HookCaller) and caller.has_spec()]
    problems = []
    for name in unknown:
        close = difflib.get_close_matches(name, specified, n=1, cutoff=0.6)
        problems.append(f"hook {name!r} matches no ganzoo hook specification" + (f"; did you mean {close[0]!r}?" if close else ""))
    return "; ".join(problems)


def _command_registrar(commands: dict[str, Callable[..., Any]]) -> Callable[..., None]:
    def register_command(name: str, command: Callable[..., Any]) -> None:
        if not isinstance(name, str) or not name.replace("-", "").isalnum():
            raise ValueError(f"command name {name!r} must be letters, digits and dashes")
        if not callable(command):
            raise TypeError(f"command {name!r} must be a function")
        commands[name] = command

    return register_command


def _registrar(kind: str, info: PluginInfo, staged: list[Entry]) -> Callable[..., None]:
    """The ``register`` callback handed to one plugin's registration hook for one kind."""

    def check_name(name: object) -> str:
        if not isinstance(name, str) or not name or ":" in name or name != name.strip():
            raise ValueError(f"{kind} name {name!r} must be a non-empty string without ':' or spaces at the ends")
        return name

    if kind == "model":

        def register_model(name: str, recipe: Recipe, *, description: str = "") -> None:
            if not isinstance(recipe, Recipe):
                raise TypeError(f"model {name!r}: recipe must be a ganzoo.Recipe, got {type(recipe).__name__}")
            staged.append(Entry(kind, check_name(name), info.provider, description, recipe=recipe))

        return register_model

    def register_part(
        name: str,
        factory: Callable[..., Any] | str,
        *,
        description: str = "",
        defaults: Mapping[str, Any] | None = None,
    ) -> None:
        if not (callable(factory) or (isinstance(factory, str) and ":" in factory)):
            raise TypeError(f"{kind} {name!r}: factory must be a callable or a 'module:attribute' string")
        frozen = MappingProxyType(dict(defaults or {}))
        staged.append(Entry(kind, check_name(name), info.provider, description, frozen, factory))

    return register_part


def _call_registration(hook: str, plugin: str, function: Callable, register: Any, trace: bool) -> None:
    """Call one plugin's registration hook directly, so that its failure stays its own."""
    if not trace:
        function(register=register)
        return
    start = time.perf_counter()
    try:
        function(register=register)
    finally:
        print(f"ganzoo trace: {hook} [{plugin}] {1000 * (time.perf_counter() - start):.2f} ms", file=sys.stderr)


def _trace_hook_calls(manager: pluggy.PluginManager) -> None:
    """Print each lifecycle hook call, per implementation, with its duration."""
    started: dict[int, float] = {}

    def before(hook_name: str, hook_impls: list, kwargs: dict) -> None:
        started[id(kwargs)] = time.perf_counter()

    def after(outcome: Any, hook_name: str, hook_impls: list, kwargs: dict) -> None:
        elapsed = 1000 * (time.perf_counter() - started.pop(id(kwargs), time.perf_counter()))
        plugins = ", ".join(impl.plugin_name for impl in hook_impls)
        print(f"ganzoo trace: {hook_name} [{plugins}] {elapsed:.2f} ms", file=sys.stderr)

    manager.add_hookcall_monitoring(before, after)
