"""The ``ganzoo`` command's entry point: a Ctrl-C while the command line is still being imported
ends the command quietly (status 130) instead of printing a traceback from deep inside an import,
and one that comes once the command is done (while the interpreter shuts down and joins threads,
such as the progress display's) is ignored."""

from __future__ import annotations

import os
import signal
import sys


def main() -> None:
    def leave(signum: int, frame: object) -> None:
        sys.stderr.write("interrupted\n")
        os._exit(130)

    previous = signal.signal(signal.SIGINT, leave)
    from ganzoo.cli import main as run

    signal.signal(signal.SIGINT, previous)
    try:
        run()
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
