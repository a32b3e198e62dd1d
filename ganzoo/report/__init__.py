"""``ganzoo report``: one self-contained HTML page of one or several runs.

It reads only what training wrote (JSON, JSON lines and PNG files) and never imports torch, so it
is quick and works on a machine that merely holds the run folders.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ganzoo.report import collect, page

REPORT_NAME = "report.html"


def default_output(folders: Sequence[Path]) -> Path:
    """Inside the run for one run; in the current folder for a comparison of several."""
    return folders[0] / REPORT_NAME if len(folders) == 1 else Path(REPORT_NAME)


def build(folders: Sequence[Path], evaluation_files: Sequence[Path] = ()) -> str:
    """The page for the runs in ``folders``, with the saved evaluation reports in ``evaluation_files``."""
    runs = collect.read_runs(folders)
    return page.render(runs, [collect.read_evaluation(path, runs) for path in evaluation_files])
