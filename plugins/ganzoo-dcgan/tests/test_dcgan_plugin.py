from importlib.metadata import entry_points

from ganzoo.testing import check_plugin_is_light
from ganzoo_dcgan import plugin


def test_declaring_the_plugin_does_not_import_torch() -> None:
    check_plugin_is_light("ganzoo_dcgan.plugin")


def test_the_entry_point_names_the_plugin_module() -> None:
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "dcgan"]
    assert entry.value == "ganzoo_dcgan.plugin"


def test_the_architecture_offers_the_options_other_recipes_rely_on() -> None:
    registered = {}
    plugin.ganzoo_register_architectures(lambda name, factory, **kw: registered.setdefault(name, kw["defaults"]))
    assert registered == {"dcgan": {"width": 64, "spectral_norm": False, "d_norm": "batch", "pack": 1, "d_depth": 1}}


def test_the_models_name_the_dcgan_architecture_and_existing_kinds_of_data() -> None:
    models = {}
    plugin.ganzoo_register_models(lambda name, recipe, **kw: models.setdefault(name, recipe))
    assert models["dcgan"].architecture == models["dcgan-64"].architecture == "dcgan"
    assert models["dcgan"].dataset == "mnist"
    assert (models["dcgan-64"].dataset, dict(models["dcgan-64"].dataset_options)) == ("image-folder", {"size": 64})
