"""Training end to end on real digits: run folder, hooks, Ctrl-C, exact resume."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from ganzoo.errors import GanzooError
from ganzoo.hookspecs import hookimpl
from ganzoo.plugins import load_zoo
from ganzoo.recipe import Recipe
from ganzoo.training.state import FORMAT
from ganzoo.training.state import load as load_state
from ganzoo.training.trainer import TrainOptions, train


def small_recipe(**changes) -> Recipe:
    recipe = load_zoo().registry.get("model", "vanilla-mlp").recipe
    settings = dict(dataset="mnist-sample", steps=40, batch_size=32, log_every=5, sample_every=20, checkpoint_every=20)
    return recipe.with_overrides(**{**settings, **changes})


def metrics(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    @hookimpl
    def ganzoo_train_start(self, run):
        self.calls.append(("start", run.step))

    @hookimpl
    def ganzoo_train_step(self, run, step, logs):
        self.calls.append(("step", step, sorted(logs)))

    @hookimpl
    def ganzoo_checkpoint_saved(self, run, step, path):
        assert path.is_file()
        self.calls.append(("checkpoint", step))

    @hookimpl
    def ganzoo_train_end(self, run, step, interrupted):
        self.calls.append(("end", step, interrupted))


class CtrlCAt:
    """Sends the process a real SIGINT when the given step is logged."""

    def __init__(self, step: int) -> None:
        self.step = step

    @hookimpl
    def ganzoo_train_step(self, run, step, logs):
        if step == self.step:
            os.kill(os.getpid(), signal.SIGINT)


def test_a_short_run_fills_its_folder_and_calls_every_hook(tmp_path):
    recorder = Recorder()
    from ganzoo.builtin.samples import SampleGrids

    zoo = load_zoo(extra=[("recorder", recorder), ("samples", SampleGrids())])
    run = train(zoo, small_recipe(), TrainOptions(tmp_path / "run"), model="vanilla-mlp")
    assert run.step == 40
    folder = tmp_path / "run"
    config = json.loads((folder / "config.json").read_text())
    assert config["model"] == "vanilla-mlp" and config["recipe"]["steps"] == 40
    assert "5,000" in config["data"]["source"] or "5000" in config["data"]["source"]
    assert config["parts"]["loss"]["plugin"] == "losses"
    lines = metrics(folder)
    assert [m["step"] for m in lines] == list(range(5, 41, 5))
    assert set(lines[0]) == {"step", "d_loss", "g_loss", "d_real", "d_fake", "real_score", "fake_score",
                             "lr_generator", "lr_discriminator"}
    assert all(0 < m["d_real"] < 1 and 0 < m["d_fake"] < 1 for m in lines)
    assert (folder / "samples" / "step-000020.png").is_file() and (folder / "samples.png").is_file()
    assert recorder.calls[0] == ("start", 0)
    assert ("checkpoint", 20) in recorder.calls and ("checkpoint", 40) in recorder.calls
    assert recorder.calls[-1] == ("end", 40, False)
    generator = load_file(folder / "generator.safetensors")
    assert set(generator) == {f"generator.body.{i}.{w}" for i in (0, 2) for w in ("weight", "bias")}


def test_ctrl_c_saves_a_checkpoint_and_resume_continues_exactly(tmp_path):
    recipe = small_recipe()
    straight = tmp_path / "straight"
    train(load_zoo(), recipe, TrainOptions(straight))

    stopped = tmp_path / "stopped"
    run = train(load_zoo(extra=[("ctrl-c", CtrlCAt(15))]), recipe, TrainOptions(stopped))
    assert run.step == 15  # stopped after the step in which Ctrl-C arrived, not mid-step
    assert [m["step"] for m in metrics(stopped)] == [5, 10, 15]
    resumed = train(load_zoo(), recipe, TrainOptions(stopped, resume=True))
    assert resumed.step == 40

    assert metrics(stopped) == metrics(straight)
    a, b = load_file(straight / "checkpoint.safetensors"), load_file(stopped / "checkpoint.safetensors")
    assert a.keys() == b.keys()
    for key in a:
        assert torch.equal(a[key], b[key]), key


def test_resume_drops_metrics_logged_after_the_checkpoint(tmp_path):
    recipe = small_recipe()
    folder = tmp_path / "run"
    train(load_zoo(), recipe.with_overrides(steps=20), TrainOptions(folder))
    with (folder / "metrics.jsonl").open("a") as handle:  # as if the process died after logging step 25
        handle.write(json.dumps({"step": 25, "d_loss": 0, "g_loss": 0}) + "\n")
    train(load_zoo(), recipe, TrainOptions(folder, resume=True))
    steps = [m["step"] for m in metrics(folder)]
    assert steps == sorted(set(steps)) and steps[-1] == 40


def test_epochs_set_the_number_of_steps_from_the_dataset_size(tmp_path):
    run = train(load_zoo(), small_recipe(batch_size=1000), TrainOptions(tmp_path / "run", epochs=2))
    assert run.total_steps == 10  # 5,000 digits / 1,000 per batch × 2 epochs


def test_a_finished_run_folder_is_never_overwritten(tmp_path):
    folder = tmp_path / "run"
    train(load_zoo(), small_recipe(steps=5), TrainOptions(folder))
    before = (folder / "checkpoint.safetensors").read_bytes()
    with pytest.raises(GanzooError, match="already holds a run"):
        train(load_zoo(), small_recipe(steps=5), TrainOptions(folder))
    assert (folder / "checkpoint.safetensors").read_bytes() == before


def test_the_same_seed_gives_the_same_run(tmp_path):
    recipe = small_recipe(steps=10)
    train(load_zoo(), recipe, TrainOptions(tmp_path / "a"))
    train(load_zoo(), recipe, TrainOptions(tmp_path / "b"))
    train(load_zoo(), recipe.with_overrides(seed=1), TrainOptions(tmp_path / "c"))
    assert metrics(tmp_path / "a") == metrics(tmp_path / "b") != metrics(tmp_path / "c")


def test_a_moving_average_of_g_is_exported_and_resumed_exactly(tmp_path):
    recipe = small_recipe(ema=0.9)
    straight = tmp_path / "straight"
    train(load_zoo(), recipe, TrainOptions(straight))
    stopped = tmp_path / "stopped"
    train(load_zoo(), recipe.with_overrides(steps=20), TrainOptions(stopped))
    train(load_zoo(), recipe, TrainOptions(stopped, resume=True))

    state = load_file(straight / "checkpoint.safetensors")
    exported = load_file(straight / "generator.safetensors")
    for name, tensor in exported.items():
        assert torch.equal(tensor, state[f"ema.{name}"])
    assert not torch.equal(exported["generator.body.0.weight"], state["module.generator.body.0.weight"])
    resumed = load_file(stopped / "generator.safetensors")
    assert all(torch.equal(exported[k], resumed[k]) for k in exported)


def test_a_linear_schedule_ends_near_zero_and_resumes_exactly(tmp_path):
    recipe = small_recipe(lr_schedule="linear", lr_g=4e-4, lr_d=2e-4)
    straight = tmp_path / "straight"
    train(load_zoo(), recipe, TrainOptions(straight))
    saved = load_state(straight / "checkpoint.safetensors", FORMAT).meta["optimizers"]["generator"]
    assert saved["param_groups"][0]["lr"] == pytest.approx(4e-4 / 40)  # the rate of the 40th and last step
    constant = tmp_path / "constant"
    train(load_zoo(), small_recipe(lr_g=4e-4, lr_d=2e-4), TrainOptions(constant))
    assert metrics(constant) != metrics(straight)

    stopped = tmp_path / "stopped"
    train(load_zoo(extra=[("ctrl-c", CtrlCAt(15))]), recipe, TrainOptions(stopped))
    train(load_zoo(), recipe, TrainOptions(stopped, resume=True))
    assert metrics(stopped) == metrics(straight)


def test_an_unknown_schedule_is_refused_with_the_choices():
    with pytest.raises(GanzooError, match="lr_schedule must be one of constant, linear, got 'cosine'"):
        small_recipe(lr_schedule="cosine")


RING = """
import math
import ganzoo

