"""Training under torchrun: two CPU processes (gloo) stay in step and only rank 0 writes the run."""

from __future__ import annotations

import os
import subprocess
import sys

WEIGHT_REPORTER = """
import os
import ganzoo

@ganzoo.hookimpl
def ganzoo_train_end(run, step, interrupted):
    total = sum(float(p.double().sum()) for p in run.modules["generator"].parameters())
    (run.run_dir.parent / f"rank-{os.environ['RANK']}.txt").write_text(repr(total))
"""


def test_two_processes_keep_identical_weights_and_rank_zero_alone_writes(distributions, tmp_path):
    distributions.add("ganzoo-reporter", {"reporter": WEIGHT_REPORTER})
    run = tmp_path / "run"
    command = [
        sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2",
        "-m", "ganzoo", "train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "12",
        "--batch-size", "32", "--device", "cpu", "--out", str(run),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "rank-0.txt").read_text() == (tmp_path / "rank-1.txt").read_text()
    assert '"world_size": 2' in (run / "config.json").read_text()
    assert len((run / "metrics.jsonl").read_text().splitlines()) == 1  # 12 steps: only the last is logged
    assert result.stderr.count("run folder:") == 1
