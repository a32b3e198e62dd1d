"""``benchmarks/fd_scale.py``: the scale it puts beside a classifier-FD grows with the damage done,
and a run's samples take their place on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

FD_SCALE = Path(__file__).resolve().parent.parent / "benchmarks" / "fd_scale.py"


def test_the_fd_of_held_out_digits_grows_with_the_damage_done_to_them(tmp_path, cli):
    trained = cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "20", "--out", str(tmp_path / "run"))
    assert trained.returncode == 0, trained.stderr[-2000:]
    results_file = tmp_path / "fd_scale.json"
    done = subprocess.run([sys.executable, str(FD_SCALE), "--dataset", "mnist-sample", "--run", str(tmp_path / "run"),
                           "--picture", str(tmp_path / "scale.png"), "--json", str(results_file)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(results_file.read_text())["mnist-sample"]
    assert result["n"] == 500  # the held-out tenth of the 5,000 digits
    fd = {label.removeprefix("held-out images, "): value for label, value in result["fd"].items()}
    floor = fd["held-out images (the floor)"]
    noisier = [fd["pixel noise, std 0.02 (5 grey levels of 255)"], fd["pixel noise, std 0.05"], fd["pixel noise, std 0.1"]]
    assert floor < noisier[0] < noisier[1] < noisier[2]
    assert fd["3x3 blur"] > 2 * floor and fd["shifted one pixel right"] > floor
    assert fd["samples of run"] > fd["3x3 blur"]  # 20 steps of an MLP draw noise, not digits
    assert fd["pixels under 8/255 set to black"] == pytest.approx(floor, rel=0.02)  # a digit's faint pixels carry little
    assert fd["samples of run, as 8-bit pictures"] == pytest.approx(fd["samples of run"], rel=0.01)
    assert "samples of run, pixels under 8/255 set to black" in fd
    assert "held-out images (the floor)" in done.stdout
    assert Image.open(tmp_path / "scale.png").size == (2 * (12 * 30 + 2), 2 * (len(fd) * 30 + 2))  # 28-pixel images, 2 apart, doubled
