"""A few real training steps of each model, through the core's trainer."""

import json
import math
from pathlib import Path

import pytest

from ganzoo.plugins import load_zoo
from ganzoo.training.trainer import TrainOptions, train


def logged(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("model", ["cgan", "cdcgan-projection", "acgan"])
def test_each_model_trains_on_digits_with_finite_losses(model, tmp_path) -> None:
    zoo = load_zoo()
    recipe = zoo.registry.get("model", model).recipe.with_overrides(
        dataset="mnist-sample", steps=2, batch_size=8, log_every=1, checkpoint_every=2
    )
    run = train(zoo, recipe, TrainOptions(tmp_path / "run"), model=model)
    lines = logged(tmp_path / "run")
    assert run.step == 2 and run.sample_labels is not None
    assert all(math.isfinite(value) for line in lines for value in line.values())
    if model == "acgan":
        assert {"d_class", "g_class"} <= set(lines[-1])
