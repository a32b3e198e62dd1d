"""Reading a pickle that may only hold plain data and numpy arrays.

Unpickling calls whatever functions the file names, so an ordinary ``pickle.load`` of a file from
the internet can run any code. :func:`load` refuses every global except the few that rebuild a
numpy array; dicts, lists, strings, bytes and numbers need no globals at all.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from ganzoo import GanzooError

try:  # numpy 2 moved it; pickles written by numpy 1 still name the old module
    from numpy._core.multiarray import _reconstruct
except ImportError:  # pragma: no cover - numpy 1
    from numpy.core.multiarray import _reconstruct

ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"): _reconstruct,
    ("numpy._core.multiarray", "_reconstruct"): _reconstruct,
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
}


class Refused(GanzooError):
    """The pickle names a global that plain data never needs."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return ALLOWED[(module, name)]
        except KeyError:
            raise Refused(f"it refers to {module}.{name}, which plain data never needs") from None


def load(path: Path) -> Any:
    """The object pickled in ``path``; byte strings stay bytes (Python 2 pickles hold them).

    Raises :class:`ganzoo.GanzooError` naming the file when it names a forbidden global or is not a
    readable pickle.
    """
    try:
        data = path.read_bytes()
        return _Unpickler(io.BytesIO(data), encoding="bytes").load()
    except Refused as exc:
        raise GanzooError(f"refused to unpickle {path}: {exc}. Replace it with a copy from a trusted source") from None
    except Exception as exc:  # unpickling a damaged file can raise almost anything
        raise GanzooError(f"{path} is not a readable pickle ({type(exc).__name__}: {exc}); replace it with a fresh copy") from None
