"""Writing files so that nothing is ever left half written, and saying plainly why a write failed.

Every file ganzoo writes (checkpoints, exports, configs, pictures, arrays) is written to a
temporary file in the same folder, flushed to disk and renamed over the target, so a crash, a kill
or a full disk at any moment leaves the previous file (or none) in place. A folder that cannot be
written (full, read-only, not a folder at all) is one clear error naming it and saying what to do.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ganzoo.errors import GanzooError

TEMPORARY_SUFFIX = ".tmp"


def write_error(path: Path, exc: OSError) -> GanzooError:
    """An ``OSError`` met writing ``path`` as one line: what happened and what to do."""
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return GanzooError(f"could not write {path}: the disk is full; free some space, or write elsewhere (--out)")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return GanzooError(f"could not write {path}: {exc.strerror.lower()}; choose a folder you can write to (--out)")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return GanzooError(f"could not write {path}: part of that path is a file, not a folder; choose another --out")
    return GanzooError(f"could not write {path}: {exc.strerror or exc}")


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` and its parents, or say clearly why it cannot be one."""
    for ancestor in (folder, *folder.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise GanzooError(f"{folder} cannot be a folder: {ancestor} is a file; choose another --out")
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(folder, exc) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path``'s new content to; it replaces ``path`` only once complete
    and on disk. On any failure the temporary file is removed and ``path`` is left as it was."""
    ensure_folder(path.parent)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual permissions
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise write_error(path, exc) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload``, all or nothing."""
    with atomic_output(path) as handle:
        handle.write(payload)


def remove_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files that interrupted writes left in ``folder``; returns them."""
    left = [p for p in folder.glob(f".*{TEMPORARY_SUFFIX}") if p.is_file()] if folder.is_dir() else []
    for path in left:
        path.unlink(missing_ok=True)
    return left
