"""The registry: lookups, wildcards, suggestions and frozen records."""

from __future__ import annotations

import dataclasses

import pytest

from ganzoo.errors import GanzooError
from ganzoo.recipe import Recipe
from ganzoo.registry import Entry, Provider, Registry

ALPHA = Provider("alpha", "ganzoo-alpha", "1.0")


def registry_with(*names: tuple[str, str]) -> Registry:
    return Registry(Entry(kind, name, ALPHA, factory="math:fabs") for kind, name in names)


def test_list_filters_by_kind_and_wildcard_and_sorts():
    registry = registry_with(("loss", "wgan"), ("loss", "wgan-gp"), ("loss", "hinge"), ("sampler", "wgan-noise"))
    assert [e.name for e in registry.list("loss", "wgan*")] == ["wgan", "wgan-gp"]
    assert [e.kind for e in registry.list(pattern="wgan*")] == ["loss", "loss", "sampler"]
    with pytest.raises(GanzooError, match="unknown kind 'losses'"):
        registry.list("losses")


def test_an_unknown_name_suggests_the_closest_ones():
    registry = registry_with(("model", "vanilla-mlp"), ("model", "dcgan"))
    with pytest.raises(GanzooError, match=r"unknown model 'vanila-mlp'; did you mean 'vanilla-mlp'"):
        registry.get("model", "vanila-mlp")
    with pytest.raises(GanzooError, match="no plugin registers any loss"):
        registry.get("loss", "hinge")


def test_entries_are_frozen_and_defaults_read_only():
    entry = Entry("loss", "x", ALPHA, defaults={"a": 1}, factory=lambda **kw: kw)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.name = "y"  # type: ignore[misc]
    assert entry.build(b=2) == {"a": 1, "b": 2}
    assert entry.build(a=3) == {"a": 3}


def test_one_plugin_cannot_register_a_name_twice():
    registry = registry_with(("loss", "hinge"))
    with pytest.raises(GanzooError, match="twice"):
        registry.add(Entry("loss", "hinge", ALPHA, factory="math:fabs"))


def test_recipes_reject_nonsense_hyperparameters():
    base = dict(architecture="mlp", loss="non-saturating", dataset="mnist")
    for bad, message in (
        ({"batch_size": 0}, "batch_size must be a positive whole number"),
        ({"lr_g": -1.0}, "lr_g must be a learning rate"),
        ({"steps": 2.5}, "steps must be a positive whole number"),
        ({"betas": (1.5, 0.9)}, "betas must be two numbers"),
        ({"optimizer": "adamw2"}, "optimizer must be one of"),
    ):
        with pytest.raises(GanzooError, match=message):
            Recipe(**base, **bad)


def test_recipes_round_trip_through_json_dicts():
    recipe = Recipe(architecture="mlp", loss="minimax", dataset="mnist", loss_options={"x": 1}, betas=(0.5, 0.9))
    assert Recipe.from_dict(recipe.to_dict()) == recipe
