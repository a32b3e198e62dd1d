"""The plugin's declarations: light to import, and recipes with the papers' settings."""

from __future__ import annotations

from importlib.metadata import entry_points

from ganzoo.testing import check_plugin_is_light
from ganzoo_began import plugin


def registered(hook) -> dict:
    found = {}
    hook(lambda name, part, **kw: found.setdefault(name, (part, kw)))
    return found


def test_declaring_the_plugin_does_not_import_torch():
    check_plugin_is_light("ganzoo_began.plugin")


def test_the_entry_point_names_the_plugin_module():
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "began"]
    assert entry.value == "ganzoo_began.plugin"


def test_the_architectures_differ_only_in_their_energy():
    architectures = registered(plugin.ganzoo_register_architectures)
    defaults = {name: kw["defaults"] for name, (_, kw) in architectures.items()}
    assert defaults == {"began": {"width": 64, "embedding": 64, "energy": "l1"},
                        "ebgan": {"width": 64, "embedding": 64, "energy": "mse"}}


def test_the_schemes_default_to_the_papers_constants():
    schemes = {name: kw["defaults"] for name, (_, kw) in registered(plugin.ganzoo_register_schemes).items()}
    assert (schemes["began"]["gamma"], schemes["began"]["lambda_k"], schemes["began"]["k_initial"]) == (0.5, 0.001, 0.0)
    assert schemes["ebgan"]["pt_weight"] == 0.1


def test_the_models_train_on_the_shipped_digits_with_uniform_noise_and_no_loss_part():
    models = {name: recipe for name, (recipe, _) in registered(plugin.ganzoo_register_models).items()}
    assert set(models) == {"began", "ebgan"}
    for name, recipe in models.items():
        assert (recipe.architecture, recipe.scheme, recipe.loss) == (name, name, None)
        assert (recipe.dataset, recipe.sampler, recipe.latent_dim, recipe.batch_size, recipe.ema) == ("mnist-sample", "uniform", 64, 16, None)
    # the short run's deviations, which the README explains: the paper's rate is 1e-4 and its λ_k 0.001
    assert (models["began"].lr_g, models["began"].lr_d, dict(models["began"].scheme_options)) == (5e-4, 5e-4, {"lambda_k": 0.01})
    assert (models["ebgan"].lr_g, models["ebgan"].lr_d, dict(models["ebgan"].scheme_options)) == (1e-3, 1e-3, {})
