"""Training progress on stderr: step, rate, elapsed and remaining time, and the live values of any
scheme.

In a terminal, or a Jupyter notebook with ipywidgets, it is a rich bar that reads the run's step on
its own timer, so the count, rate and time move between logged steps too. Anywhere else (``nohup``,
a batch scheduler, a pipe, a notebook without ipywidgets) it is plain lines, one when another tenth
of the run is done or a minute has passed, never cut to a width.

The alternating scheme's values get their usual short names (``D``, ``G``, ``D(x)``, ``D(G(z))``);
any other scheme's values are shown by their own names, as many as fit.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta

from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ganzoo.console import err
from ganzoo.hookspecs import hookimpl

SHORT_NAMES = {"d_loss": "D", "g_loss": "G", "d_real": "D(x)", "d_fake": "D(G(z))"}
HIDDEN = {"real_score", "fake_score"}  # D's raw outputs: in metrics.jsonl, too much for one line
MAX_SHOWN = 6
LINE_EVERY_SECONDS = 60.0
LINE_EVERY_FRACTION = 0.1


def describe_logs(logs: Mapping[str, float]) -> str:
    """The logged values as one short line, e.g. ``D 1.386 G 0.693 D(x) 0.50``."""
    shown = [(SHORT_NAMES.get(name, name), value) for name, value in logs.items() if name not in HIDDEN][:MAX_SHOWN]
    return " ".join(f"{name} {value:.3g}" if abs(value) < 1e-3 or abs(value) >= 1e4 else f"{name} {value:.3f}"
                    for name, value in shown)


class LiveProgress(Progress):
    """A rich progress display whose one task follows ``current_step()`` at every refresh."""

    def __init__(self, *columns, current_step: Callable[[], int], console: Console) -> None:
        super().__init__(*columns, console=console, transient=False)
        self._current_step = current_step

    def get_renderables(self) -> Iterable[RenderableType]:
        for task in self.tasks:
            self.update(task.id, completed=self._current_step())
        yield from super().get_renderables()


class TerminalProgress:
    def __init__(self, run, console: Console) -> None:
        self._progress = LiveProgress(
            TextColumn("[bold]{task.description}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TextColumn("[cyan]{task.fields[rate]}"),
            TextColumn("elapsed"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[losses]}"),
            current_step=lambda: run.step,
            console=console,
        )
        self._task = self._progress.add_task(run.model or "train", total=run.total_steps, completed=run.step,
                                             rate="", losses="")
        self._progress.start()

    def logged(self, step: int, logs: Mapping[str, float]) -> None:
        speed = self._progress.tasks[0].speed
        self._progress.update(self._task, rate=f"{speed:,.0f} steps/s" if speed else "", losses=describe_logs(logs))

    def end(self, step: int) -> None:
        self._progress.update(self._task, completed=step)
        self._progress.stop()


class PlainProgress:
    """One line per tenth of the run or per minute, whichever comes first, at logged steps."""

    def __init__(self, run, console: Console, clock: Callable[[], float] = time.monotonic) -> None:
        self._console, self._clock = console, clock
        self._name, self._total, self._first = run.model or "train", run.total_steps, run.step
        self._started = self._last_time = clock()
        self._last_step = run.step

    def logged(self, step: int, logs: Mapping[str, float]) -> None:
        due_by_time = self._clock() - self._last_time >= LINE_EVERY_SECONDS
        due_by_share = step - self._last_step >= LINE_EVERY_FRACTION * self._total
        if due_by_time or due_by_share or step == self._total or self._last_step == self._first:
            self._line(step, describe_logs(logs))

    def end(self, step: int) -> None:
        if step != self._last_step:
            self._line(step, "")

    def _line(self, step: int, values: str) -> None:
        now = self._clock()
        elapsed = now - self._started
        done = step - self._first
        rate = done / elapsed if elapsed > 0 else 0.0
        left = f" left {_clock_time((self._total - step) / rate)}" if rate > 0 else ""
        percent = 100 * step / self._total if self._total else 100.0
        text = (f"{self._name} step {step:,}/{self._total:,} ({percent:.0f}%) {rate:,.1f} steps/s"
                f" elapsed {_clock_time(elapsed)}{left} {values}")
        self._console.print(text.rstrip(), soft_wrap=True, highlight=False, markup=False)
        self._last_time, self._last_step = now, step


def redraws_in_place(console: Console) -> bool:
    """Whether a bar can be drawn over itself: in a terminal, or in a Jupyter notebook with
    ipywidgets, which rich draws its live displays into."""
    return console.is_terminal or (console.is_jupyter and importlib.util.find_spec("ipywidgets") is not None)


def _clock_time(seconds: float) -> str:
    return str(timedelta(seconds=round(seconds)))


class ProgressDisplay:
    """The lifecycle hooks that show a run's progress: a live bar in a terminal, lines elsewhere."""

    def __init__(self, console: Console = err) -> None:
        self._console = console
        self._shown: TerminalProgress | PlainProgress | None = None

    @hookimpl
    def ganzoo_train_start(self, run) -> None:
        if not run.is_main:
            return
        if run.resumed_from is not None:
            self._console.print(f"resuming {run.run_dir} at step {run.resumed_from:,} of {run.total_steps:,}", highlight=False)
        kind = TerminalProgress if redraws_in_place(self._console) else PlainProgress
        self._shown = kind(run, self._console)

    @hookimpl
    def ganzoo_train_step(self, run, step: int, logs: Mapping[str, float]) -> None:
        if self._shown is not None:
            self._shown.logged(step, logs)

    @hookimpl
    def ganzoo_train_end(self, run, step: int, interrupted: bool) -> None:
        if self._shown is not None:
            self._shown.end(step)
            self._shown = None
