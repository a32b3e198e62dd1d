from importlib.metadata import entry_points

from ganzoo.registry import resolve_factory
from ganzoo.testing import check_plugin_is_light
from ganzoo_conditional import plugin


def registered(hook) -> dict:
    found = {}
    hook(lambda name, factory, **kw: found.setdefault(name, (factory, kw)))
    return found


def test_declaring_the_plugin_does_not_import_torch() -> None:
    check_plugin_is_light("ganzoo_conditional.plugin")


def test_the_entry_point_names_the_plugin_module() -> None:
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "conditional"]
    assert entry.value == "ganzoo_conditional.plugin"


def test_architectures_and_the_scheme_have_importable_factories() -> None:
    architectures = registered(plugin.ganzoo_register_architectures)
    schemes = registered(plugin.ganzoo_register_schemes)
    assert sorted(architectures) == ["acgan", "cdcgan-projection", "cgan-mlp"]
    assert sorted(schemes) == ["acgan"]
    for factory, kw in [*architectures.values(), *schemes.values()]:
        assert kw["description"] and callable(resolve_factory(factory))


def test_each_model_names_an_architecture_of_this_plugin() -> None:
    models = {}
    plugin.ganzoo_register_models(lambda name, recipe, **kw: models.setdefault(name, recipe))
    assert {name: recipe.architecture for name, recipe in models.items()} == {
        "cgan": "cgan-mlp", "cdcgan-projection": "cdcgan-projection", "acgan": "acgan"
    }
    assert models["acgan"].scheme == "acgan"
