"""Every recipe field is checked for its type and range, wherever the recipe comes from: a plugin,
``--set FIELD=VALUE``, a file. ``--seed`` of sample, interpolate and evaluate fits a 64-bit generator."""

from __future__ import annotations

import dataclasses

import pytest

from ganzoo.cli.training import _parse_setting
from ganzoo.errors import GanzooError
from ganzoo.overrides import recipe_changes
from ganzoo.recipe import SEED_LIMIT, InvalidRecipe, Recipe
from tests.test_bad_input import assert_one_line_error

BASE = Recipe(architecture="mlp", loss="non-saturating", dataset="mnist-sample")


def test_every_field_refuses_a_value_of_a_foreign_type():
    for field in dataclasses.fields(Recipe):
        with pytest.raises(InvalidRecipe) as caught:
            dataclasses.replace(BASE, **{field.name: object()})
        assert [problem.split(" ")[0] for problem in caught.value.problems] == [field.name]


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"betas": "ab"}, "betas must be two numbers in [0, 1), got 'ab'"),
        ({"betas": (0.5, "x")}, "betas must be two numbers"),
        ({"betas": (True, 0.9)}, "betas must be two numbers"),
        ({"architecture_options": 5}, "architecture_options must be a mapping of option names to values, got 5"),
        ({"scheme_options": {1: 2}}, "scheme_options must be a mapping of option names"),
        ({"loss_options": None}, "loss_options must be a mapping"),
        ({"seed": "abc"}, "seed must be a whole number from 0 to 2**63 - 1, got 'abc'"),
        ({"seed": -1}, "seed must be a whole number from 0 to 2**63 - 1, got -1"),
        ({"seed": SEED_LIMIT}, f"got {SEED_LIMIT}"),
        ({"seed": 1.0}, "seed must be a whole number"),
        ({"steps": 1.5}, "steps must be a positive whole number, got 1.5"),
        ({"steps": True}, "steps must be a positive whole number, got True"),
        ({"steps": None}, "steps must be a positive whole number, got None"),
        ({"lr_g": "0.001"}, "lr_g must be a learning rate between 0 and 10, got '0.001'"),
        ({"lr_d": True}, "lr_d must be a learning rate"),
        ({"architecture": 5}, "architecture must be the name of a part (a non-empty string), got 5"),
        ({"dataset": ""}, "dataset must be the name of a part"),
        ({"scheme": ["alternating"]}, "scheme must be the name of a part"),
        ({"ema": True}, "ema must be a decay between 0 and 1"),
        ({"optimizer": ["adam"]}, "optimizer must be one of adam, rmsprop, sgd"),
    ],
)
def test_a_field_of_the_wrong_type_or_range_is_refused(changes, fragment):
    with pytest.raises(GanzooError) as caught:
        BASE.with_overrides(**changes)
    assert fragment in str(caught.value)


def test_the_largest_seed_and_the_optional_fields_set_to_none_are_accepted():
    assert BASE.with_overrides(seed=SEED_LIMIT - 1).seed == SEED_LIMIT - 1
    assert BASE.with_overrides(scheme=None, ema=None).ema is None
    assert Recipe.nullable_fields() == ("loss", "scheme", "ema")


def test_a_recipe_read_from_a_file_with_mistyped_betas_is_one_clear_error():
    with pytest.raises(GanzooError, match="betas must be two numbers"):
        Recipe.from_dict({**BASE.to_dict(), "betas": 5})


def test_a_plugin_whose_recipe_is_mistyped_is_skipped_like_any_broken_plugin(distributions):
    from ganzoo.plugins import load_zoo

    distributions.add("ganzoo-mistyped", {"mistyped": """
import ganzoo

@ganzoo.hookimpl
def ganzoo_register_models(register):
    register("mistyped-gan", ganzoo.Recipe(architecture="mlp", loss="non-saturating", dataset="mnist-sample", steps="100"))
"""})
    mistyped = next(p for p in load_zoo().plugins if p.name == "mistyped")
    assert mistyped.status == "error" and "steps must be a positive whole number, got '100'" in mistyped.error


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("scheme=null", {"scheme": None}),
        ("ema=null", {"ema": None}),
        ("architecture_options.hidden=-5", {"architecture_options": {"hidden": -5}}),  # the part's to judge
        ("betas=[0.0, 0.9]", {"betas": (0.0, 0.9)}),
        ("seed=9223372036854775807", {"seed": 2**63 - 1}),
    ],
)
def test_set_accepts_values_that_fit_their_field(setting, expected):
    assert recipe_changes(BASE, [_parse_setting(setting)]) == expected


@pytest.mark.parametrize(
    ("setting", "fragments"),
    [
        ("betas=ab", ["--set betas=ab: betas must be two numbers in [0, 1), got 'ab'"]),
        ("architecture_options=5", ["--set architecture_options=5: architecture_options must be a mapping"]),
        ("seed=abc", ["--set seed=abc: seed must be a whole number from 0 to 2**63 - 1, got 'abc'"]),
        ("seed=9223372036854775808", ["seed must be a whole number from 0 to 2**63 - 1"]),
        ("seed=-1", ["seed must be a whole number from 0 to 2**63 - 1, got -1"]),
        ("steps=1.5", ["--set steps=1.5: steps must be a positive whole number, got 1.5"]),
        ('lr_g="0.001"', ["lr_g must be a learning rate between 0 and 10, got '0.001'"]),
        ("latent_dim=big", ["latent_dim must be a positive whole number, got 'big'"]),
        ("steps=null", ["--set steps=null: steps cannot be null (only loss, scheme and ema can)"]),
        ("loss_options=null", ["loss_options cannot be null"]),
        ("architecture=5", ["architecture must be the name of a part (a non-empty string), got 5"]),
    ],
)
def test_set_refuses_a_value_that_does_not_fit_its_field_before_anything_is_built(setting, fragments, cli, tmp_path):
    run = tmp_path / "run"
    assert_one_line_error(cli("train", "vanilla-mlp", "--set", setting, "--out", str(run)), *fragments)
    assert not run.exists()


@pytest.mark.parametrize("command", ["sample", "interpolate", "evaluate"])
@pytest.mark.parametrize("seed", [str(SEED_LIMIT), "-1"])
def test_seeds_that_do_not_fit_a_64_bit_generator_are_refused(command, seed, cli, tmp_path):
    result = cli(command, str(tmp_path / "run"), "--seed", seed)
    assert_one_line_error(result, f"--seed must be a whole number from 0 to 2**63 - 1, got {seed}")


def test_train_refuses_a_seed_too_large_for_a_64_bit_generator(cli, tmp_path):
    result = cli("train", "vanilla-mlp", "--seed", str(2**64), "--out", str(tmp_path / "run"))
    assert_one_line_error(result, "seed must be a whole number from 0 to 2**63 - 1")


def test_the_largest_allowed_seed_trains(cli, tmp_path):
    result = cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "1", "--seed", str(2**63 - 1),
                 "--out", str(tmp_path / "run"))
    assert result.returncode == 0, result.stderr
