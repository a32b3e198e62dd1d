"""``ganzoo report``: a self-contained HTML page of one or several runs, for reading and comparing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ganzoo.console import out
from ganzoo.errors import GanzooError


def report(
    runs: Annotated[list[Path], typer.Argument(help="Run folders; several are overlaid and set side by side.", metavar="RUN")],
    out_file: Annotated[Path | None, typer.Option("--out", help="The HTML file to write (default: RUN/report.html for one run, ./report.html for several).")] = None,
    evaluation: Annotated[list[Path] | None, typer.Option(help="A report saved by 'ganzoo evaluate RUN --json > FILE' (repeatable).", metavar="FILE")] = None,
) -> None:
    """One HTML file with a run's curves, samples, evaluations and recipe, that needs no network."""
    from ganzoo.files import write_atomically
    from ganzoo.report import build, default_output

    target = out_file or default_output(runs)
    if target.is_dir():
        raise GanzooError(f"--out {target} is a folder; give a file name, such as {target / 'report.html'}")
    page = build(runs, evaluation or ()).encode("utf-8")
    write_atomically(target, page)
    out.print(f"report: {target} ({len(page) / 1024:,.0f} KiB)", highlight=False, soft_wrap=True)
