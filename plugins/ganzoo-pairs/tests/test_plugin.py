"""The plugin declares its datasets lightly, under the names the image-to-image schemes expect."""

from importlib.metadata import entry_points

from ganzoo.registry import resolve_factory
from ganzoo.testing import check_plugin_is_light
from ganzoo_pairs import plugin

NAMES = ["digits-thin2thick", "digits2items", "edges2digits", "edges2fashion", "image-domains", "image-pairs", "image-sr",
         "sneakers2boots", "sr-pairs"]


def test_the_plugin_is_light() -> None:
    """Declaring the datasets imports neither torch, numpy nor Pillow, nor the plugins whose data they read."""
    check_plugin_is_light("ganzoo_pairs.plugin", forbidden=("torch", "numpy", "PIL", "ganzoo_mnist", "ganzoo_images"))


def test_the_entry_point_names_the_plugin_module() -> None:
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "pairs"]
    assert entry.value == "ganzoo_pairs.plugin"


def test_the_datasets_are_registered_with_importable_factories_and_their_defaults() -> None:
    registered = {}

    def register(name, factory, *, description="", defaults=None):
        registered[name] = (factory, description, defaults)

    plugin.ganzoo_register_datasets(register)
    assert sorted(registered) == NAMES
    assert registered["sr-pairs"][2] == {"of": "mnist-sample", "factor": 4, "downsampling": "area"}
    assert registered["image-pairs"][2] == {"size": 64, "channels": 3, "direction": "a2b"}
    assert registered["image-domains"][2] == {"size": 64, "channels": 3, "balance": "repeat"}
    assert registered["image-sr"][2] == {"size": 64, "channels": 3, "factor": 4, "downsampling": "area"}
    for factory, description, _ in registered.values():
        assert isinstance(factory, str) and description
        assert callable(resolve_factory(factory))
