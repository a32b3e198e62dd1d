"""Unpacking a downloaded tar archive without letting it write anywhere else.

A tar member may be named ``../../.bashrc`` or ``/etc/passwd``, or be a link pointing out of the
folder. Every member is checked before anything is written: only regular files and folders under
the expected top folder are accepted, and any other member refuses the whole archive. The members
are then extracted with Python's ``"data"`` filter where it exists, into a temporary folder that is
renamed into place, so a failed extraction leaves nothing half-written under the real name.
"""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from ganzoo import GanzooError


def extract_folder(archive: Path, top: str, dest_parent: Path) -> Path:
    """Extract the folder ``top`` from the tar ``archive`` into ``dest_parent/top`` and return it.

    Raises :class:`ganzoo.GanzooError` naming the archive when it cannot be read or holds a member
    outside ``top``, a link, or a device.
    """
    dest = dest_parent / top
    dest_parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=dest_parent, prefix=f".{top}.", suffix=".part"))
    try:
        try:
            with tarfile.open(archive) as tar:
                members = [_checked(archive, member, top) for member in tar.getmembers()]
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(temp, members=members, filter="data")
                else:  # pragma: no cover - Python without extraction filters; members were checked above
                    tar.extractall(temp, members=members)
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise GanzooError(f"could not unpack {archive} ({exc}); delete it and fetch it again") from None
        if not (temp / top).is_dir():
            raise GanzooError(f"{archive} holds no {top}/ folder; it is not the archive expected")
        try:
            os.replace(temp / top, dest)
        except OSError:
            if not dest.is_dir():  # another process unpacking the same archive got there first otherwise
                raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return dest


def _checked(archive: Path, member: tarfile.TarInfo, top: str) -> tarfile.TarInfo:
    """``member`` if it is a plain file or folder inside ``top``; otherwise refuse the archive."""
    path = PurePosixPath(member.name)
    inside = not path.is_absolute() and ".." not in path.parts and path.parts[:1] == (top,)
    if not inside or "\\" in member.name:
        raise GanzooError(f"refused to unpack {archive}: its member {member.name!r} lies outside {top}/")
    if not (member.isfile() or member.isdir()):
        raise GanzooError(f"refused to unpack {archive}: its member {member.name!r} is a link or a device, not a file")
    return member
