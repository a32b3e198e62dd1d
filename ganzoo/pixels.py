"""Image samples kept as the 8-bit values they were decoded from, turned into floats batch by batch.

An image dataset read from 8-bit files holds each pixel as one of 256 values. Kept that way, its
samples take a quarter of float32's memory, and a folder larger than memory can stay in a file,
read a batch at a time (:class:`PixelFile`). :class:`Pixels` pairs the values with the float that
each of the 256 stands for; a batch becomes floats by looking its values up in that table, on
whatever device it lies on, so the floats are bit for bit those the dataset would have computed.

This module imports neither torch nor numpy until it is used, so :mod:`ganzoo.parts` may import it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ganzoo.errors import GanzooError

if TYPE_CHECKING:
    import numpy as np
    import torch

LEVELS = 256  # the values a byte holds
SCALED_AT_ONCE = 1024  # rows turned into floats at a time when a whole set is scaled


def linear_levels(value_range: tuple[float, float] = (-1.0, 1.0)) -> torch.Tensor:
    """The float32 of each byte value ``v`` spread evenly over ``value_range``:
    ``v / (255 / (high - low)) + low``, which for [-1, 1] is the usual ``v / 127.5 - 1``."""
    import torch

    low, high = value_range
    return torch.arange(LEVELS, dtype=torch.float32).div_((LEVELS - 1) / (high - low)).add_(low)


@dataclass(frozen=True)
class PixelFile:
    """uint8 rows ``(N, ...)`` in an uncompressed ``.npy`` file, read with positioned reads.

    The process holds only the rows it asks for. The file's pages stay in the operating system's
    page cache, which keeps what memory allows and counts in no process's memory; a memory map
    would instead count every page it touched in the process's resident memory, so a run's peak
    memory would grow with the dataset. Each read opens the file anew, so threads may read at once.
    """

    path: Path
    shape: tuple[int, ...]
    offset: int  # where the rows start, after the header

    @classmethod
    def open(cls, path: Path) -> PixelFile:
        """The rows of the file at ``path``; ``ValueError`` when it is not a C-ordered uint8 ``.npy``
        file as long as its header says."""
        import numpy as np

        with open(path, "rb") as file:
            version = np.lib.format.read_magic(file)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran_order, dtype = read_header(file)
            offset = file.tell()
        if dtype != np.uint8 or fortran_order or not shape:
            raise ValueError(f"it holds {'Fortran-ordered ' if fortran_order else ''}{dtype} of shape {shape}, not rows of uint8")
        found = cls(Path(path), tuple(shape), offset)
        if Path(path).stat().st_size != offset + len(found) * found.row_bytes:
            raise ValueError(f"it is not the {offset + len(found) * found.row_bytes:,} bytes its header describes")
        return found

    @property
    def row_bytes(self) -> int:
        return math.prod(self.shape[1:])

    def __len__(self) -> int:
        return self.shape[0]

    def read(self, rows: Sequence[int] | np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """The ``rows`` in that order, as uint8 ``(len(rows), *shape[1:])``, into ``out`` when given
        (C-contiguous, of that shape). They are read in the order they lie in the file, which is
        kinder to the disk and its cache, each into its place."""
        import numpy as np

        rows = np.asarray(rows, dtype=np.int64)
        if rows.size and (rows.min() < 0 or rows.max() >= len(self)):
            raise IndexError(f"rows {rows.min()} to {rows.max()} asked of {self.path}, which holds {len(self)}")
        out = np.empty((len(rows), *self.shape[1:]), dtype=np.uint8) if out is None else out
        flat = out.reshape(len(rows), self.row_bytes)
        with open(self.path, "rb", buffering=0) as file:
            for place in np.argsort(rows, kind="stable"):
                file.seek(self.offset + int(rows[place]) * self.row_bytes)
                if file.readinto(flat[place]) != self.row_bytes:
                    raise GanzooError(f"{self.path} is shorter than its header says; delete it and load the data again")
        return out


@dataclass(frozen=True)
class Pixels:
    """8-bit image samples and the float each byte value stands for.

    ``values`` is uint8 ``(N, C, H, W)``: a tensor, or a :class:`PixelFile` for images read from
    disk a batch at a time. ``levels`` is float32 ``(256,)``, the float of each byte value; it
    defaults to :func:`linear_levels` over [-1, 1]. A dataset that scales its floats another way
    gives its own table, computed with its own operations on the 256 values, and every batch is
    then bit for bit what it would have computed for the whole set.
    """

    values: torch.Tensor | PixelFile
    levels: torch.Tensor = field(default_factory=linear_levels)

    def __post_init__(self) -> None:
        import torch

        if self.levels.dtype != torch.float32 or tuple(self.levels.shape) != (LEVELS,):
            raise GanzooError(f"Pixels.levels must be float32 of shape ({LEVELS},), "
                              f"got {self.levels.dtype} of shape {tuple(self.levels.shape)}")
        tensor = isinstance(self.values, torch.Tensor) and self.values.dtype == torch.uint8 and self.values.dim() >= 1
        if not (tensor or isinstance(self.values, PixelFile)):
            raise GanzooError(f"Pixels.values must be a uint8 tensor or a PixelFile, got {_describe(self.values)}")

    def __len__(self) -> int:
        return int(self.values.shape[0])

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.values.shape)

    def gather(self, index: torch.Tensor, *, pin: bool = False) -> torch.Tensor:
        """The uint8 rows ``index`` (int64), in that order: read from the file into CPU memory
        (page-locked when ``pin``, for a copy to a GPU that does not wait), or indexed where the
        tensor lies (``index`` on its device)."""
        import torch

        if not isinstance(self.values, PixelFile):
            return self.values[index]
        out = torch.empty((len(index), *self.shape[1:]), dtype=torch.uint8, pin_memory=pin)
        self.values.read(index.cpu().numpy(), out=out.numpy())
        return out

    def scale(self, values: torch.Tensor) -> torch.Tensor:
        """uint8 ``values`` as their floats, on their device (a lookup: ``index_select`` is the
        quickest form of it on a CPU, twice as quick as indexing)."""
        return self.levels.to(values.device).index_select(0, values.flatten().long()).view(values.shape)

    def rows(self, index: torch.Tensor) -> torch.Tensor:
        """The float rows ``index``, reading only those."""
        values = index if isinstance(self.values, PixelFile) else index.to(self.values.device)
        return self.scale(self.gather(values))

    def scaled(self) -> torch.Tensor:
        """Every row as float32, four bytes a value, scaled a slice at a time."""
        import torch

        out = torch.empty(self.shape, dtype=torch.float32)
        for start in range(0, len(self), SCALED_AT_ONCE):
            index = torch.arange(start, min(start + SCALED_AT_ONCE, len(self)))
            out[start : start + len(index)] = self.rows(index).cpu()
        return out


def _describe(value: object) -> str:
    dtype = getattr(value, "dtype", None)
    return f"{type(value).__name__} of {dtype}" if dtype is not None else type(value).__name__
