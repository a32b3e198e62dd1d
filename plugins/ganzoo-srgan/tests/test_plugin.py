"""The plugin's declarations: light to import, and recipes with the paper's settings on ganzoo-pairs'
super-resolution data."""

from __future__ import annotations

from importlib.metadata import entry_points

from ganzoo.testing import check_plugin_is_light
from ganzoo_srgan import plugin


def registered(hook) -> dict:
    found = {}
    hook(lambda name, part, **kw: found.setdefault(name, (part, kw)))
    return found


def test_declaring_the_plugin_does_not_import_torch():
    check_plugin_is_light("ganzoo_srgan.plugin")


def test_the_entry_point_names_the_plugin_module():
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "srgan"]
    assert entry.value == "ganzoo_srgan.plugin"


def test_it_declares_the_architecture_and_the_scheme_with_the_papers_defaults():
    (architecture,) = registered(plugin.ganzoo_register_architectures).items()
    assert architecture[0] == "srresnet"
    assert {k: architecture[1][1]["defaults"][k] for k in ("blocks", "width", "d_width")} == {"blocks": 16, "width": 64, "d_width": 64}
    schemes = registered(plugin.ganzoo_register_schemes)
    assert set(schemes) == {"srgan"}
    defaults = schemes["srgan"][1]["defaults"]
    assert (defaults["content"], defaults["adversarial_weight"], defaults["drop_at"]) == ("mse", 1e-3, 0.5)


def test_the_models_train_on_super_resolution_pairs_with_the_papers_optimiser():
    models = {name: recipe for name, (recipe, _) in registered(plugin.ganzoo_register_models).items()}
    data = {name: (recipe.dataset, recipe.dataset_options.get("of"), recipe.dataset_options["factor"]) for name, recipe in models.items()}
    assert data == {
        "srgan": ("sr-pairs", "mnist-sample", 4), "srgan-x2": ("sr-pairs", "mnist-sample", 2),
        "srgan-fashion": ("sr-pairs", "fashion-mnist", 4), "srgan-images": ("image-sr", None, 4),
    }
    for name, recipe in models.items():
        assert (recipe.optimizer, recipe.lr_g, recipe.lr_d, recipe.betas, recipe.ema) == ("adam", 1e-4, 1e-4, (0.9, 0.999), None), name
        assert (recipe.architecture, recipe.scheme, recipe.loss) == ("srresnet", "srgan", "non-saturating"), name
        assert recipe.dataset_options["downsampling"] == "bicubic", name  # the paper's kernel
        assert recipe.batch_size == 16, name  # the paper's
        assert recipe.scheme_options["adversarial_weight"] == 1e-3 and recipe.scheme_options["content"] == "mse", name
