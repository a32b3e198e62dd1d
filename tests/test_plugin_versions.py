"""Versions: the core's own, plugins made for another core, and runs whose plugins changed."""

from __future__ import annotations

import json
import shutil

import pytest

from ganzoo.errors import GanzooError
from ganzoo.plugins import load_zoo
from ganzoo.provenance import check_recorded_parts

TINY = """
import ganzoo

def build(spec, latent_dim):
    import math
    from torch import nn
    size = math.prod(spec.shape)
    return ganzoo.Networks(
        nn.Sequential(nn.Linear(latent_dim, size), nn.Tanh(), nn.Unflatten(1, spec.shape)),
        nn.Sequential(nn.Flatten(), nn.Linear(size, 1)),
    )

@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register("tiny", build, description="one linear layer each")

@ganzoo.hookimpl
def ganzoo_register_models(register):
    register("tiny-gan", ganzoo.Recipe(architecture="tiny", loss="non-saturating", dataset="mnist-sample", steps=5))
"""

COMMAND = """
import ganzoo

def hello(name: str = "world"):
    \"\"\"Say hello.\"\"\"
    print(f"hello {name} from a plugin")

def list_again():
    \"\"\"Tries to replace the core's list command.\"\"\"
    print("hijacked")

@ganzoo.hookimpl
def ganzoo_register_commands(register):
    register("hello", hello)
    register("list", list_again)
"""


def test_version_lists_the_core_and_every_loaded_plugin(distributions, cli):
    distributions.add("ganzoo-tiny", {"tiny": TINY}, version="2.5")
    result = cli("--version")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "ganzoo 0.1.0"
    assert "  tiny: ganzoo-tiny 2.5" in lines and any(line.startswith("  vanilla: ganzoo-vanilla ") for line in lines)


def test_a_plugin_made_for_another_core_is_refused_clearly_and_the_rest_works(distributions, cli):
    distributions.add("ganzoo-future", {"future": TINY}, requires=("ganzoo>=0.9",))
    zoo = load_zoo()
    future = next(p for p in zoo.plugins if p.name == "future")
    assert future.status == "error"
    assert future.error == "ganzoo-future 1.0 needs ganzoo>=0.9 but this is ganzoo 0.1.0; install a ganzoo-future release made for it"
    assert zoo.registry.find("tiny") == [] and zoo.registry.find("vanilla-mlp")
    listed = cli("list", "model")
    assert listed.returncode == 0 and "vanilla-mlp" in listed.stdout and "needs ganzoo>=0.9" in listed.stderr


def test_plugins_add_commands_but_cannot_take_the_cores(distributions, cli):
    distributions.add("ganzoo-greeter", {"greeter": COMMAND})
    hello = cli("hello", "--name", "zoo")
    assert hello.returncode == 0 and hello.stdout.strip() == "hello zoo from a plugin"
    assert "hello" in cli("--help").stdout
    listed = cli("list", "model")
    assert "hijacked" not in listed.stdout and "command 'list' is already taken" in listed.stderr


PARROT = """
import ganzoo

def hello():
    \"\"\"Another hello.\"\"\"
    print("squawk")

def polly():
    \"\"\"Say polly.\"\"\"
    print("polly")

@ganzoo.hookimpl
def ganzoo_register_commands(register):
    register("hello", hello)
    register("polly", polly)
"""


def test_the_plugins_listing_leaves_out_skipped_commands_and_says_why(distributions, cli):
    distributions.add("ganzoo-greeter", {"greeter": COMMAND})
    distributions.add("ganzoo-parrot", {"parrot": PARROT})
    result = cli("plugins", "--json")
    assert result.returncode == 0, result.stderr
    plugins = {p["name"]: p for p in json.loads(result.stdout)}
    assert plugins["greeter"]["commands"] == ["hello"]
    assert plugins["greeter"]["notes"] == ["command 'list' is already taken by ganzoo itself; skipped"]
    assert plugins["parrot"]["commands"] == ["polly"]
    assert plugins["parrot"]["notes"] == ["command 'hello' is already taken by plugin 'greeter' (ganzoo-greeter 1.0); skipped"]
    assert "warning: plugin 'parrot': command 'hello' is already taken by plugin 'greeter'" in result.stderr
    table = cli("plugins").stdout
    assert "command hello" in table and "command polly" in table and "command list" not in table
    assert "note: command 'list' is already taken by ganzoo itself; skipped" in table
    assert cli("hello").stdout.strip() == "hello world from a plugin"


