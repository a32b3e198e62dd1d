"""The plugin's declarations: light to import, and the recipes with the paper's settings."""

from __future__ import annotations

from importlib.metadata import entry_points

from ganzoo.testing import check_plugin_is_light
from ganzoo_infogan import plugin


def registered(hook) -> dict:
    found = {}
    hook(lambda name, part, **kw: found.setdefault(name, (part, kw)))
    return found


def test_declaring_the_plugin_does_not_import_torch():
    check_plugin_is_light("ganzoo_infogan.plugin")


def test_the_entry_point_names_the_plugin_module():
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "infogan"]
    assert entry.value == "ganzoo_infogan.plugin"


def test_it_declares_the_architecture_scheme_metric_and_models():
    assert registered(plugin.ganzoo_register_architectures)["infogan"][1]["defaults"] == {"categories": 10, "continuous": 2}
    assert registered(plugin.ganzoo_register_schemes)["infogan"][1]["defaults"] == {"categorical_weight": 1.0, "continuous_weight": 1.0}
    assert set(registered(plugin.ganzoo_register_metrics)) == {"code-class-accuracy"}
    models = {name: recipe for name, (recipe, _) in registered(plugin.ganzoo_register_models).items()}
    assert {name: recipe.dataset for name, recipe in models.items()} == {"infogan": "mnist-sample", "infogan-fashion": "fashion-mnist"}


def test_the_models_use_the_papers_mnist_settings():
    recipe, _ = registered(plugin.ganzoo_register_models)["infogan"]
    assert (recipe.architecture, recipe.scheme, recipe.loss, recipe.sampler) == ("infogan", "infogan", "non-saturating", "uniform")
    assert recipe.latent_dim == 62 + 10 + 2
    assert (recipe.optimizer, recipe.lr_g, recipe.lr_d, recipe.betas) == ("adam", 1e-3, 2e-4, (0.5, 0.999))
