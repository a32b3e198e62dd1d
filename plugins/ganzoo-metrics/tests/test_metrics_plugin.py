import subprocess
import sys
from importlib.metadata import entry_points

from ganzoo.plugins import Zoo
from ganzoo.registry import resolve_factory
from ganzoo_metrics import plugin

NAMES = ["class-coverage", "classifier-fd", "classifier-is", "classifier-kid", "classifier-translation", "memorisation",
         "mode-coverage", "paired-fidelity", "stacked-modes"]


def test_declaring_the_plugin_does_not_import_torch() -> None:
    code = "import ganzoo_metrics.plugin, sys; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_entry_point_names_the_plugin_module() -> None:
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "metrics"]
    assert entry.value == "ganzoo_metrics.plugin"


def test_every_metric_is_declared_with_a_string_factory_that_builds_a_metric() -> None:
    declared = {}

    def register(name, factory, *, description="", defaults=None):
        declared[name] = factory
        assert isinstance(factory, str) and description and not defaults

    plugin.ganzoo_register_metrics(register)
    assert sorted(declared) == NAMES
    for factory in declared.values():
        metric = resolve_factory(factory)()
        assert metric.version and callable(metric.applies_to) and callable(metric.evaluate)


def test_the_zoo_lists_the_metrics_from_this_plugin(zoo: Zoo) -> None:
    assert sorted(entry.name for entry in zoo.registry.list("metric") if entry.provider.plugin == "metrics") == NAMES