def ring(data_dir=None, split="train"):
    import torch

    def draw(n, generator, device):
        mode = torch.randint(8, (n,), generator=generator, device=device)
        angle = mode * (2 * math.pi / 8)
        centre = torch.stack([angle.cos(), angle.sin()], 1)
        return centre + 0.01 * torch.randn(n, 2, generator=generator, device=device), mode

    return ganzoo.SampledData(draw, ganzoo.DataSpec((2,), (-1.1, 1.1), 8), "eight points on a circle")

@ganzoo.hookimpl
def ganzoo_register_datasets(register):
    register("test-ring", ring)
"""


def test_data_sampled_on_the_fly_trains_resumes_exactly_and_is_drawn_as_a_scatter_plot(tmp_path, distributions):
    from PIL import Image

    from ganzoo.builtin.samples import SampleGrids

    distributions.add("ganzoo-ring", {"ring": RING})
    recipe = small_recipe(dataset="test-ring", latent_dim=2, batch_size=64)
    straight, stopped = tmp_path / "straight", tmp_path / "stopped"
    train(load_zoo(extra=[("samples", SampleGrids())]), recipe, TrainOptions(straight))
    train(load_zoo(), recipe.with_overrides(steps=20), TrainOptions(stopped))
    train(load_zoo(), recipe, TrainOptions(stopped, resume=True))
    assert metrics(straight) == metrics(stopped)
    picture = Image.open(straight / "samples.png")
    assert picture.size == (512, 512) and picture.mode == "RGB"
    with pytest.raises(GanzooError, match="has no epochs"):
        train(load_zoo(), recipe, TrainOptions(tmp_path / "epochs", epochs=1))


def test_each_player_may_have_an_optimiser_of_its_own(tmp_path):
    recipe = small_recipe(steps=2, scheme_options={"discriminator_optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.0},
                                                   "generator_optimizer": {"betas": [0.0, 0.9]}})
    train(load_zoo(), recipe, TrainOptions(tmp_path / "run"))
    optimizers = load_state(tmp_path / "run" / "checkpoint.safetensors", FORMAT).meta["optimizers"]
    d_group, g_group = optimizers["discriminator"]["param_groups"][0], optimizers["generator"]["param_groups"][0]
    assert d_group["lr"] == 0.05 and d_group["momentum"] == 0.0 and "betas" not in d_group
    assert g_group["betas"] == [0.0, 0.9] and g_group["lr"] == recipe.lr_g
    with pytest.raises(GanzooError, match="optimiser settings"):
        train(load_zoo(), small_recipe(scheme_options={"generator_optimizer": {"kind": "adam", "nesterov": True}}),
              TrainOptions(tmp_path / "refused"))
