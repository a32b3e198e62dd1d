"""The plugin's declarations: light to import, and the recipes with the paper's settings."""

from __future__ import annotations

from importlib.metadata import entry_points

from ganzoo.testing import check_plugin_is_light
from ganzoo_stylegan import plugin


def registered(hook) -> dict:
    found = {}
    hook(lambda name, part, **kw: found.setdefault(name, (part, kw)))
    return found


def test_declaring_the_plugin_does_not_import_torch():
    check_plugin_is_light("ganzoo_stylegan.plugin")


def test_the_entry_point_names_the_plugin_module():
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "stylegan"]
    assert entry.value == "ganzoo_stylegan.plugin"


def test_the_parts_default_to_the_papers_config_f():
    architecture = registered(plugin.ganzoo_register_architectures)["stylegan2"][1]["defaults"]
    assert architecture == {"channel_base": 32768, "channel_max": 512, "w_dim": 512, "mapping_layers": 8,
                            "mapping_lr_multiplier": 0.01, "mbstd_group": 4}
    scheme = registered(plugin.ganzoo_register_schemes)["stylegan2"][1]["defaults"]
    assert scheme == {"r1_gamma": 10.0, "r1_interval": 16, "pl_weight": 2.0, "pl_interval": 4, "pl_decay": 0.01,
                      "pl_batch_shrink": 2, "style_mixing": 0.9}


def test_the_models_train_with_the_papers_settings():
    models = {name: recipe for name, (recipe, _) in registered(plugin.ganzoo_register_models).items()}
    assert {name: recipe.dataset for name, recipe in models.items()} == {"stylegan2": "mnist-sample",
                                                                         "stylegan2-images": "image-folder"}
    for recipe in models.values():
        parts = (recipe.architecture, recipe.scheme, recipe.loss, recipe.sampler)
        assert parts == ("stylegan2", "stylegan2", "non-saturating", "normal")
        assert (recipe.optimizer, recipe.lr_g, recipe.lr_d, recipe.betas) == ("adam", 0.0025, 0.0025, (0.0, 0.99))
        assert (recipe.batch_size, recipe.n_critic) == (32, 1)
    assert models["stylegan2-images"].architecture_options == {}  # the paper's widths
