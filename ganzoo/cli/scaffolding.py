"""``ganzoo new-plugin``: start a plugin distribution that registers one part of each kind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ganzoo.console import out


def new_plugin(
    name: Annotated[str, typer.Argument(help="The plugin's name, e.g. 'fisher-gan' (lowercase letters, digits, dashes); the distribution is ganzoo-NAME.")],
    directory: Annotated[Path, typer.Option("--dir", help="Folder to create ganzoo-NAME in.")] = Path("."),
) -> None:
    """Start a new plugin: ganzoo-NAME with an architecture, a loss, a dataset, a sampler, a model and tests."""
    from ganzoo.scaffold import create

    folder, files = create(name, directory)
    out.print(f"created {folder}/ with {len(files)} files:", highlight=False, markup=False)
    for path in files:
        out.print(f"  {path}", highlight=False, markup=False)
    out.print(
        "next:\n"
        f"  pip install -e '{folder}[test]'\n"
        f"  pytest {folder}\n"
        f"  ganzoo train {name} --steps 500\n"
        "how to write a plugin: docs/plugins/tutorial.md in the ganzoo repository",
        highlight=False,
        markup=False,
    )