def test_a_run_whose_plugin_is_disabled_or_gone_says_how_to_get_it_back(distributions, cli, tmp_path):
    distributions.add("ganzoo-tiny", {"tiny": TINY})
    run = tmp_path / "run"
    assert cli("train", "tiny-gan", "--out", str(run)).returncode == 0
    resumes = (["sample", str(run)], ["train", "--resume", str(run), "--steps", "10"])
    for args in resumes:
        result = cli(*args, env={"GANZOO_DISABLE_PLUGINS": "tiny"})
        assert result.returncode == 2
        assert result.stderr.strip() == (
            "error: this run needs architecture 'tiny' from ganzoo-tiny 1.0, whose plugin 'tiny' is disabled by "
            "GANZOO_DISABLE_PLUGINS; remove 'tiny' from it (or unset it) to load it"
        )
    shutil.rmtree(distributions.root / "ganzoo_tiny-1.0.dist-info")
    for args in resumes:
        result = cli(*args)
        assert result.returncode == 2
        assert result.stderr.strip() == (
            "error: this run needs architecture 'tiny' from ganzoo-tiny 1.0, which is not installed; "
            "install it with: pip install ganzoo-tiny"
        )


RECORDED_TINY = {"architecture": {"name": "tiny", "plugin": "tiny", "distribution": "ganzoo-tiny", "version": "1.0"}}


def missing_part_message(environ: dict[str, str]) -> str:
    with pytest.raises(GanzooError) as caught:
        check_recorded_parts(load_zoo(environ=environ).registry, RECORDED_TINY)
    return str(caught.value)


@pytest.mark.parametrize(
    "environ, why",
    [
        ({"GANZOO_DISABLE_PLUGINS": "tiny"}, "is disabled by GANZOO_DISABLE_PLUGINS; remove 'tiny' from it (or unset it) to load it"),
        ({"GANZOO_LOAD_PLUGINS": "vanilla"}, "is not in GANZOO_LOAD_PLUGINS; add 'tiny' to it (or unset it) to load it"),
    ],
)
def test_a_run_whose_plugin_is_disabled_says_how_to_enable_it(distributions, environ, why):
    distributions.add("ganzoo-tiny", {"tiny": TINY})
    assert missing_part_message(environ) == f"this run needs architecture 'tiny' from ganzoo-tiny 1.0, whose plugin 'tiny' {why}"


def test_a_run_whose_plugin_fails_to_load_gives_the_error(distributions):
    distributions.add("ganzoo-tiny", {"tiny": "raise RuntimeError('tiny is broken')"})
    assert missing_part_message({}) == (
        "this run needs architecture 'tiny' from ganzoo-tiny 1.0, whose plugin 'tiny' failed to load: "
        "import failed: RuntimeError: tiny is broken"
    )


def test_a_run_whose_distribution_is_not_installed_is_not_blamed_on_a_disabled_namesake(distributions):
    distributions.add("ganzoo-other", {"tiny": TINY})
    assert missing_part_message({"GANZOO_DISABLE_PLUGINS": "tiny"}) == (
        "this run needs architecture 'tiny' from ganzoo-tiny 1.0, which is not installed; install it with: pip install ganzoo-tiny"
    )


def test_a_run_whose_plugin_changed_version_warns_and_goes_on(distributions, cli, tmp_path):
    distributions.add("ganzoo-tiny", {"tiny": TINY}, version="1.0")
    run = tmp_path / "run"
    assert cli("train", "tiny-gan", "--out", str(run)).returncode == 0
    shutil.rmtree(distributions.root / "ganzoo_tiny-1.0.dist-info")
    shutil.rmtree(distributions.root / "ganzoo_tiny_tiny")
    distributions.add("ganzoo-tiny", {"tiny": TINY}, version="1.1")
    result = cli("sample", str(run), "--out", str(tmp_path / "grid.png"))
    assert result.returncode == 0, result.stderr
    assert "architecture 'tiny' was made by ganzoo-tiny 1.0 and is now provided by ganzoo-tiny 1.1" in result.stderr
