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


ROW_READER = """
import atexit
import os
from pathlib import Path

from ganzoo.pixels import PixelFile

READ = []
_read = PixelFile.read


def _recording_read(self, rows, out=None):
    READ.extend(int(row) for row in rows)
    return _read(self, rows, out)


PixelFile.read = _recording_read
atexit.register(lambda: Path(os.environ["ROWS_READ"], f"rows-{os.environ['RANK']}.txt").write_text(" ".join(map(str, READ))))
"""


def test_two_processes_read_their_own_rows_of_an_image_folder_from_disk(distributions, tmp_path):
    from PIL import Image

    pictures = tmp_path / "pictures"
    pictures.mkdir()
    for i in range(64):
        Image.new("RGB", (8, 8), (4 * i, 255 - 4 * i, 7 * i % 256)).save(pictures / f"{i:02d}.png")
    distributions.add("ganzoo-reporter", {"reporter": WEIGHT_REPORTER, "rows": ROW_READER})
    run = tmp_path / "run"
    command = [
        sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2",
        "-m", "ganzoo", "train", "vanilla-mlp", "--dataset", "image-folder", "--data-dir", str(pictures),
        "--set", "dataset_options.size=8", "--steps", "3", "--batch-size", "8", "--device", "cpu", "--out", str(run),
    ]
    environment = {**os.environ, "OMP_NUM_THREADS": "1", "ROWS_READ": str(tmp_path)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=environment)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "rank-0.txt").read_text() == (tmp_path / "rank-1.txt").read_text()
    assert result.stderr.count("run folder:") == 1 and '"world_size": 2' in (run / "config.json").read_text()
    # 3 steps and the batch read ahead: the first epoch's 4 batches of 8 a process, each its own half of the rows
    rows = [[int(row) for row in (tmp_path / f"rows-{rank}.txt").read_text().split()] for rank in (0, 1)]
    assert len(rows[0]) == len(rows[1]) == 32 and sorted(rows[0] + rows[1]) == list(range(64))
