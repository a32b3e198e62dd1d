"""The plugin's declarations: light to import, and recipes with the papers' settings on the
datasets of ganzoo-pairs."""

from __future__ import annotations

from importlib.metadata import entry_points

from ganzoo.testing import check_plugin_is_light
from ganzoo_translation import plugin


def registered(hook) -> dict:
    found = {}
    hook(lambda name, part, **kw: found.setdefault(name, (part, kw)))
    return found


def test_declaring_the_plugin_does_not_import_torch():
    check_plugin_is_light("ganzoo_translation.plugin")


def test_the_entry_point_names_the_plugin_module():
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "translation"]
    assert entry.value == "ganzoo_translation.plugin"


def test_it_declares_the_three_architectures_two_schemes_and_the_papers_loss():
    assert set(registered(plugin.ganzoo_register_architectures)) == {"unet", "resnet-generator", "patchgan"}
    assert set(registered(plugin.ganzoo_register_schemes)) == {"pix2pix", "cyclegan"}
    assert set(registered(plugin.ganzoo_register_losses)) == {"cyclegan-lsgan"}
    schemes = registered(plugin.ganzoo_register_schemes)
    assert schemes["pix2pix"][1]["defaults"]["l1_weight"] == 100.0
    assert {k: schemes["cyclegan"][1]["defaults"][k] for k in ("cycle_weight", "identity_weight", "pool_size")} == {
        "cycle_weight": 10.0, "identity_weight": 0.5, "pool_size": 50}


def test_the_models_train_on_ganzoo_pairs_data_with_the_papers_optimiser():
    models = {name: recipe for name, (recipe, _) in registered(plugin.ganzoo_register_models).items()}
    assert {name: recipe.dataset for name, recipe in models.items()} == {
        "pix2pix": "edges2digits", "pix2pix-fashion": "edges2fashion", "pix2pix-images": "image-pairs",
        "cyclegan": "digits-thin2thick", "cyclegan-fashion": "sneakers2boots", "cyclegan-images": "image-domains",
    }
    for name, recipe in models.items():
        assert (recipe.optimizer, recipe.lr_g, recipe.lr_d, recipe.betas, recipe.ema) == ("adam", 2e-4, 2e-4, (0.5, 0.999), None), name
        assert recipe.lr_schedule == "constant", name  # cyclegan's decay is its scheme's own
        model = "pix2pix" if name.startswith("pix2pix") else "cyclegan"
        assert recipe.scheme == model
        assert recipe.loss == ("non-saturating" if model == "pix2pix" else "cyclegan-lsgan")
        assert recipe.architecture == ("unet" if model == "pix2pix" else "resnet-generator")
        assert 1 <= recipe.batch_size <= 10, name  # the papers' range
