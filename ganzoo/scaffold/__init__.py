"""``ganzoo new-plugin NAME``: write a plugin distribution ``ganzoo-NAME`` from the templates.

The templates are plain files under ``templates/``, shipped as package data. In their paths
``__package__`` becomes the package name (``ganzoo_NAME``), a leading ``dot-`` becomes ``.``, and
the ``.tmpl`` suffix is dropped; in their text ``{{name}}``, ``{{distribution}}``, ``{{package}}``
and ``{{ganzoo_requirement}}`` are replaced. Nothing else is generated, and no file names anything
but the new plugin and ganzoo itself.
"""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import ganzoo
from ganzoo.errors import GanzooError

NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def check_name(name: str) -> str:
    """``name`` if it can name a plugin (lowercase letters, digits and single dashes, starting with a
    letter); a :class:`ganzoo.GanzooError` saying why not otherwise."""
    if name.startswith("ganzoo-") or name.startswith("ganzoo_"):
        raise GanzooError(f"give the plugin's name without the ganzoo- prefix: 'ganzoo new-plugin {name[7:]}' makes the distribution {name.replace('_', '-')}")
    if not NAME.fullmatch(name):
        raise GanzooError(
            f"invalid plugin name {name!r}: use lowercase letters, digits and single dashes, starting with a letter (e.g. 'fisher-gan')"
        )
    return name


def requirement() -> str:
    """The ganzoo requirement of a new plugin: this release series (0.x minor releases may break plugins)."""
    major, minor = (int(part) for part in ganzoo.__version__.split(".")[:2])
    upper = f"{major}.{minor + 1}" if major == 0 else f"{major + 1}"
    return f"ganzoo>={major}.{minor},<{upper}"


def create(name: str, parent: Path) -> tuple[Path, list[Path]]:
    """Write ``parent/ganzoo-NAME``; returns the folder and the files written, relative to it.
    Refuses to write into a folder that exists."""
    check_name(name)
    distribution, package = f"ganzoo-{name}", f"ganzoo_{name.replace('-', '_')}"
    folder = parent / distribution
    if folder.exists():
        raise GanzooError(f"{folder} already exists; remove it or choose another --dir")
    values = {"name": name, "distribution": distribution, "package": package, "ganzoo_requirement": requirement()}
    written: list[Path] = []
    for source, relative in _templates(resources.files(__package__) / "templates", Path()):
        target = folder / Path(*(package if part == "__package__" else part for part in relative.parts))
        text = source.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target.relative_to(folder))
    return folder, sorted(written)


def _templates(root: Traversable, relative: Path) -> list[tuple[Traversable, Path]]:
    found = []
    for item in root.iterdir():
        if item.is_dir():
            if item.name != "__pycache__":
                found += _templates(item, relative / item.name)
        elif item.name.endswith(".tmpl"):
            name = item.name.removesuffix(".tmpl")
            found.append((item, relative / ("." + name[4:] if name.startswith("dot-") else name)))
    return found
