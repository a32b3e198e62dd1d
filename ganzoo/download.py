"""Downloading a dataset's files into the cache, verified and atomically, with the stdlib only.

Dataset plugins use it for their public mirrors; ``GANZOO_<NAME>_MIRRORS`` (see :func:`mirrors`)
points any dataset at a local or institutional mirror instead.

A file is streamed into a temporary file in the destination folder while its MD5 is computed; only
when the sum matches is it renamed into place (``os.replace``), so the cache never holds a partial
or unverified file under its real name. Mirrors are tried in order until one succeeds.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from ganzoo import GanzooError, console

TIMEOUT_S = 10.0  # for connecting and for each read: a dead mirror should fail fast
CHUNK = 1 << 16


def mirrors(dataset: str, public: Sequence[str]) -> tuple[str, ...]:
    """The base URLs to try for ``dataset``: the comma-separated list in
    ``GANZOO_<DATASET>_MIRRORS`` when it is set (``fashion-mnist`` → ``GANZOO_FASHION_MNIST_MIRRORS``),
    else ``public``."""
    value = os.environ.get(mirrors_variable(dataset))
    if value is None:
        return tuple(public)
    return tuple(url.strip() for url in value.split(",") if url.strip())


def mirrors_variable(dataset: str) -> str:
    return f"GANZOO_{dataset.upper().replace('-', '_')}_MIRRORS"


class Unavailable(GanzooError):
    """No copy could be found or downloaded; the message says why."""


class ChecksumMismatch(Exception):
    """A downloaded file's MD5 is not the published one."""


def download_file(filename: str, mirrors: Sequence[str], folder: Path, md5: str, *, timeout: float = TIMEOUT_S) -> Path:
    """Download ``filename`` from the first mirror that serves it with the expected ``md5`` into
    ``folder``, and return its path. Raises :class:`Unavailable` listing why each mirror failed."""
    if not mirrors:
        raise Unavailable(f"could not download {filename}: no mirrors are configured")
    failures = []
    for base in mirrors:
        url = base.rstrip("/") + "/" + filename
        try:
            return fetch(url, folder / filename, md5, timeout=timeout)
        except (OSError, ValueError, http.client.HTTPException, ChecksumMismatch) as exc:
            failures.append(f"{url}: {_reason(exc)}")
    raise Unavailable(f"could not download {filename} ({'; '.join(failures)})")


def fetch(url: str, dest: Path, md5: str, *, timeout: float = TIMEOUT_S) -> Path:
    """Download ``url`` to ``dest`` if its MD5 is ``md5``; on any failure nothing is left behind."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    request = urllib.request.Request(url, headers={"User-Agent": "ganzoo"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        fd, temp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
        temp = Path(temp_name)
        try:
            digest = hashlib.md5(usedforsecurity=False)
            console.err.print(f"downloading {url} into {dest.parent}", highlight=False, soft_wrap=True)
            with os.fdopen(fd, "wb") as out, _progress(dest.name, response.length) as advance:
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                    advance(len(chunk))
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != md5:
                raise ChecksumMismatch(f"MD5 is {digest.hexdigest()}, expected {md5}")
            os.replace(temp, dest)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    return dest


@contextmanager
def _progress(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr; yields the function that advances it by a number of bytes."""
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=console.err) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)


def _reason(exc: Exception) -> str:
    """A short reason: ``HTTP Error 404: Not Found``, ``[Errno 111] Connection refused``, ..."""
    if isinstance(exc, urllib.error.HTTPError):
        return str(exc)
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__
