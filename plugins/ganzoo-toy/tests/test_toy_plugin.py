"""The plugin declares its parts cheaply and they all resolve."""

import subprocess
import sys
from importlib.metadata import entry_points

from ganzoo.plugins import load_zoo
from ganzoo.registry import resolve_factory
from ganzoo_toy import plugin

DATASETS = ["grid25", "ring8", "swiss-roll"]
MODELS = ["toy-gan", "toy-minibatch", "toy-pacgan2", "toy-pacgan4", "toy-r1", "toy-gm-r1", "toy-unrolled", "toy-wgan-gp"]


def test_declaring_the_plugin_does_not_import_torch():
    code = "import ganzoo_toy.plugin, sys; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_entry_point_names_the_plugin_module():
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "toy"]
    assert entry.value == "ganzoo_toy.plugin"


def test_every_part_is_registered_with_an_importable_factory():
    registered = {}

    def register(name, factory, *, description="", defaults=None):
        assert description
        registered[name] = factory

    plugin.ganzoo_register_datasets(register)
    plugin.ganzoo_register_architectures(register)
    plugin.ganzoo_register_schemes(register)
    assert sorted(registered) == sorted([*DATASETS, "mlp2d", "unrolled"])
    assert all(callable(resolve_factory(factory)) for factory in registered.values())


def test_the_models_are_listed_by_ganzoo_with_descriptions():
    registry = load_zoo().registry
    for name in MODELS:
        entry = registry.get("model", name)
        assert entry.provider.plugin == "toy" and entry.description
