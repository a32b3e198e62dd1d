"""Reading and writing IDX files, the format MNIST and Fashion-MNIST are published in.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of dimensions), one
big-endian uint32 per dimension, then the values in C order. Only unsigned bytes (type 0x08) are
supported: that is what both datasets use. A file may be raw, gzip-compressed (``.gz``) or
xz-compressed (``.xz``); the suffix says which.

Reading is strict: a file whose header or length does not add up is refused with a
:class:`ganzoo.GanzooError` naming it, rather than yielding a silently shifted or short array.
"""

from __future__ import annotations

import gzip
import lzma
import math
import struct
import zlib
from pathlib import Path

import numpy as np

from ganzoo import GanzooError

UBYTE = 0x08

_DECOMPRESS = {".gz": gzip.decompress, ".xz": lzma.decompress}
_COMPRESS = {
    ".gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
    ".xz": lambda data: lzma.compress(data, preset=9 | lzma.PRESET_EXTREME),
}


def read_idx(path: Path, item_shape: tuple[int, ...]) -> np.ndarray:
    """The uint8 array stored in ``path``, of shape ``(N, *item_shape)``.

    ``item_shape`` is what one item must look like: ``(28, 28)`` for images, ``()`` for labels.
    The array is read-only (it views the decoded bytes).
    """
    data = _read_bytes(path)
    if len(data) < 4:
        raise _invalid(path, f"it is only {len(data)} bytes long")
    if data[0] != 0 or data[1] != 0:
        raise _invalid(path, f"its magic number 0x{data[:4].hex()} does not start with two zero bytes")
    type_code, ndim = data[2], data[3]
    if type_code != UBYTE:
        raise _invalid(path, f"it holds type 0x{type_code:02x}; only unsigned bytes (0x08) are supported")
    if ndim != 1 + len(item_shape):
        raise _invalid(path, f"it has {ndim} dimensions, expected {1 + len(item_shape)}")
    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise _invalid(path, "its header is truncated")
    dims = struct.unpack(f">{ndim}I", data[4:header_size])
    if dims[1:] != item_shape:
        shown = "×".join(map(str, dims[1:]))
        raise _invalid(path, f"its items are {shown}, expected {'×'.join(map(str, item_shape))}")
    expected, found = math.prod(dims), len(data) - header_size
    if found != expected:
        problem = "truncated" if found < expected else "followed by trailing bytes"
        raise _invalid(path, f"the header promises {expected} values but {found} follow ({problem})")
    return np.frombuffer(data, dtype=np.uint8, offset=header_size).reshape(dims)


def write_idx(path: Path, array: np.ndarray) -> None:
    """Write a uint8 array to ``path`` as IDX, compressed according to the suffix (deterministically)."""
    if array.dtype != np.uint8:
        raise TypeError(f"IDX files written here hold uint8 values, not {array.dtype}")
    header = bytes([0, 0, UBYTE, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    data = header + np.ascontiguousarray(array).tobytes()
    compress = _COMPRESS.get(path.suffix)
    path.write_bytes(compress(data) if compress else data)


def _read_bytes(path: Path) -> bytes:
    decompress = _DECOMPRESS.get(path.suffix)
    try:
        data = path.read_bytes()
        return decompress(data) if decompress else data
    except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
        raise _invalid(path, f"it cannot be read or decompressed ({exc})") from exc


def _invalid(path: Path, reason: str) -> GanzooError:
    return GanzooError(
        f"{path} is not a valid IDX file: {reason}. Replace it with a fresh copy"
        " (a file in the ganzoo cache can simply be deleted: it is downloaded again)."
    )
