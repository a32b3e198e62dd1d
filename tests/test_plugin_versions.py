"""Versions: the core's own, plugins made for another core, and runs whose plugins changed."""

from __future__ import annotations

import shutil

from ganzoo.plugins import load_zoo

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


def test_a_run_whose_plugin_is_gone_names_the_distribution_to_install(distributions, cli, tmp_path):
    distributions.add("ganzoo-tiny", {"tiny": TINY})
    run = tmp_path / "run"
    assert cli("train", "tiny-gan", "--out", str(run)).returncode == 0
    gone = {"GANZOO_DISABLE_PLUGINS": "tiny"}
    for args in (["sample", str(run)], ["train", "--resume", str(run), "--steps", "10"]):
        result = cli(*args, env=gone)
        assert result.returncode == 2
        assert result.stderr.strip() == (
            "error: this run needs architecture 'tiny' from ganzoo-tiny 1.0, which is not installed; "
            "install it with: pip install ganzoo-tiny"
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
