"""A rich progress bar for ``ganzoo train``: step, rate, ETA and the live values of any scheme.

The alternating scheme's values get their usual short names (``D``, ``G``, ``D(x)``, ``D(G(z))``);
any other scheme's values are shown by their own names, as many as fit.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ganzoo.console import err
from ganzoo.hookspecs import hookimpl

SHORT_NAMES = {"d_loss": "D", "g_loss": "G", "d_real": "D(x)", "d_fake": "D(G(z))"}
HIDDEN = {"real_score", "fake_score"}  # D's raw outputs: in metrics.jsonl, too much for one line
MAX_SHOWN = 6


def describe_logs(logs: Mapping[str, float]) -> str:
    """The logged values as one short line, e.g. ``D 1.386 G 0.693 D(x) 0.50``."""
    shown = [(SHORT_NAMES.get(name, name), value) for name, value in logs.items() if name not in HIDDEN][:MAX_SHOWN]
    return " ".join(f"{name} {value:.3g}" if abs(value) < 1e-3 or abs(value) >= 1e4 else f"{name} {value:.3f}"
                    for name, value in shown)


class ProgressBar:
    def __init__(self) -> None:
        self._progress: Progress | None = None
        self._task = None

    @hookimpl
    def ganzoo_train_start(self, run) -> None:
        if not run.is_main:
            return
        if run.resumed_from is not None:
            err.print(f"resuming {run.run_dir} at step {run.resumed_from:,} of {run.total_steps:,}", highlight=False)
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TextColumn("[cyan]{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[losses]}"),
            console=err,
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task(
            run.model or "train", total=run.total_steps, completed=run.step, rate="", losses=""
        )

    @hookimpl
    def ganzoo_train_step(self, run, step: int, logs: Mapping[str, float]) -> None:
        if self._progress is None:
            return
        task = self._progress.tasks[0]
        speed = task.speed
        self._progress.update(
            self._task,
            completed=step,
            rate=f"{speed:,.0f} steps/s" if speed else "",
            losses=describe_logs(logs),
        )

    @hookimpl
    def ganzoo_train_end(self, run, step: int, interrupted: bool) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=step)
            self._progress.stop()
            self._progress = None
