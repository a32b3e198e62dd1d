"""Turning what a test hands a check (a registered name, an entry, a factory, a built part) into a
built part, and a label that names it in failure messages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ganzoo.registry import Entry

if TYPE_CHECKING:
    from ganzoo.plugins import Zoo


def fail(label: str, problem: str) -> AssertionError:
    """The error a check raises: what was checked, then what is wrong with it."""
    return AssertionError(f"{label}: {problem}")


def lookup(kind: str, part: Any, zoo: Zoo | None) -> Any:
    """A registered name becomes its registry entry; anything else is returned as it is."""
    if not isinstance(part, str):
        return part
    if zoo is None:
        from ganzoo.plugins import load_zoo

        zoo = load_zoo()
    return zoo.registry.get(kind, part)


def build(
    kind: str,
    part: Any,
    *args: Any,
    zoo: Zoo | None,
    options: Mapping[str, Any] | None,
    is_built: Callable[[Any], bool],
    **kwargs: Any,
) -> tuple[Any, str]:
    """Build ``part`` as a run would: ``factory(*args, **defaults, **options, **kwargs)``.

    Returns the built part and its label (``loss 'hinge' (plugin 'losses')``, ``loss Hinge``).
    """
    part = lookup(kind, part, zoo)
    options = dict(options or {})
    if isinstance(part, Entry):
        if part.kind != kind:
            raise TypeError(f"expected a {kind} entry, got the {part.kind} {part.name!r}")
        label = f"{kind} {part.name!r} ({part.provider.describe()})"
        return part.build(*args, **kwargs, **options), label
    if is_built(part):
        if options:
            raise TypeError(f"options were given for a {kind} that is already built: {options}")
        return part, f"{kind} {type(part).__qualname__}"
    if callable(part):
        name = getattr(part, "__qualname__", type(part).__qualname__)
        return part(*args, **kwargs, **options), f"{kind} {name}"
    raise TypeError(f"cannot check {part!r} as a {kind}: give a registered name, an entry, a factory or a built {kind}")
