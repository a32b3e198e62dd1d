"""The models are declared without torch, name parts that exist, and give those parts options they take."""

import inspect
import subprocess
import sys
from importlib.metadata import entry_points

from ganzoo.recipe import Recipe
from ganzoo.training.build import ResolvedParts, build_loss
from ganzoo.training.alternating import AlternatingScheme


def test_declaring_the_plugin_does_not_import_torch() -> None:
    code = "import ganzoo_recipes.plugin, sys; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_entry_point_names_the_plugin_module() -> None:
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "recipes"]
    assert entry.value == "ganzoo_recipes.plugin"


def test_the_loss_family_is_registered(declared, zoo) -> None:
    assert sorted(declared) == ["lsgan", "r1-gan", "ragan", "sngan", "wgan", "wgan-gp"]
    for name, recipe in declared.items():
        entry = zoo.registry.get("model", name)
        assert entry.provider.plugin == "recipes" and entry.recipe == recipe


def test_every_part_the_recipe_names_is_registered(declared, zoo, model_name) -> None:
    parts = ResolvedParts.lookup(zoo.registry, declared[model_name])
    assert parts.loss.name == declared[model_name].loss
    assert parts.architecture.name == "dcgan"


def test_the_recipe_survives_the_round_trip_through_a_run_config(declared, model_name) -> None:
    recipe = declared[model_name]
    assert Recipe.from_dict(recipe.to_dict()) == recipe


def test_every_option_is_one_its_part_takes(declared, zoo, model_name) -> None:
    recipe = declared[model_name]
    parts = ResolvedParts.lookup(zoo.registry, recipe)
    assert set(recipe.architecture_options) <= set(parts.architecture.defaults)
    build_loss(parts.loss, recipe)  # a loss refuses options it does not know
    assert recipe.scheme is None
    assert set(recipe.scheme_options) <= set(inspect.signature(AlternatingScheme).parameters) - {"context"}


def test_each_discriminator_is_constrained_as_its_method_requires(declared) -> None:
    assert declared["wgan"].scheme_options["weight_clip"] == 0.01
    assert declared["wgan-gp"].loss_options["gp_weight"] > 0
    # The gradient penalty is per sample; batch norm would tie the samples together.
    assert declared["wgan-gp"].architecture_options["d_norm"] != "batch"
    assert declared["sngan"].architecture_options["spectral_norm"] is True
    assert declared["r1-gan"].scheme_options["r1_gamma"] > 0
