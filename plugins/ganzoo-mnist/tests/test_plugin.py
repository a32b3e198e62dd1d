import subprocess
import sys
from importlib.metadata import entry_points

from ganzoo.registry import resolve_factory
from ganzoo_mnist import plugin


def test_declaring_the_plugin_imports_neither_torch_nor_numpy() -> None:
    code = "import ganzoo_mnist.plugin, sys; print(sorted({'torch', 'numpy'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_entry_point_names_the_plugin_module() -> None:
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "mnist"]
    assert entry.value == "ganzoo_mnist.plugin"


def test_three_datasets_are_registered_with_importable_factories() -> None:
    registered = {}

    def register(name, factory, *, description="", defaults=None):
        registered[name] = (factory, description)

    plugin.ganzoo_register_datasets(register)
    assert sorted(registered) == ["fashion-mnist", "mnist", "mnist-sample"]
    for factory, description in registered.values():
        assert isinstance(factory, str) and description
        assert callable(resolve_factory(factory))
