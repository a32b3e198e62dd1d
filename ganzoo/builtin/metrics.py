"""``metrics.jsonl``: one JSON line of logged values per logging step, whatever a scheme logs, and
the learning rate of each of its optimisers (``lr_generator``, ``lr_discriminator``).

Values that are not finite numbers are written as ``null``, so that every line is valid JSON. A
new run starts the file afresh; a resumed run keeps the lines up to its checkpoint's step, and
drops a last line that a crash cut short.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import IO

from ganzoo.console import warn
from ganzoo.hookspecs import hookimpl


class MetricsLog:
    def __init__(self) -> None:
        self._file: IO[str] | None = None

    @hookimpl
    def ganzoo_train_start(self, run) -> None:
        from ganzoo.files import write_atomically, write_error
        from ganzoo.training.folder import METRICS_NAME

        if not run.is_main:
            return
        path = run.run_dir / METRICS_NAME
        kept = lines_upto(path, run.resumed_from) if run.resumed_from is not None and path.exists() else []
        write_atomically(path, "".join(line + "\n" for line in kept).encode())
        try:
            self._file = path.open("a", buffering=1)
        except OSError as exc:
            raise write_error(path, exc) from None

    @hookimpl
    def ganzoo_train_step(self, run, step: int, logs: Mapping[str, float]) -> None:
        if self._file is not None:
            values = {name: value if math.isfinite(value) else None for name, value in {**logs, **_rates(run)}.items()}
            self._file.write(json.dumps({"step": step, **values}, allow_nan=False) + "\n")

    @hookimpl
    def ganzoo_train_end(self, run, step: int, interrupted: bool) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _rates(run) -> dict[str, float]:
    """Each optimiser's learning rate in the step just taken, as ``lr_NAME``: that of its first
    parameter group (the schedule keeps the groups' ratios)."""
    return {f"lr_{name}": float(optimizer.param_groups[0]["lr"]) for name, optimizer in run.scheme.optimizers.items()}


def lines_upto(path, step: int) -> list[str]:
    """The lines logged up to ``step``: those after it would be written again by the resumed run."""
    kept = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        try:
            logged = json.loads(line)["step"]
        except (ValueError, KeyError, TypeError):
            warn(f"{path}: line {number} is cut short or damaged (a crash while writing it?); dropped")
            continue
        if logged <= step:
            kept.append(line)
    return kept
