"""Every hook specification has a section in the hook reference, and says what it is for."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from ganzoo import hookspecs

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "plugins" / "hooks.md"


def specified_hooks() -> list[str]:
    return [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("ganzoo_")]


def test_every_hook_has_a_docstring_and_a_section_in_the_reference():
    documented = set(re.findall(r"^### (ganzoo_\w+)$", REFERENCE.read_text(), flags=re.MULTILINE))
    hooks = specified_hooks()
    assert len(hooks) >= 9
    assert set(hooks) == documented
    for name in hooks:
        assert inspect.getdoc(getattr(hookspecs, name)), f"{name} has no docstring"
