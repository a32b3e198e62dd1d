"""The ganzoo plugin: lifecycle hooks only. Importing it imports neither torch nor tensorboard;
the writer is imported when a run starts. Every hook runs after the built-in ones (``trylast``),
so the sample picture of a step is on disk when its step is logged."""

from __future__ import annotations

from collections.abc import Mapping

from ganzoo import hookimpl

_writers: dict[int, object] = {}  # by id of the run: one writer per live run in this process


@hookimpl(trylast=True)
def ganzoo_train_start(run) -> None:
    if run.is_main:
        from ganzoo_tensorboard.writer import EventsWriter

        _writers[id(run)] = EventsWriter.for_run(run)


@hookimpl(trylast=True)
def ganzoo_train_step(run, step: int, logs: Mapping[str, float]) -> None:
    writer = _writers.get(id(run))
    if writer is not None:
        writer.logged(step, logs)


@hookimpl(trylast=True)
def ganzoo_train_end(run, step: int, interrupted: bool) -> None:
    writer = _writers.pop(id(run), None)
    if writer is not None:
        writer.close()
