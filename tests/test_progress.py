"""Training progress: a live bar in a terminal, whole plain lines in a log file or a pipe."""

from __future__ import annotations

import io
import time
from types import SimpleNamespace

from rich.console import Console

from ganzoo.builtin.progress import PlainProgress, ProgressDisplay

LOGS = {"d_loss": 1.25, "g_loss": 0.75, "a_value_with_a_long_name": 3.0}


def a_run(**fields) -> SimpleNamespace:
    return SimpleNamespace(**{"is_main": True, "resumed_from": None, "model": "vanilla-mlp", "total_steps": 100,
                              "step": 0, "run_dir": "runs/x", **fields})


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_bar_in_a_terminal_follows_the_run_between_logged_steps():
    captured = io.StringIO()
    display = ProgressDisplay(Console(file=captured, force_terminal=True, width=200))
    run = a_run()
    display.ganzoo_train_start(run=run)
    run.step = 37  # no logged step: the bar's own timer must pick it up
    time.sleep(0.5)
    shown = captured.getvalue()
    display.ganzoo_train_end(run=run, step=37, interrupted=False)
    assert "37/100" in shown and "elapsed" in shown and "left" in shown


def test_plain_lines_come_every_tenth_of_the_run_or_every_minute_and_are_never_cut():
    captured = io.StringIO()
    clock = Clock()
    progress = PlainProgress(a_run(), Console(file=captured, force_terminal=False, width=40), clock=clock)
    for step in range(1, 101):
        clock.now += 0.1
        if step == 55:
            clock.now += 61  # a slow step: a line at the next logged step although no tenth has passed
        progress.logged(step, LOGS)
    progress.end(100)
    lines = captured.getvalue().splitlines()
    steps = [int(line.split()[2].split("/")[0]) for line in lines]
    assert steps == [1, 11, 21, 31, 41, 51, 55, 65, 75, 85, 95, 100]
    assert all(line.startswith("vanilla-mlp step ") and len(line) > 40 for line in lines)
    assert "(100%)" in lines[-1] and "D 1.250 G 0.750" in lines[-1] and "left 0:00:00" in lines[-1]


def test_a_run_on_a_pipe_prints_plain_progress_lines(cli, tmp_path):
    result = cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "40", "--set", "log_every=10",
                 "--out", str(tmp_path / "run"))
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("vanilla-mlp step ")]
    assert lines[0].startswith("vanilla-mlp step 10/40 (25%)") and lines[-1].startswith("vanilla-mlp step 40/40 (100%)")
    assert "━" not in result.stderr  # no bar drawn into a pipe
