"""Errors that reach the user as one clear line instead of a traceback."""


class GanzooError(Exception):
    """A problem the user can fix: the message says what was wrong and what to do.

    The CLI prints it as a single line and exits with status 2.
    """


class IncompatibleParts(GanzooError):
    """Two parts of a recipe cannot work together, e.g. a dataset whose shape the architecture
    cannot produce. Raised by architecture factories and by the core's own checks."""
