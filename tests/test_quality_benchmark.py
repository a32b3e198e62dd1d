"""``benchmarks/quality.py --quick``: the quality tables' whole pipeline, at CI size."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

QUALITY = Path(__file__).resolve().parent.parent / "benchmarks" / "quality.py"


def test_the_quick_quality_benchmark_trains_evaluates_and_tabulates(tmp_path):
    results_file = tmp_path / "quality.json"
    done = subprocess.run([sys.executable, str(QUALITY), "--quick", "--json", str(results_file)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(results_file.read_text())

    runs_2d = results["2d"]["runs"]
    assert sorted((r["label"], r["seed"]) for r in runs_2d) == [
        ("GAN (non-saturating)", 0), ("GAN (non-saturating)", 1), ("PacGAN4", 0), ("PacGAN4", 1)]
    for run in runs_2d:
        assert run["dataset"] == "ring8" and run["steps"] == 300
        assert 0 <= run["metrics"]["modes_covered"] <= 8
        assert 0 <= run["metrics"]["high_quality_percent"] <= 100
        assert run["metrics"]["modes_covered_floor"] == 8  # real ring samples cover every mode
    (image_run,) = results["images"]["runs"]
    assert (image_run["model"], image_run["dataset"], image_run["steps"]) == ("vanilla-mlp", "mnist-sample", 250)
    assert image_run["metrics"]["fd"] > image_run["metrics"]["fd_floor"]  # 250 steps are far from real digits
    assert image_run["classifier"]["accuracy"] >= 0.95

    assert "PacGAN4 (PacGAN, Table 1)" in done.stdout and "% high quality" in done.stdout
    assert "vanilla-mlp     mnist-sample" in done.stdout and "accuracy" in done.stdout
