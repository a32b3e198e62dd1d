"""Plugins never stop the command line: one that exits, a distribution whose metadata cannot be read
and a factory string that leads nowhere are each reported, and the rest works."""

from __future__ import annotations

import sys

import pytest

from ganzoo.errors import GanzooError
from ganzoo.plugins import load_zoo
from tests.test_bad_input import assert_one_line_error

GOOD = """
import ganzoo

@ganzoo.hookimpl
def ganzoo_register_samplers(register):
    register("good-sampler", "math:fabs")
"""

EXITS_ON_IMPORT = """
import sys
sys.exit(3)
"""

EXITS_WHILE_REGISTERING = """
import ganzoo

@ganzoo.hookimpl
def ganzoo_register_losses(register):
    register("never-kept", "math:fabs")

@ganzoo.hookimpl
def ganzoo_register_samplers(register):
    raise SystemExit("no samplers today")
"""

INTERRUPTED_ON_IMPORT = """
raise KeyboardInterrupt
"""


def test_a_plugin_that_exits_on_import_is_skipped_like_any_broken_plugin(distributions, capsys):
    distributions.add("ganzoo-good", {"good": GOOD})
    distributions.add("ganzoo-quitter", {"quitter": EXITS_ON_IMPORT})
    zoo = load_zoo()
    status = {p.name: p for p in zoo.plugins}
    assert status["quitter"].status == "error" and status["quitter"].error == "import failed: it called sys.exit(3)"
    assert status["good"].status == "loaded" and zoo.registry.get("sampler", "good-sampler")
    assert "warning: plugin 'quitter' skipped: import failed: it called sys.exit(3)" in capsys.readouterr().err


def test_a_plugin_that_exits_while_registering_leaves_nothing_behind(distributions):
    distributions.add("ganzoo-leaver", {"leaver": EXITS_WHILE_REGISTERING})
    zoo = load_zoo()
    leaver = next(p for p in zoo.plugins if p.name == "leaver")
    assert leaver.status == "error"
    assert leaver.error == "registration failed: it called sys.exit('no samplers today')"
    assert zoo.registry.find("never-kept") == [] and leaver.registered == []
    assert "leaver" not in [zoo.manager.get_name(p) for p in zoo.manager.get_plugins()]


def test_ctrl_c_while_a_plugin_loads_still_stops_the_program(distributions):
    distributions.add("ganzoo-slow", {"slow": INTERRUPTED_ON_IMPORT})
    with pytest.raises(KeyboardInterrupt):
        load_zoo()


def test_the_command_line_keeps_working_when_a_plugin_exits(distributions, cli):
    distributions.add("ganzoo-quitter", {"quitter": EXITS_ON_IMPORT})
    result = cli("list", "model")
    assert result.returncode == 0, result.stderr
    assert "vanilla-mlp" in result.stdout
    assert "plugin 'quitter' skipped: import failed: it called sys.exit(3)" in result.stderr


@pytest.mark.parametrize(
    ("entry_points", "problem"),
    [
        (b"[ganzoo]\nno equals sign here\n", "TypeError"),
        (b"[ganzoo]\n\xff\xfe = broken\n", "UnicodeDecodeError"),
    ],
)
def test_a_distribution_with_malformed_entry_points_costs_one_warning(entry_points, problem, distributions, capsys, cli):
    distributions.add("ganzoo-good", {"good": GOOD})
    distributions.add("ganzoo-mangled", {"mangled": GOOD})
    (distributions.root / "ganzoo_mangled-1.0.dist-info" / "entry_points.txt").write_bytes(entry_points)
    zoo = load_zoo()
    assert {p.name: p.status for p in zoo.plugins}["good"] == "loaded"
    assert "mangled" not in {p.name for p in zoo.plugins}
    (warning,) = [line for line in capsys.readouterr().err.splitlines() if "mangled" in line]
    assert warning.startswith("warning: distribution 'ganzoo-mangled' skipped: its metadata cannot be read")
    assert problem in warning
    result = cli("list", "sampler")
    assert result.returncode == 0, result.stderr
    assert "good-sampler" in result.stdout and "distribution 'ganzoo-mangled' skipped" in result.stderr


FACTORY_PLUGIN = """
import ganzoo

@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register("nowhere", "math:no_such_function")
    register("a-constant", "math:pi")
    register("unparsable", "ganzoo_faulty_faulty.broken:build")
    register("exits", "ganzoo_faulty_faulty.exits:build")
    register("not-installed", "module_that_is_not_installed:build")

@ganzoo.hookimpl
def ganzoo_register_models(register):
    register("nowhere-gan", ganzoo.Recipe(architecture="nowhere", loss="non-saturating", dataset="mnist-sample"))
    register("unparsable-gan", ganzoo.Recipe(architecture="unparsable", loss="non-saturating", dataset="mnist-sample"))
"""


@pytest.fixture
def faulty(distributions, monkeypatch):
    for name in [name for name in sys.modules if name.startswith("ganzoo_faulty_faulty")]:  # this test's own copy
        monkeypatch.delitem(sys.modules, name)
    distributions.add("ganzoo-faulty", {"faulty": FACTORY_PLUGIN}, version="0.3")
    package = distributions.root / "ganzoo_faulty_faulty"
    (package / "broken.py").write_text("def build(spec, latent_dim)\n    return None\n")
    (package / "exits.py").write_text("import sys\nsys.exit('not today')\n")
    return load_zoo()


@pytest.mark.parametrize(
    ("name", "fragments"),
    [
        ("nowhere", ["architecture 'nowhere' (plugin 'faulty' (ganzoo-faulty 0.3))",
                     "'math:no_such_function' cannot be used: math has no attribute 'no_such_function'"]),
        ("a-constant", ["architecture 'a-constant' (plugin 'faulty' (ganzoo-faulty 0.3))",
                        "'math:pi' cannot be used: it is float 3.14", "not a function or class"]),
        ("unparsable", ["architecture 'unparsable' (plugin 'faulty' (ganzoo-faulty 0.3))",
                        "importing ganzoo_faulty_faulty.broken failed (SyntaxError: expected ':'", "broken.py, line 1)"]),
        ("exits", ["architecture 'exits' (plugin 'faulty' (ganzoo-faulty 0.3))",
                   "importing ganzoo_faulty_faulty.exits failed (it called sys.exit('not today'))"]),
    ],
)
def test_a_factory_string_that_leads_nowhere_is_one_error_naming_the_part_and_its_plugin(name, fragments, faulty):
    with pytest.raises(GanzooError) as caught:
        faulty.registry.get("architecture", name).build()
    message = str(caught.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_a_factory_module_that_is_not_installed_still_raises_import_error(faulty):
    with pytest.raises(ModuleNotFoundError):  # call_factory turns it into its "reinstall" message
        faulty.registry.get("architecture", "not-installed").build()


@pytest.mark.parametrize(
    ("model", "fragment"),
    [
        ("nowhere-gan", "math has no attribute 'no_such_function'"),
        ("unparsable-gan", "importing ganzoo_faulty_faulty.broken failed (SyntaxError"),
    ],
)
def test_training_a_model_whose_factory_leads_nowhere_is_one_line(model, fragment, distributions, cli, tmp_path):
    distributions.add("ganzoo-faulty", {"faulty": FACTORY_PLUGIN}, version="0.3")
    (distributions.root / "ganzoo_faulty_faulty" / "broken.py").write_text("def build(spec, latent_dim)\n    return None\n")
    result = cli("train", model, "--out", str(tmp_path / "run"))
    assert_one_line_error(result, "architecture", "(plugin 'faulty' (ganzoo-faulty 0.3))", fragment)
