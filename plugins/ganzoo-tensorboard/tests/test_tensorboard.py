"""Runs write TensorBoard events that tensorboard's own reader reads back as the run logged them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

TRAIN = ["train", "vanilla-mlp", "--dataset", "mnist-sample", "--set", "log_every=10", "--set", "sample_every=20"]


def ganzoo(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "ganzoo", *args], capture_output=True, text=True,
                            env={**os.environ, "GANZOO_OFFLINE": "1"}, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def events(run: Path) -> EventAccumulator:
    accumulator = EventAccumulator(str(run / "tensorboard"), size_guidance={"images": 0, "scalars": 0})
    accumulator.Reload()
    return accumulator


def logged(run: Path) -> list[dict]:
    return [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]


def test_a_run_writes_its_logged_values_pictures_and_recipe(tmp_path):
    run = tmp_path / "run"
    ganzoo(*TRAIN, "--steps", "40", "--out", str(run))
    read = events(run)
    scalars = [(e.step, e.value) for e in read.Scalars("train/d_loss")]
    assert scalars == [(row["step"], pytest.approx(row["d_loss"])) for row in logged(run)]
    assert set(read.Tags()["scalars"]) >= {"train/d_loss", "train/g_loss", "train/d_real", "train/d_fake"}
    pictures = read.Images("samples")
    assert [p.step for p in pictures] == [20, 40] and all(p.width > 28 and p.height > 28 for p in pictures)
    assert '"architecture": "mlp"' in read.Tensors("recipe/text_summary")[0].tensor_proto.string_val[0].decode()


def test_a_resumed_run_continues_its_curves_without_repeating_a_step(tmp_path):
    run = tmp_path / "run"
    ganzoo(*TRAIN, "--steps", "20", "--out", str(run))
    ganzoo("train", "--resume", str(run), "--steps", "40")
    read = events(run)
    assert [e.step for e in read.Scalars("train/g_loss")] == [10, 20, 30, 40]
    assert [p.step for p in read.Images("samples")] == [20, 40]


def test_declaring_the_plugin_imports_neither_torch_nor_tensorboard():
    code = "import sys, ganzoo_tensorboard.plugin; print(sorted(m for m in ('torch', 'tensorboard') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"
