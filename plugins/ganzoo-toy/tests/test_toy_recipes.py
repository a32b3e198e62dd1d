"""Every toy model trains end to end through ganzoo's trainer, with finite losses."""

import json
import math

import pytest

from ganzoo.plugins import load_zoo
from ganzoo.training.trainer import TrainOptions, train

# ganzoo checks new networks on a batch of 2 samples, which packs of 4 cannot divide.
MODELS = ["toy-gan", "toy-pacgan2", "toy-pacgan4", "toy-unrolled", "toy-minibatch", "toy-r1", "toy-gm-r1", "toy-wgan-gp"]


@pytest.mark.parametrize("model", MODELS)
def test_the_model_trains_a_few_steps_with_finite_losses(model, tmp_path):
    zoo = load_zoo()
    recipe = zoo.registry.get("model", model).recipe
    if not zoo.registry.list("loss", recipe.loss):
        pytest.skip(f"the loss {recipe.loss!r} is not registered by any installed plugin")
    run = train(zoo, recipe.with_overrides(steps=3, log_every=1), TrainOptions(tmp_path / "run"), model=model)
    assert run.step == 3
    lines = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert [line["step"] for line in lines] == [1, 2, 3]
    assert all(math.isfinite(line[key]) for line in lines for key in ("d_loss", "g_loss"))
    assert run.generate().shape == (2_000, 2)


def changes(model: str, base: str) -> dict:
    """The recipe fields in which ``model`` differs from ``base``, with ``model``'s values."""
    registry = load_zoo().registry
    found, plain = (registry.get("model", name).recipe.to_dict() for name in (model, base))
    return {key: found[key] for key in found if found[key] != plain[key]}


def test_toy_r1_is_toy_gan_with_only_the_changes_the_search_measured():
    assert changes("toy-r1", "toy-gan") == {"architecture_options": {"g_hidden": 200, "d_hidden": 100},
                                            "scheme_options": {"r1_gamma": 0.03}, "steps": 15_000}
    found = load_zoo().registry.get("model", "toy-r1").recipe
    assert found.lr_g == found.lr_d == 1e-3 and found.lr_schedule == "linear"


def test_toy_gm_r1_is_toy_r1_with_a_mixture_prior_and_a_larger_batch():
    assert changes("toy-gm-r1", "toy-r1") == {"sampler": "mixture", "sampler_options": {"components": 25, "std": 0.1},
                                              "latent_dim": 8, "batch_size": 500}
