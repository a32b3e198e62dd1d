"""Running ``ganzoo`` commands in a test's own process, so that they see the zoo the test set up."""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

from ganzoo.errors import GanzooError

if TYPE_CHECKING:
    from typer.testing import Result


def run_ganzoo(*arguments: object, check: bool = True) -> Result:
    """``ganzoo ARGUMENTS`` run in-process with typer's ``CliRunner``, each argument given as
    ``str(argument)`` (paths and numbers may be passed as they are).

    Returns the result: ``exit_code``, ``output`` and, where the command failed, ``exception`` (a
    user's error, which the ``ganzoo`` script would print as one line). With ``check`` (the
    default) a command that does not exit 0 fails the test with its output, as
    ``subprocess.run(..., check=True)`` raises; pass ``check=False`` to test a failure.
    """
    from typer.testing import CliRunner

    from ganzoo.cli import app

    result = CliRunner().invoke(app, [str(argument) for argument in arguments])
    if check and result.exit_code != 0:
        raise AssertionError(f"`ganzoo {' '.join(map(str, arguments))}` exited {result.exit_code}:\n"
                             f"{result.output}{_what_went_wrong(result)}")
    return result


def _what_went_wrong(result: Result) -> str:
    """A user's error as the ``ganzoo`` script prints it; any other exception with its traceback."""
    if result.exc_info is None or isinstance(result.exception, SystemExit):
        return ""
    if isinstance(result.exception, GanzooError):
        return f"error: {result.exception}"
    return "".join(traceback.format_exception(*result.exc_info))
