"""Checkpoints and exported generators are input: a file whose metadata was edited, or written by
another program, gets one line naming the file and what is wrong, from every command that reads it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file, save_file

from ganzoo.errors import GanzooError
from ganzoo.training import schema, state
from tests.conftest import ENV_VARIABLES
from tests.test_bad_input import assert_one_line_error

FIXTURES = Path(__file__).parent / "fixtures" / "v0.1.0"
Edit = Callable[[dict[str, Any], dict[str, torch.Tensor]], None]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished two-step run, made once for the module's tests (which copy it before editing)."""
    run = tmp_path_factory.mktemp("trained") / "run"
    env = {name: value for name, value in os.environ.items() if name not in ENV_VARIABLES}  # as isolated_environment does
    env.update(GANZOO_OFFLINE="1", GANZOO_CACHE_DIR=str(tmp_path_factory.mktemp("cache")))
    result = subprocess.run([sys.executable, "-m", "ganzoo", "train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps",
                             "2", "--out", str(run)], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    return run


def read(path: Path) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
    with open(path, "rb") as handle:
        header = json.loads(handle.read(int.from_bytes(handle.read(8), "little")))
    return {key: json.loads(value) for key, value in header["__metadata__"].items()}, load_file(path)


def edited(source: Path, target: Path, edit: Edit) -> Path:
    """``source`` rewritten to ``target`` after ``edit`` changed its metadata and tensors in place."""
    meta, tensors = read(source)
    edit(meta, tensors)
    target.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, target, metadata={key: json.dumps(value) for key, value in meta.items()})
    return target


def at(*keys: str | int) -> Callable[[Any], Edit]:
    """An edit that sets ``meta[k1][k2]...`` to a value; ``DELETE`` removes the key."""

    def setting(value: Any) -> Edit:
        def edit(meta: dict[str, Any], tensors: dict[str, torch.Tensor]) -> None:
            target = meta
            for key in keys[:-1]:
                target = target[key]
            if value is DELETE:
                del target[keys[-1]]
            else:
                target[keys[-1]] = value

        return edit

    return setting


DELETE = object()


def tensor(name: str, value: Callable[[dict[str, torch.Tensor]], torch.Tensor | None]) -> Edit:
    def edit(meta: dict[str, Any], tensors: dict[str, torch.Tensor]) -> None:
        replaced = value(tensors)
        if replaced is None:
            del tensors[name]
        else:
            tensors[name] = replaced

    return edit


