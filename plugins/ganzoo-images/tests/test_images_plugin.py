import subprocess
import sys
from importlib.metadata import entry_points

from ganzoo.registry import resolve_factory
from ganzoo_images import plugin


def test_declaring_the_plugin_imports_no_torch_numpy_or_pillow() -> None:
    code = "import ganzoo_images.plugin, sys; print(sorted({'torch', 'numpy', 'PIL'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_entry_point_names_the_plugin_module() -> None:
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "images"]
    assert entry.value == "ganzoo_images.plugin"


def test_two_datasets_are_registered_with_importable_factories() -> None:
    registered = {}

    def register(name, factory, *, description="", defaults=None):
        registered[name] = (factory, description, defaults)

    plugin.ganzoo_register_datasets(register)
    assert sorted(registered) == ["cifar10", "image-folder"]
    assert registered["image-folder"][2] == {"size": 64, "channels": 3}
    for factory, description, _ in registered.values():
        assert isinstance(factory, str) and description
        assert callable(resolve_factory(factory))
