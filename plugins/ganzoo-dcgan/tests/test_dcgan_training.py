"""A few real training steps of each model, through the core's trainer."""

import json
import math
from pathlib import Path

import torch

import ganzoo
from ganzoo.plugins import load_zoo
from ganzoo.training.trainer import TrainOptions, train


def logged(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]


def short(recipe: ganzoo.Recipe, **changes) -> ganzoo.Recipe:
    return recipe.with_overrides(**{"steps": 3, "batch_size": 8, "log_every": 1, "checkpoint_every": 3, **changes})


class RandomImages:
    """A stand-in for image folders: ``size``×``size`` colour noise, any size the recipe asks for."""

    @ganzoo.hookimpl
    def ganzoo_register_datasets(self, register):
        register("random-images", self.load)

    @staticmethod
    def load(data_dir, split, size):
        samples = torch.rand(16, 3, size, size, generator=torch.Generator().manual_seed(0)) * 2 - 1
        return ganzoo.InMemoryData(samples, None, ganzoo.DataSpec((3, size, size)), "random test images")


def test_dcgan_trains_on_digits_with_finite_losses(tmp_path) -> None:
    zoo = load_zoo()
    recipe = short(zoo.registry.get("model", "dcgan").recipe, dataset="mnist-sample")
    run = train(zoo, recipe, TrainOptions(tmp_path / "run"), model="dcgan")
    lines = logged(tmp_path / "run")
    assert run.step == 3 and [line["step"] for line in lines] == [1, 2, 3]
    assert all(math.isfinite(line[key]) for line in lines for key in ("d_loss", "g_loss"))


def test_dcgan_64_trains_on_images_of_the_size_its_recipe_asks_for(tmp_path) -> None:
    zoo = load_zoo(extra=[("random-images", RandomImages())])
    recipe = short(zoo.registry.get("model", "dcgan-64").recipe, dataset="random-images", architecture_options={"width": 8})
    run = train(zoo, recipe, TrainOptions(tmp_path / "run"), model="dcgan-64")
    assert run.data.spec.shape == (3, 64, 64)
    assert all(math.isfinite(line["d_loss"]) and math.isfinite(line["g_loss"]) for line in logged(tmp_path / "run"))
