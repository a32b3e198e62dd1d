"""ganzoo train --eval-every: the generator measured during training, the best one kept, on resume too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ganzoo import hookimpl
from ganzoo.builtin.evaluations import BestBy, EvaluationSettings
from ganzoo.errors import GanzooError
from ganzoo.plugins import load_zoo
from ganzoo.training.trainer import TrainOptions, train

SCORES = {10: 5.0, 20: 3.0, 30: 4.0}  # by step: the best (lowest) at step 20


class ScoreByStep:
    """A metric with known answers: the score of the generator saved at each step."""

    version = "1"

    def applies_to(self, dataset, spec):
        return True

    def evaluate(self, context):
        return {"score": SCORES[context.trained.step], "n_used": context.n}


class Generators:
    """Keeps the bytes of generator.safetensors as each checkpoint leaves it."""

    def __init__(self) -> None:
        self.saved: dict[int, bytes] = {}

    @hookimpl
    def ganzoo_register_metrics(self, register):
        register("score-by-step", ScoreByStep, description="test metric")

    @hookimpl
    def ganzoo_checkpoint_saved(self, run, step, path):
        self.saved[step] = (run.run_dir / "generator.safetensors").read_bytes()


@pytest.fixture
def generators() -> Generators:
    return Generators()


def recipe(zoo):
    base = zoo.registry.get("model", "vanilla-mlp").recipe
    return base.with_overrides(dataset="mnist-sample", steps=30, batch_size=16, log_every=5, sample_every=100,
                               checkpoint_every=5)


def settings() -> EvaluationSettings:
    return EvaluationSettings(every=10, metrics=("score-by-step",), n=7, keep_best=BestBy("score-by-step", "score", lower=True))


def evaluations(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "evaluations.jsonl").read_text().splitlines()]


def test_every_tenth_step_is_measured_and_the_best_generator_is_kept(tmp_path, generators):
    zoo = load_zoo(extra=[("generators", generators)])
    run_dir = tmp_path / "run"
    train(zoo, recipe(zoo), TrainOptions(run_dir, evaluation=settings()))
    logged = evaluations(run_dir)
    assert [line["step"] for line in logged] == [10, 20, 30]
    assert [line["results"][0]["score"] for line in logged] == [5.0, 3.0, 4.0]
    assert json.loads((run_dir / "best.json").read_text())["step"] == 20
    assert (run_dir / "best-generator.safetensors").read_bytes() == generators.saved[20] != generators.saved[30]


def test_a_resumed_run_keeps_its_evaluations_and_its_best(tmp_path, generators):
    zoo = load_zoo(extra=[("generators", generators)])
    run_dir = tmp_path / "run"
    train(zoo, recipe(zoo), TrainOptions(run_dir, evaluation=settings(), stop_after=25))
    assert [line["step"] for line in evaluations(run_dir)] == [10, 20]
    train(zoo, recipe(zoo), TrainOptions(run_dir, resume=True, evaluation=settings()))
    assert [line["step"] for line in evaluations(run_dir)] == [10, 20, 30]
    assert json.loads((run_dir / "best.json").read_text())["step"] == 20  # 4.0 at step 30 does not beat 3.0


def test_without_eval_every_nothing_is_measured(tmp_path, generators):
    zoo = load_zoo(extra=[("generators", generators)])
    train(zoo, recipe(zoo), TrainOptions(tmp_path / "run"))
    assert not (tmp_path / "run" / "evaluations.jsonl").exists() and not zoo.manager.has_plugin("ganzoo.evaluation")


@pytest.mark.parametrize("text", ["classifier-fd/fd", "classifier-fd:min", "fd:lowest"])
def test_a_keep_best_without_metric_value_and_direction_is_refused(text):
    with pytest.raises(GanzooError, match="--keep-best takes METRIC/VALUE:min or METRIC/VALUE:max"):
        BestBy.parse(text)


def test_eval_options_without_eval_every_are_one_line(cli):
    result = cli("train", "vanilla-mlp", "--keep-best", "classifier-fd/fd:min")
    assert result.returncode == 2 and result.stderr.strip() == "error: --eval-metric and --keep-best go with --eval-every N"
