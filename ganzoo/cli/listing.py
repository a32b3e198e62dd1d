"""``ganzoo list``, ``ganzoo info`` and ``ganzoo plugins``: what the zoo holds and where it comes from."""

from __future__ import annotations

import difflib
import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ganzoo.console import out
from ganzoo.errors import GanzooError
from ganzoo.cli import zoo as plugins_zoo
from ganzoo.registry import KINDS, Entry

NO_PLUGINS_HINT = (
    "No plugin is loaded, so the zoo is empty. Install the standard zoo (pip install ganzoo-vanilla "
    "ganzoo-losses ganzoo-samplers ganzoo-mnist) or check GANZOO_LOAD_PLUGINS / GANZOO_DISABLE_PLUGINS; "
    "'ganzoo plugins' shows what was found."
)


def _kind(word: str) -> str | None:
    """``models`` or ``model`` → ``model``, ``losses`` → ``loss``; anything else → None."""
    for kind in KINDS:
        if word in (kind, kind + "s", kind + "es"):
            return kind
    return None


def _entry_summary(entry: Entry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "name": entry.name,
        "plugin": entry.provider.plugin,
        "distribution": entry.provider.distribution,
        "version": entry.provider.version,
        "description": entry.description,
    }


def _nothing_matches(pattern: str, entries: list[Entry]) -> str:
    """The error for a word that is neither a kind nor a pattern that matches a name, with the
    kinds and names it may be a misspelling of."""
    words = [form for kind in KINDS for form in (kind, kind + "s" if not kind.endswith("s") else kind + "es")]
    close = difflib.get_close_matches(pattern, words + sorted({e.name for e in entries}), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else f"; kinds are {', '.join(KINDS)}"
    return f"nothing in the registry is a kind or a name matching {pattern!r}{hint}"


def list_entries(
    kind: Annotated[str | None, typer.Argument(help=f"One of: {', '.join(KINDS)} (plural is fine), or a name pattern.")] = None,
    pattern: Annotated[str | None, typer.Argument(help="Shell-style wildcard on names, e.g. 'vanilla*'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")] = False,
) -> None:
    """List the registered models, architectures, losses, datasets and samplers."""
    if kind is not None and _kind(kind) is None:
        if pattern is not None:
            raise GanzooError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
        kind, pattern = None, kind  # 'ganzoo list "dc*"': a pattern alone
    zoo = plugins_zoo.current()
    entries = zoo.registry.list(_kind(kind) if kind else None, pattern)
    if not entries and pattern is not None and kind is None:
        raise GanzooError(_nothing_matches(pattern, zoo.registry.list()))
    if as_json:
        print(json.dumps([_entry_summary(e) for e in entries], indent=2))
        return
    if not any(p.status == "loaded" for p in zoo.plugins):
        out.print(NO_PLUGINS_HINT)
        return
    table = Table("kind", "name", "plugin", "description", title=f"ganzoo registry ({len(entries)} entries)")
    for e in entries:
        table.add_row(e.kind, e.name, e.provider.plugin, escape(e.description))
    out.print(table)


def info(name: Annotated[str, typer.Argument(help="A registered name, or plugin:name.")]) -> None:
    """Everything about one registered name: its recipe or defaults, and which plugin provides it."""
    zoo = plugins_zoo.current()
    entries = zoo.registry.find(name)
    if not entries:
        known = sorted({e.name for e in zoo.registry.list()})
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else "; see 'ganzoo list'"
        raise GanzooError(f"nothing is registered as {name!r}{hint}")
    for entry in entries:
        table = Table(show_header=False, title=f"{entry.kind} {entry.qualified_name}", title_justify="left")
        table.add_row("description", escape(entry.description) or "-")
        table.add_row("plugin", entry.provider.plugin)
        table.add_row("distribution", f"{entry.provider.distribution or '-'} {entry.provider.version or ''}".strip())
        if entry.recipe is not None:
            for key, value in _recipe_with_defaults(entry.recipe.to_dict(), zoo).items():
                table.add_row(key, escape(_as_typed(value)))
        else:
            table.add_row("factory", entry.factory if isinstance(entry.factory, str) else getattr(entry.factory, "__qualname__", repr(entry.factory)))
            for key, value in entry.defaults.items():
                table.add_row(f"default {key}", escape(_as_typed(value)))
        out.print(table)
        if entry.recipe is not None:
            out.print("Options are the part's defaults with the recipe's own on top; values are as --set takes them (JSON).")


def _as_typed(value: Any) -> str:
    """A value as ``--set`` takes it: JSON (``null``, ``false``, ``[0.5, 0.999]``), a bare string as is."""
    return value if isinstance(value, str) else json.dumps(value)


def _recipe_with_defaults(recipe: dict[str, Any], zoo: Any) -> dict[str, Any]:
    """The recipe's fields, each ``*_options`` filled in with the defaults its part registers (a part
    that is not installed keeps the recipe's options alone)."""
    shown = dict(recipe)
    for kind in ("architecture", "loss", "dataset", "sampler", "scheme"):
        name = recipe.get(kind)
        found = zoo.registry.find(name) if isinstance(name, str) else []
        defaults = next((e.defaults for e in found if e.kind == kind), {})
        shown[f"{kind}_options"] = {**defaults, **recipe.get(f"{kind}_options", {})}
    return shown


def plugins(as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False) -> None:
    """Each plugin found: distribution, version, status and what it registered."""
    zoo = plugins_zoo.current()
    if as_json:
        print(json.dumps([p.to_dict() for p in zoo.plugins], indent=2))
        return
    if not zoo.plugins:
        out.print("No ganzoo plugin is installed. " + NO_PLUGINS_HINT.split(". ", 1)[1])
        return
    table = Table("plugin", "distribution", "version", "status", "hooks", "registered")
    style = {"loaded": "green", "disabled": "yellow", "error": "red"}
    for p in zoo.plugins:
        status = f"[{style[p.status]}]{p.status}[/]" + (f": {escape(p.error)}" if p.error else "")
        status += "".join(f"\n[yellow]note:[/] {escape(note)}" for note in p.notes)
        registered = [f"{kind} {name}" for kind, name in p.registered] + [f"command {name}" for name in sorted(p.commands)]
        hooks = "\n".join(hook.removeprefix("ganzoo_") for hook in p.hooks)
        table.add_row(p.name, p.distribution or "-", p.version or "-", status, hooks, "\n".join(registered))
    out.print(table)
