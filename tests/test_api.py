"""``ganzoo.train`` and ``ganzoo.load``: what the command line does, from Python."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from rich.console import Console
from safetensors import safe_open

import ganzoo
from ganzoo.builtin import progress
from ganzoo.training.run import Run

ROOT = Path(__file__).resolve().parent.parent
SHORT = {"dataset": "mnist-sample", "steps": 20, "seed": 3, "batch_size": 16, "log_every": 5}


def readme_example() -> str:
    text = (ROOT / "README.md").read_text()
    (code,) = re.findall(r"<!-- example: python -->\n```python\n(.+?)\n```", text, flags=re.DOTALL)
    return code


def files_in(folder: Path) -> list[str]:
    """The files under ``folder``, an event log's time and process left out of its name."""
    names = (str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())
    return sorted(re.sub(r"tfevents\..*", "tfevents", name) for name in names)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("api") / "run"
    ganzoo.train("vanilla-mlp", out=folder, progress=False, **SHORT)
    return folder


def test_the_readme_example_runs_as_it_is(tmp_path):
    result = subprocess.run([sys.executable, "-c", readme_example()], cwd=tmp_path, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "vanilla-mlp step 300/300 (100%)" in result.stderr  # the command's progress
    (run,) = (tmp_path / "runs" / "vanilla-mlp").iterdir()
    assert (run / "generator.safetensors").is_file()
    assert (tmp_path / "digits.png").is_file()


def test_train_fills_the_folder_the_command_fills_with_the_same_numbers(run_dir, cli, tmp_path):
    by_command = tmp_path / "by-command"
    result = cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "20", "--seed", "3", "--batch-size", "16",
                 "--set", "log_every=5", "--out", str(by_command))
    assert result.returncode == 0, result.stderr
    assert files_in(run_dir) == files_in(by_command)
    for name in ("metrics.jsonl", "config.json"):
        assert (run_dir / name).read_text() == (by_command / name).read_text(), name
    ours, theirs = (safe_open(folder / "generator.safetensors", "pt") for folder in (run_dir, by_command))
    assert ours.metadata() == theirs.metadata() and ours.keys() == theirs.keys()
    assert all(torch.equal(ours.get_tensor(key), theirs.get_tensor(key)) for key in ours.keys())


def test_train_returns_the_run_and_resumes_a_run_of_the_command(run_dir, tmp_path):
    resumed = tmp_path / "resumed"
    first = ganzoo.train("vanilla-mlp", out=resumed, progress=False, **SHORT)
    assert isinstance(first, Run) and first.step == first.total_steps == 20 and first.run_dir == resumed
    with pytest.raises(ganzoo.GanzooError, match="lr, n_critic cannot change a run being resumed; only steps, device"):
        ganzoo.train(resume=str(resumed), n_critic=2, lr=0.1)
    again = ganzoo.train(resume=resumed, steps=25, progress=False)
    assert again.resumed_from == 20 and again.step == 25
    assert json.loads((resumed / "metrics.jsonl").read_text().splitlines()[-1])["step"] == 25


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"n_critics": 5}, "n_critics: the recipe has no field 'n_critics'; see 'ganzoo info MODEL'"),
        ({"betas": "ab"}, "betas='ab': betas must be two numbers in [0, 1), got 'ab'"),
        ({"n_critic": None}, "n_critic=None: n_critic cannot be null (only loss, scheme and ema can)"),
        ({"architecture_options": 5}, "architecture_options=5: architecture_options must be a mapping"),
        ({"steps": 10, "epochs": 1}, "give either steps or epochs, not both"),
        ({"lr": -0.1}, "lr_d must be a learning rate between 0 and 10, got -0.1"),
    ],
)
def test_a_bad_override_is_one_clear_error_before_anything_is_built(overrides, message, tmp_path):
    with pytest.raises(ganzoo.GanzooError) as caught:
        ganzoo.train("vanilla-mlp", out=tmp_path / "run", **overrides)
    assert message in str(caught.value)
    assert not (tmp_path / "run").exists()


def test_a_recipe_trains_with_its_options_changed_one_by_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    recipe = ganzoo.Recipe(architecture="mlp", loss="non-saturating", dataset="mnist-sample", steps=2, batch_size=8,
                           architecture_options={"hidden": 16})
    run = ganzoo.train(recipe, architecture_options={"negative_slope": 0.2}, progress=False)
    assert run.run_dir.parent == Path("runs", "mlp") and run.model is None
    assert run.recipe.architecture_options == {"hidden": 16, "negative_slope": 0.2}
    with pytest.raises(ganzoo.GanzooError, match="was trained from another recipe"):
        ganzoo.train(recipe, resume=run.run_dir)


def test_load_takes_a_string_or_a_path_and_samples_what_the_command_samples(run_dir, cli, tmp_path):
    drawn = tmp_path / "drawn.npy"
    assert cli("sample", str(run_dir), "--n", "10", "--seed", "7", "--out", str(drawn)).returncode == 0
    expected = np.load(drawn)
    for source in (str(run_dir), run_dir, run_dir / "generator.safetensors"):
        assert np.array_equal(ganzoo.load(source).sample(10, seed=7).numpy(), expected)


def test_a_loaded_generator_is_a_module_in_eval_mode(run_dir):
    generator = ganzoo.load(run_dir)
    assert isinstance(generator, torch.nn.Module) and not generator.training
    assert generator.to("cpu") is generator
    assert sum(parameter.numel() for parameter in generator.parameters()) > 0
    assert all(key.startswith("networks.generator.") for key in generator.state_dict())
    assert generator.spec.shape == (1, 28, 28) and generator.recipe.steps == 20
    with pytest.raises(AttributeError):
        generator.recipe = None
    assert generator(torch.zeros(4, 100)).shape == (4, 1, 28, 28)
    assert generator.grid(generator.sample(16)).size == (4 * 30 + 2, 4 * 30 + 2)


def test_an_image_to_image_generator_is_called_on_images(tmp_path, capsys):
    out = tmp_path / "pix2pix"
    ganzoo.train("pix2pix", steps=2, architecture_options={"width": 8, "d_width": 8}, out=out, progress=False)
    assert "step" not in capsys.readouterr().err  # progress=False shows no progress
    generator = ganzoo.load(out)
    images = torch.rand(3, 1, 28, 28) * 2 - 1
    outputs = generator(images)
    assert outputs.shape == (3, 1, 28, 28) and outputs.abs().max() <= 1
    assert torch.equal(outputs, generator({"input": images}))
    with pytest.raises(ganzoo.GanzooError, match="takes 'input'"):
        generator.sample(2)


@pytest.mark.parametrize(("widgets", "bar"), [(True, True), (False, False)])
def test_a_notebook_gets_the_bar_when_it_can_redraw_it(widgets, bar, monkeypatch):
    monkeypatch.setattr(progress.importlib.util, "find_spec", lambda name: object() if widgets else None)
    assert progress.redraws_in_place(Console(file=io.StringIO(), force_jupyter=True)) is bar
