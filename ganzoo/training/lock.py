"""One training process per run folder.

The process that trains into a folder holds an exclusive lock on ``RUN/.lock`` for as long as it
runs; a second process (the same ``--out`` twice, or a ``--resume`` while the run still goes) is
refused instead of interleaving metrics and overwriting checkpoints. The lock is the operating
system's (``flock``), so a process that dies, even by ``kill -9``, leaves nothing stuck. Where the
platform has no ``flock`` (Windows), runs are not locked.
"""

from __future__ import annotations

import os
from pathlib import Path

from ganzoo.errors import GanzooError
from ganzoo.files import ensure_folder, write_error

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".lock"


class RunLock:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or refuse with one line when another process holds it."""
        ensure_folder(self.folder)
        path = self.folder / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise write_error(path, exc) from None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise GanzooError(f"{self.folder} is in use by another ganzoo process training into it; "
                                  "wait for it to finish, or choose another --out") from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None