GROUP = ("optimizers", "generator", "param_groups", 0)
CHECKPOINT_EDITS = {
    "recipe missing": (at("recipe")(DELETE), "'recipe' is missing"),
    "recipe a string": (at("recipe")("mlp"), "'recipe' must be a mapping"),
    "recipe betas": (at("recipe", "betas")("ab"), "'recipe' is invalid: betas must be two numbers in [0, 1), got 'ab'"),
    "recipe lr a string": (at("recipe", "lr_g")("0.1"), "lr_g must be a learning rate"),
    "recipe seed negative": (at("recipe", "seed")(-1), "seed must be a whole number from 0 to 2**63 - 1, got -1"),
    "recipe options a list": (at("recipe", "architecture_options")([1]), "architecture_options must be a mapping"),
    "recipe incomplete": (at("recipe", "architecture")(DELETE), "the recipe is incomplete"),
    "step negative": (at("step")(-3), "'step' must be a whole number ≥ 0, got -3"),
    "step a string": (at("step")("5"), "'step' must be a whole number ≥ 0, got '5'"),
    "step a fraction": (at("step")(1.5), "'step' must be a whole number"),
    "step a boolean": (at("step")(True), "'step' must be a whole number"),
    "step too large": (at("step")(2**64), "'step' must be a whole number"),
    "step missing": (at("step")(DELETE), "'step' is missing"),
    "batches_taken negative": (at("batches_taken")(-1), "'batches_taken' must be a whole number ≥ 0"),
    "batches_taken null": (at("batches_taken")(None), "'batches_taken' must be a whole number"),
    "parts a list": (at("parts")(["architecture"]), "'parts' must be a mapping"),
    "part name a number": (at("parts", "architecture", "name")(5), "'parts.architecture.name' must be a non-empty string"),
    "part version a number": (at("parts", "loss", "version")(1.0), "'parts.loss.version' must be a string or null"),
    "data missing": (at("data")(DELETE), "'data' is missing"),
    "data shape a string": (at("data", "shape")("1x28x28"), "'data.shape' must be a list"),
    "data shape negative": (at("data", "shape", 1)(-28), "'data.shape[1]' must be a whole number ≥ 1, got -28"),
    "data range reversed": (at("data", "value_range")([1.0, -1.0]), "'data.value_range' is invalid: its low end is above"),
    "data range not numbers": (at("data", "value_range")(["a", 1]), "'data.value_range[0]' must be a number"),
    "data no classes": (at("data", "num_classes")(0), "'data.num_classes' must be a whole number ≥ 1 or null, got 0"),
    "data reserved field": (at("data", "fields")({"sample": {"shape": [1], "value_range": [0, 1]}}), "reserved"),
    "optimizers missing": (at("optimizers")(DELETE), "'optimizers' is missing"),
    "optimizers a list": (at("optimizers")([]), "'optimizers' must be a mapping"),
    "optimizer a number": (at("optimizers", "generator")(5), "'optimizers.generator' must be a mapping"),
    "param_groups missing": (at("optimizers", "generator", "param_groups")(DELETE), "'optimizers.generator.param_groups' is missing"),
    "lr a string": (at(*GROUP, "lr")("abc"), "'optimizers.generator.param_groups[0].lr' must be a finite number ≥ 0, got 'abc'"),
    "lr negative": (at(*GROUP, "lr")(-0.1), "'optimizers.generator.param_groups[0].lr' must be a finite number ≥ 0"),
    "betas a string": (at(*GROUP, "betas")("ab"), "'optimizers.generator.param_groups[0].betas' must be a list of 2"),
    "amsgrad a string": (at(*GROUP, "amsgrad")("no"), "'optimizers.generator.param_groups[0].amsgrad' must be true or false"),
    "params not numbers": (at(*GROUP, "params")(["w"]), "'optimizers.generator.param_groups[0].params[0]' must be a whole number"),
    "scalars badly named": (at("optimizers", "generator", "scalars")({"step": 1}), "has the key 'step', which is not INDEX.KEY"),
    "scheme_state a list": (at("scheme_state")([]), "'scheme_state' must be a mapping"),
    "model a number": (at("model")(5), "'model' must be a string or null"),
    "noise state of floats": (tensor("rng.noise", lambda t: t["rng.noise"].float()),
                              "tensor 'rng.noise' must be a non-empty 1-dimensional uint8 tensor, got float32"),
    "data state of two dimensions": (tensor("rng.data", lambda t: t["rng.data"].reshape(2, -1)),
                                     "tensor 'rng.data' must be a non-empty 1-dimensional uint8 tensor"),
    "torch state cut short": (tensor("rng.torch", lambda t: t["rng.torch"][:10]), "tensor 'rng.torch' must hold 5056 elements"),
    "torch state missing": (tensor("rng.torch", lambda t: None), "tensor 'rng.torch' is missing"),
    "cuda state of ints": (tensor("rng.cuda", lambda t: torch.zeros(16, dtype=torch.int64)), "tensor 'rng.cuda' must be"),
    "optimizer tensor badly named": (tensor("optimizer.generator.first.exp_avg", lambda t: torch.zeros(3)),
                                     "tensor 'optimizer.generator.first.exp_avg' must be named optimizer.NAME.INDEX.KEY"),
    "optimizer tensor of ints": (tensor("optimizer.generator.0.exp_avg", lambda t: t["optimizer.generator.0.exp_avg"].long()),
                                 "tensor 'optimizer.generator.0.exp_avg' must hold floating-point numbers, got int64"),
}
GENERATOR_EDITS = {
    "recipe missing": (at("recipe")(DELETE), "'recipe' is missing"),
    "recipe seed too large": (at("recipe", "seed")(2**63), "seed must be a whole number from 0 to 2**63 - 1"),
    "step negative": (at("step")(-1), "'step' must be a whole number ≥ 0, got -1"),
    "step null": (at("step")(None), "'step' must be a whole number ≥ 0, got None"),
    "data missing": (at("data")(DELETE), "'data' is missing"),
    "data a number": (at("data")(7), "'data' must be a mapping"),
    "inputs a number": (at("inputs")(5), "'inputs' must be a mapping"),
    "input shape negative": (at("inputs", "latent", "shape")([-100]), "'inputs.latent.shape[0]' must be a whole number ≥ 1"),
    "input range NaN": (at("inputs", "latent", "value_range")([float("nan"), 1.0]), "'inputs.latent.value_range[0]' must be a number"),
    "parts a string": (at("parts")("vanilla"), "'parts' must be a mapping"),
}


def assert_refused(path: Path, expected_format: str, fragment: str) -> None:
    with pytest.raises(GanzooError) as caught:
        state.load(path, expected_format)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path} is not a usable ganzoo "), message
    assert fragment in message, message


