"""Plugins that ship with the core: they use the same hooks as everyone else's.

Every run, from the command line or from Python, gets the progress display, the metrics file and
the sample pictures; :func:`install` adds them to a zoo once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ganzoo.builtin.evaluations import EvaluationSettings
    from ganzoo.plugins import Zoo


PROGRESS = "ganzoo.progress"  # the progress display, which a quiet run leaves out
EVALUATION = "ganzoo.evaluation"  # periodic evaluation, for the runs that ask for it


def install(zoo: Zoo) -> None:
    """Register the built-in lifecycle plugins with ``zoo``, unless they already are."""
    from ganzoo.builtin.metrics import MetricsLog
    from ganzoo.builtin.progress import ProgressDisplay
    from ganzoo.builtin.samples import SampleGrids

    for name, make in (("ganzoo.metrics", MetricsLog), ("ganzoo.samples", SampleGrids), ("ganzoo.progress", ProgressDisplay)):
        if not zoo.manager.has_plugin(name):
            zoo.observe(name, make())


@contextlib.contextmanager
def periodic_evaluation(zoo: Zoo, settings: EvaluationSettings | None) -> Iterator[None]:
    """Measure the generator during the run inside this block, as ``settings`` ask (if at all)."""
    if settings is None:
        yield
        return
    from ganzoo.builtin.evaluations import PeriodicEvaluation

    zoo.observe(EVALUATION, PeriodicEvaluation(zoo, settings))
    try:
        yield
    finally:
        zoo.manager.unregister(name=EVALUATION)
