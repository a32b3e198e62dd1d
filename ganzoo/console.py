"""The two consoles every part of ganzoo writes to: results on stdout, everything else on stderr."""

from __future__ import annotations

from rich.console import Console

out = Console()
err = Console(stderr=True)
for _console in (out, err):
    _console.soft_wrap = not _console.is_terminal  # a log file or a pipe gets whole lines, not 80-column cuts


def warn(message: str) -> None:
    """One visible warning line on stderr."""
    err.print(f"[bold yellow]warning:[/] {message}", highlight=False, soft_wrap=True)
