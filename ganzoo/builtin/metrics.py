"""``metrics.jsonl``: one JSON line of logged values per logging step, whatever a scheme logs."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO

from ganzoo.hookspecs import hookimpl


class MetricsLog:
    def __init__(self) -> None:
        self._file: IO[str] | None = None

    @hookimpl
    def ganzoo_train_start(self, run) -> None:
        from ganzoo.training import checkpoint
        from ganzoo.training.folder import METRICS_NAME

        if not run.is_main:
            return
        path = run.run_dir / METRICS_NAME
        if run.resumed_from is not None and path.exists():
            # Lines logged after the checkpoint would be written again by the resumed run.
            kept = [line for line in path.read_text().splitlines() if line and json.loads(line)["step"] <= run.resumed_from]
            checkpoint.write_atomically(path, "".join(line + "\n" for line in kept).encode())
        self._file = path.open("a", buffering=1)

    @hookimpl
    def ganzoo_train_step(self, run, step: int, logs: Mapping[str, float]) -> None:
        if self._file is not None:
            self._file.write(json.dumps({"step": step, **logs}) + "\n")

    @hookimpl
    def ganzoo_train_end(self, run, step: int, interrupted: bool) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
