import subprocess
import sys
from importlib.metadata import entry_points

from ganzoo import DataSpec
from ganzoo.registry import resolve_factory
from ganzoo_dcgan import plugin


def test_declaring_the_plugin_does_not_import_torch() -> None:
    code = "import ganzoo_dcgan.plugin, sys; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_entry_point_names_the_plugin_module() -> None:
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "dcgan"]
    assert entry.value == "ganzoo_dcgan.plugin"


def test_the_architecture_factory_imports_and_takes_its_default_options() -> None:
    registered = {}
    plugin.ganzoo_register_architectures(lambda name, factory, **kw: registered.setdefault(name, (factory, kw)))
    factory, kw = registered["dcgan"]
    assert kw["defaults"] == {"width": 64, "spectral_norm": False, "d_norm": "batch"}
    assert resolve_factory(factory)(DataSpec((1, 28, 28)), 8, **kw["defaults"]).generator is not None


def test_the_models_name_the_dcgan_architecture_and_existing_kinds_of_data() -> None:
    models = {}
    plugin.ganzoo_register_models(lambda name, recipe, **kw: models.setdefault(name, recipe))
    assert models["dcgan"].architecture == models["dcgan-64"].architecture == "dcgan"
    assert models["dcgan"].dataset == "mnist"
    assert (models["dcgan-64"].dataset, dict(models["dcgan-64"].dataset_options)) == ("image-folder", {"size": 64})
