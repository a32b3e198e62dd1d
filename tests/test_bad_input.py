"""Bad input: one clear line on stderr, a non-zero exit, no traceback, no lost files."""

from __future__ import annotations

import os

import pytest

from ganzoo.errors import GanzooError
from ganzoo.training import checkpoint

FIXED_SHAPE_PLUGIN = """
import ganzoo

def colour_squares(data_dir=None, split="train"):
    import torch
    return ganzoo.InMemoryData(torch.zeros(64, 3, 8, 8), None, ganzoo.DataSpec((3, 8, 8)), "64 black squares")

def mnist_shaped(spec, latent_dim):
    from torch import nn
    return ganzoo.Networks(
        nn.Sequential(nn.Linear(latent_dim, 784), nn.Unflatten(1, (1, 28, 28))),
        nn.Sequential(nn.Flatten(), nn.LazyLinear(1)),
    )

@ganzoo.hookimpl
def ganzoo_register_datasets(register):
    register("colour-squares", colour_squares)

@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register("mnist-shaped", mnist_shaped)

@ganzoo.hookimpl
def ganzoo_register_models(register):
    register("square-peg", ganzoo.Recipe(architecture="mnist-shaped", loss="non-saturating", dataset="colour-squares"))
"""


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["train", "vanila-mlp"], ["unknown model 'vanila-mlp'", "did you mean 'vanilla-mlp'"]),
        (["train", "vanilla-mlp", "--loss", "hinj"], ["unknown loss 'hinj'"]),
        (["train", "vanilla-mlp", "--dataset", "mnist-sampel"], ["did you mean 'mnist-sample'"]),
        (["train", "vanilla-mlp", "--batch-size", "0"], ["batch_size must be a positive whole number"]),
        (["train", "vanilla-mlp", "--lr", "-0.1"], ["must be a learning rate"]),
        (["train", "vanilla-mlp", "--steps", "10", "--epochs", "1"], ["either --steps or --epochs"]),
        (["train", "vanilla-mlp", "--device", "cuda:7"], ["cuda"]),
        (["train", "vanilla-mlp", "--device", "toaster"], ["unknown device 'toaster'"]),
        (["train", "vanilla-mlp", "--dataset", "mnist-sample", "--batch-size", "6000"], ["fewer than the batch size"]),
        (["train"], ["name a model"]),
        (["list", "gizmos", "x*"], ["unknown kind 'gizmos'"]),
        (["sample", "no-such-run"], ["no generator at no-such-run"]),
        (["sample", ".", "--out", "grid.jpg"], ["must end in .png or .npy"]),
        (["train", "--resume", "no-such-run"], ["no checkpoint at no-such-run"]),
    ],
)
def test_bad_input_gets_one_clear_line(args, fragments, cli, tmp_path):
    assert_one_line_error(cli(*args, cwd=tmp_path), *fragments)


def test_a_dataset_the_architecture_cannot_generate_is_refused_before_training(distributions, cli, tmp_path):
    distributions.add("ganzoo-pegs", {"pegs": FIXED_SHAPE_PLUGIN})
    result = cli("train", "square-peg", "--out", str(tmp_path / "run"))
    assert_one_line_error(result, "generates 1×28×28 samples but the dataset's are 3×8×8")
    assert not (tmp_path / "run" / "checkpoint.safetensors").exists()


def test_a_corrupted_checkpoint_is_reported_and_left_alone(cli, tmp_path):
    run = tmp_path / "run"
    assert cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "5", "--out", str(run)).returncode == 0
    damaged = {}
    for name in ("checkpoint.safetensors", "generator.safetensors"):
        damaged[name] = (run / name).read_bytes()[:1000]
        (run / name).write_bytes(damaged[name])
    assert_one_line_error(cli("train", "--resume", str(run)), "not a readable checkpoint", "damaged or truncated")
    assert_one_line_error(cli("sample", str(run)), "not a readable checkpoint")
    assert {name: (run / name).read_bytes() for name in damaged} == damaged


def test_changing_the_recipe_of_a_resumed_run_is_refused(cli, tmp_path):
    run = tmp_path / "run"
    assert cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "5", "--out", str(run)).returncode == 0
    assert_one_line_error(cli("train", "--resume", str(run), "--lr", "0.1"), "--lr cannot change a run being resumed")


def test_an_interrupted_write_leaves_the_previous_checkpoint_intact(tmp_path, monkeypatch):
    path = tmp_path / "checkpoint.safetensors"
    checkpoint.write_atomically(path, b"good checkpoint")

    def crash(source, target):
        raise OSError("disk vanished")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(GanzooError, match="could not write .*disk vanished"):
        checkpoint.write_atomically(path, b"half a checkpo")
    assert path.read_bytes() == b"good checkpoint"
    assert os.listdir(tmp_path) == ["checkpoint.safetensors"]


PICKY_PLUGIN = """
import ganzoo

def picky(spec, latent_dim, width=8):
    if width % 2:
        raise ValueError(f"width must be even, got {width}")
    raise AssertionError("not reached in this test")

@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register("picky", picky, defaults={"width": 8})

@ganzoo.hookimpl
def ganzoo_register_models(register):
    register("picky-mlp", ganzoo.Recipe(architecture="picky", loss="non-saturating", dataset="mnist-sample"))
"""


def test_a_factory_that_rejects_an_option_value_gets_one_line_naming_the_part(distributions, cli, tmp_path):
    distributions.add("ganzoo-picky", {"picky": PICKY_PLUGIN})
    result = cli("train", "picky-mlp", "--set", "architecture_options.width=3", "--out", str(tmp_path / "run"))
    assert_one_line_error(result, "architecture 'picky'", "width must be even, got 3")


def test_set_null_clears_a_field_that_the_recipe_sets(cli, tmp_path):
    import json

    run = tmp_path / "run"
    result = cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "2", "--ema", "0.9", "--set", "ema=null",
                 "--out", str(run))
    assert result.returncode == 0, result.stderr
    assert json.loads((run / "config.json").read_text())["recipe"]["ema"] is None


def test_load_generator_takes_a_path_as_a_string(cli, tmp_path):
    from ganzoo.plugins import load_zoo
    from ganzoo.sampling import load_generator

    run = tmp_path / "run"
    assert cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "2", "--out", str(run)).returncode == 0
    assert load_generator(load_zoo(), str(run)).sample(3, seed=0).shape == (3, 1, 28, 28)
