"""Changes to single recipe fields, as the user wrote them: ``--set FIELD=VALUE`` on the command
line, keyword arguments of ``ganzoo.train`` in Python. Each is checked against the field's type
and range before anything is built, and a bad one is reported as the user wrote it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ganzoo.errors import GanzooError
from ganzoo.recipe import InvalidRecipe, Recipe


@dataclass(frozen=True)
class Setting:
    """One change: ``key`` is a recipe field, or ``FIELD.KEY`` for one option of a ``*_options``
    field; ``text`` is ``KEY=VALUE`` as the user wrote it; ``flag`` is the command-line option it
    came with (``--set``), ``None`` from Python."""

    key: str
    value: Any
    text: str
    flag: str | None = None

    @property
    def option(self) -> str:
        """What the user gave, as a message lists it among other options."""
        return self.flag or self.key.partition(".")[0]

    def as_given(self, what: str) -> str:
        return f"{self.flag} {what}" if self.flag else what


def recipe_changes(recipe: Recipe, settings: Iterable[Setting]) -> dict[str, Any]:
    """The settings as overrides of ``recipe``'s fields, later ones over earlier ones; a
    ``FIELD.KEY`` changes that one option and keeps the field's others."""
    fields = recipe.to_dict()
    changes: dict[str, Any] = {}
    for setting in settings:
        field, _, option = setting.key.partition(".")
        if field not in fields:
            raise GanzooError(f"{setting.as_given(setting.key)}: the recipe has no field {field!r}; see 'ganzoo info MODEL'")
        if option:
            if not field.endswith("_options"):
                raise GanzooError(f"{setting.as_given(setting.key)}: only the *_options fields take a .KEY")
            changes[field] = {**changes.get(field, fields[field]), option: setting.value}
        elif setting.value is None and field not in Recipe.nullable_fields():
            *first, last = Recipe.nullable_fields()
            nullable = f"{', '.join(first)} and {last}" if first else last
            raise GanzooError(f"{setting.as_given(setting.text)}: {field} cannot be null (only {nullable} can); give a value")
        else:
            changes[field] = tuple(setting.value) if isinstance(setting.value, list) else setting.value
        try:
            recipe.with_overrides(**{field: changes[field]})
        except InvalidRecipe as exc:
            raise GanzooError(f"{setting.as_given(setting.text)}: {'; '.join(exc.problems)}") from None
    return changes