@pytest.mark.parametrize("case", list(CHECKPOINT_EDITS))
def test_an_edited_checkpoint_is_refused_naming_the_file_and_the_problem(case, trained, tmp_path):
    edit, fragment = CHECKPOINT_EDITS[case]
    path = edited(trained / "checkpoint.safetensors", tmp_path / "checkpoint.safetensors", edit)
    assert_refused(path, state.FORMAT, fragment)


@pytest.mark.parametrize("case", list(GENERATOR_EDITS))
def test_an_edited_export_is_refused_naming_the_file_and_the_problem(case, trained, tmp_path):
    edit, fragment = GENERATOR_EDITS[case]
    path = edited(trained / "generator.safetensors", tmp_path / "generator.safetensors", edit)
    assert_refused(path, state.GENERATOR_FORMAT, fragment)


def test_the_files_ganzoo_writes_pass_unchanged(trained, tmp_path):
    for name, expected_format in (("checkpoint.safetensors", state.FORMAT), ("generator.safetensors", state.GENERATOR_FORMAT)):
        copy = edited(trained / name, tmp_path / name, lambda meta, tensors: None)
        assert state.load(copy, expected_format).meta == read(trained / name)[0]
    for path in sorted(FIXTURES.glob("*/*.safetensors")):  # format 1, mapped onto format 2
        state.load(path, state.FORMAT if path.name == "checkpoint.safetensors" else state.GENERATOR_FORMAT)


def test_a_safetensors_file_whose_metadata_is_null_is_refused_not_a_crash(tmp_path):
    header = json.dumps({"__metadata__": None, "x": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}).encode()
    path = tmp_path / "generator.safetensors"
    path.write_bytes(len(header).to_bytes(8, "little") + header + bytes(4))
    with pytest.raises(GanzooError, match="is not a ganzoo-generator-2 file"):
        state.load(path, state.GENERATOR_FORMAT)


def test_there_is_a_schema_for_each_current_format():
    assert set(schema.SCHEMAS) == {state.FORMAT, state.GENERATOR_FORMAT}


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (at("parts")(["update"]), "'parts' must be a mapping"),
        (at("optimizer_g")("adam"), "'optimizers.generator' must be a mapping"),
        (at("step")(-1), "'step' must be a whole number ≥ 0"),
        (at("recipe", "update")(5), "scheme must be the name of a part"),
    ],
)
def test_an_edited_checkpoint_of_version_0_1_is_refused_after_mapping(edit, fragment, tmp_path):
    path = edited(FIXTURES / "cgan" / "checkpoint.safetensors", tmp_path / "checkpoint.safetensors", edit)
    assert_refused(path, state.FORMAT, fragment)


RESUME = ["train", "--resume", "RUN", "--steps", "4"]


def copy_run(trained: Path, tmp_path: Path) -> Path:
    run = tmp_path / "run"
    shutil.copytree(trained, run)
    return run


@pytest.mark.parametrize(
    ("command", "name", "edit", "fragment"),
    [
        (RESUME, "checkpoint.safetensors", at("step")(-1), "'step' must be a whole number ≥ 0, got -1"),
        (RESUME, "checkpoint.safetensors", at("recipe")(DELETE), "'recipe' is missing"),
        (RESUME, "checkpoint.safetensors", at("batches_taken")("3"), "'batches_taken' must be a whole number"),
        (RESUME, "checkpoint.safetensors", at(*GROUP, "lr")("fast"), "param_groups[0].lr' must be a finite number"),
        (RESUME, "checkpoint.safetensors", tensor("rng.noise", lambda t: t["rng.noise"].float()),
         "tensor 'rng.noise' must be a non-empty 1-dimensional uint8 tensor"),
        (["sample", "RUN", "--n", "2"], "generator.safetensors", at("recipe", "betas")("ab"), "betas must be two numbers in [0, 1), got 'ab'"),
        (["sample", "RUN", "--n", "2"], "generator.safetensors", at("data")(DELETE), "'data' is missing"),
        (["interpolate", "RUN", "--rows", "1"], "generator.safetensors", at("data", "shape")("1x28x28"), "'data.shape' must be a list"),
        (["evaluate", "RUN", "--n", "2"], "generator.safetensors", at("step")(-5), "'step' must be a whole number ≥ 0, got -5"),
    ],
)
def test_every_command_refuses_an_edited_file_with_one_line(command, name, edit, fragment, trained, tmp_path, cli):
    run = copy_run(trained, tmp_path)
    edited(run / name, run / name, edit)
    before = (run / name).read_bytes()
    result = cli(*(str(run) if arg == "RUN" else arg for arg in command))
    assert_one_line_error(result, str(run / name), fragment)
    assert (run / name).read_bytes() == before
