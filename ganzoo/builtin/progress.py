"""A rich progress bar for ``ganzoo train``: step, rate, ETA and the live losses."""

from __future__ import annotations

from collections.abc import Mapping

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ganzoo.console import err
from ganzoo.hookspecs import hookimpl


class ProgressBar:
    def __init__(self) -> None:
        self._progress: Progress | None = None
        self._task = None

    @hookimpl
    def ganzoo_train_start(self, run) -> None:
        if not run.is_main:
            return
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
            losses=f"D {logs['d_loss']:.3f} G {logs['g_loss']:.3f} D(x) {logs['d_real']:.2f} D(G(z)) {logs['d_fake']:.2f}",
        )

    @hookimpl
    def ganzoo_train_end(self, run, step: int, interrupted: bool) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=step)
            self._progress.stop()
            self._progress = None
