from importlib.metadata import entry_points

from ganzoo.testing import check_plugin_is_light
from ganzoo_resnet import plugin


def test_declaring_the_plugin_does_not_import_torch() -> None:
    check_plugin_is_light("ganzoo_resnet.plugin")


def test_the_entry_point_names_the_plugin_module() -> None:
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "resnet"]
    assert entry.value == "ganzoo_resnet.plugin"


def test_both_architectures_default_to_the_papers_widths_with_spectral_norm() -> None:
    registered = {}
    plugin.ganzoo_register_architectures(lambda name, factory, **kw: registered.setdefault(name, kw["defaults"]))
    paper = {"width": 256, "d_width": 128, "spectral_norm": True}
    assert registered == {"sngan-resnet": paper, "sngan-resnet-projection": paper}


def test_both_models_train_as_the_paper_did_and_only_the_cpu_one_is_narrowed() -> None:
    models = {}
    plugin.ganzoo_register_models(lambda name, recipe, **kw: models.setdefault(name, recipe))
    digits, cifar = models["sngan-resnet"], models["sngan-resnet-cifar10"]
    for recipe in (digits, cifar):
        assert (recipe.architecture, recipe.loss, recipe.sampler, recipe.latent_dim) == ("sngan-resnet", "hinge", "normal", 128)
        assert (recipe.optimizer, recipe.lr_g, recipe.lr_d, recipe.betas) == ("adam", 2e-4, 2e-4, (0.0, 0.9))
        assert (recipe.lr_schedule, recipe.n_critic, recipe.batch_size) == ("linear", 5, 64)
    assert (digits.dataset, dict(digits.architecture_options)) == ("mnist-sample", {"width": 32, "d_width": 32})
    assert (cifar.dataset, dict(cifar.architecture_options), cifar.steps) == ("cifar10", {}, 50_000)
