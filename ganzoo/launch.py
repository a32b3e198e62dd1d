"""The ``ganzoo`` command's entry point: a Ctrl-C while the command line is still being imported
ends the command quietly (status 130) instead of printing a traceback from deep inside an import,
and one that comes once the command is done (while the interpreter shuts down and joins threads,
such as the progress display's) is ignored.

Python turns Ctrl-C into a KeyboardInterrupt in whatever code runs at that moment, and two moments
lose it. In an import (torch's, numpy's, loaded lazily by the commands), a library may catch it, or
leave a module half imported so that the next import fails with another error; a Ctrl-C during an
import therefore ends the command at once, which is safe since an import writes nothing. In a
garbage collector's callback (a weak reference's, an import lock's) the exception cannot
propagate: Python prints "Exception ignored" with a traceback and carries on as if no key had been
pressed; such a lost interrupt ends the command too."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


def leave() -> None:
    sys.stderr.write("interrupted\n")
    os._exit(130)


def leave_on_lost_interrupt(unraisable: sys.UnraisableHookArgs) -> None:
    """``sys.unraisablehook``: a KeyboardInterrupt that could not propagate ends the command; any
    other such exception is Python's to report."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        leave()
    sys.__unraisablehook__(unraisable)


def importing(frame: FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def interrupt(signum: int, frame: FrameType | None) -> None:
    """The command's Ctrl-C handler: Python's KeyboardInterrupt, except in an import."""
    if importing(frame):
        leave()
    raise KeyboardInterrupt


def main() -> None:
    sys.unraisablehook = leave_on_lost_interrupt
    signal.signal(signal.SIGINT, lambda signum, frame: leave())
    from ganzoo.cli import main as run

    signal.signal(signal.SIGINT, interrupt)
    try:
        run()
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
