"""The models end to end: the conformance kit's run, a command-line run stopped and resumed exactly,
and training on the user's own 64-pixel pictures."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from safetensors.torch import load_file

from ganzoo.testing import check_model, check_resume


def test_sngan_resnet_trains_on_the_shipped_digits(narrow: dict) -> None:
    run = check_model("sngan-resnet", steps=2, architecture_options=narrow)
    assert run.data.spec.shape == (1, 28, 28) and "5,000" in run.data.source


def test_stopping_and_resuming_changes_nothing_under_the_falling_learning_rate(narrow: dict) -> None:
    check_resume("sngan-resnet", steps=4, architecture_options=narrow)


def settings(narrow: dict) -> list[str]:
    options = [f"architecture_options.{name}={value}" for name, value in narrow.items()] + ["log_every=1"]
    return ["--batch-size", "8", *[part for option in options for part in ("--set", option)]]


def test_a_run_resumed_from_the_command_line_continues_exactly(ganzoo_cli, narrow: dict, tmp_path: Path) -> None:
    """Two steps, a checkpoint, and a resume to four give what four steps straight give. The rate is
    held constant here, since a falling one depends on the run's length, which --steps changes."""
    constant = [*settings(narrow), "--set", "lr_schedule=constant"]
    ganzoo_cli("train", "sngan-resnet", "--steps", "4", "--out", tmp_path / "straight", *constant)
    ganzoo_cli("train", "sngan-resnet", "--steps", "2", "--out", tmp_path / "stopped", *constant)
    ganzoo_cli("train", "--resume", tmp_path / "stopped", "--steps", "4")
    straight, resumed = (tmp_path / name for name in ("straight", "stopped"))
    assert (straight / "metrics.jsonl").read_text() == (resumed / "metrics.jsonl").read_text()
    finals = [load_file(folder / "checkpoint.safetensors") for folder in (straight, resumed)]
    assert finals[0].keys() == finals[1].keys()
    assert all(torch.equal(finals[0][key], finals[1][key]) for key in finals[0])


def test_the_users_own_64_pixel_pictures_train_from_the_readme_command(ganzoo_cli, narrow: dict, tmp_path: Path) -> None:
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    rng = np.random.default_rng(0)
    for i in range(8):
        Image.fromarray(rng.integers(0, 256, (80, 96, 3), dtype=np.uint8)).save(pictures / f"p{i}.png")
    run = tmp_path / "run"
    ganzoo_cli("train", "sngan-resnet", "--dataset", "image-folder", "--data-dir", pictures, "--set", "dataset_options.size=64",
        "--steps", "2", "--out", run, *settings(narrow))
    config = json.loads((run / "config.json").read_text())
    assert config["recipe"]["dataset_options"] == {"size": 64}
    assert (config["data"]["samples"], config["data"]["shape"]) == (8, [3, 64, 64])
