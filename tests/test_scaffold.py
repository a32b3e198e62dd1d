"""``ganzoo new-plugin``: a plugin that installs, passes its own tests and joins the zoo, out of the box."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ganzoo.errors import GanzooError
from ganzoo.plugins import load_zoo
from ganzoo.scaffold import check_name, create, requirement

ROOT = Path(__file__).resolve().parent.parent
PIP = ("--no-deps", "--no-build-isolation", "--no-index", "--disable-pip-version-check", "-q")


def run(*args: str, cwd: Path, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in ``cwd`` (not the checkout, whose ganzoo/ would shadow an installed one)."""
    path = os.pathsep.join(filter(None, [str(site) if site else None, os.environ.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, "PYTHONPATH": path}, timeout=600)


def installed(project: Path, site: Path) -> None:
    done = run("-m", "pip", "install", "--target", str(site), *PIP, str(project), cwd=project.parent)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", ["My_Gan", "1gan", "gan-", "-gan", "fisher--gan", "fisher gan", "fishér", ""])
def test_names_other_than_lowercase_words_joined_by_dashes_are_refused(name):
    with pytest.raises(GanzooError, match="invalid plugin name"):
        check_name(name)


def test_the_ganzoo_prefix_is_refused_with_the_name_to_use_instead():
    with pytest.raises(GanzooError, match="'ganzoo new-plugin fisher' makes the distribution ganzoo-fisher"):
        check_name("ganzoo-fisher")


def test_the_command_refuses_a_bad_name_and_an_existing_folder_in_one_line(tmp_path, cli):
    bad = cli("new-plugin", "Fisher_GAN", "--dir", str(tmp_path))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "invalid plugin name 'Fisher_GAN'" in bad.stderr
    (tmp_path / "ganzoo-taken").mkdir()
    (tmp_path / "ganzoo-taken" / "keep.txt").write_text("mine")
    taken = cli("new-plugin", "taken", "--dir", str(tmp_path))
    assert taken.returncode == 2 and "already exists" in taken.stderr
    assert [p.name for p in (tmp_path / "ganzoo-taken").iterdir()] == ["keep.txt"]


def test_the_plugin_requires_this_release_series_of_ganzoo():
    import ganzoo

    major, minor = ganzoo.__version__.split(".")[:2]
    assert requirement() == f"ganzoo>={major}.{minor},<{major}.{int(minor) + 1}"


def test_the_generated_files_name_nothing_that_is_not_theirs(tmp_path):
    folder, files = create("zeta-gan", tmp_path)
    zoo = load_zoo()
    others = {p.distribution for p in zoo.plugins if p.distribution} | {p.module.split(".")[0] for p in zoo.plugins}
    for relative in files:
        text = (folder / relative).read_text()
        assert "{{" not in text and "}}" not in text, f"{relative} has a placeholder left"
        for other in others:
            assert not re.search(rf"(?<![\w-]){re.escape(other)}(?![\w-])", text), f"{relative} names {other!r}"
    declared = (folder / "ganzoo_zeta_gan" / "plugin.py").read_text()
    names = re.findall(r'register\(\s*"([^"]+)"', declared) + re.findall(r'(?:architecture|loss|dataset|sampler)="([^"]+)"', declared)
    assert len(names) == 9 and all(name.startswith("zeta-gan") for name in names)


def test_a_new_plugin_installs_passes_its_tests_and_joins_the_zoo(tmp_path):
    # ganzoo itself from a regular (non-editable) install, so that the templates are shown to ship in it
    source = tmp_path / "ganzoo-source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "ganzoo", source / "ganzoo", ignore=shutil.ignore_patterns("__pycache__"))
    core = tmp_path / "core"
    installed(source, core)
    where = run("-c", "import ganzoo.scaffold; print(ganzoo.scaffold.__file__)", site=core, cwd=tmp_path)
    assert where.stdout.startswith(str(core)), where.stdout + where.stderr
    made = run("-m", "ganzoo", "new-plugin", "zeta-gan", "--dir", str(tmp_path), site=core, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "created" in made.stdout and "plugin.py" in made.stdout and "pip install -e" in made.stdout
    project = tmp_path / "ganzoo-zeta-gan"

    site = tmp_path / "site"
    installed(project, site)
    tests = run("-m", "pytest", str(project), "-p", "no:cacheprovider", site=site, cwd=tmp_path)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert re.search(r"\b7 passed\b", tests.stdout)

    listed = run("-m", "ganzoo", "list", "--json", site=site, cwd=tmp_path)
    parts = {(e["kind"], e["name"]): e for e in json.loads(listed.stdout)}
    for kind, name in [("model", "zeta-gan"), ("architecture", "zeta-gan-mlp"), ("loss", "zeta-gan-loss"),
                       ("dataset", "zeta-gan-squares"), ("sampler", "zeta-gan-uniform")]:
        assert parts[kind, name]["plugin"] == "zeta-gan" and parts[kind, name]["distribution"] == "ganzoo-zeta-gan"
