"""Real batches, taken without a DataLoader in the hot loop.

A batch is a dict of named tensors, one per field of the data (``"sample"``, ``"label"`` when
labelled, and whatever fields a dataset of pairs or domains declares).

An in-memory dataset is batched by indexing. The order is a pure function of (seed, batch number):
batch ``k`` is the ``k % per_epoch``-th slice of epoch ``k // per_epoch``'s permutation, so
resuming needs only the batch counter. Each epoch drops its last partial batch. Under ``torchrun``
every process takes its own stride of each permutation, and reads only those rows.

Where each field lives:

- a tensor moves to the device once and is indexed there;
- 8-bit :class:`ganzoo.pixels.Pixels` held as a tensor move to the device as bytes, a quarter of
  float32's memory, and each batch is turned into floats there;
- :class:`ganzoo.pixels.Pixels` in a file (a folder larger than memory) stay on disk. A thread
  reads the rows of the batch after the one being trained on, into page-locked memory on CUDA, and
  starts their copy to the device on a stream of its own, so that reading and copying overlap
  training; only the batch due next is held.

A sampled dataset is drawn from with a generator of its own, whose state is saved with the
checkpoint.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor

import torch

from ganzoo.parts import LABEL, SAMPLE, Data, InMemoryData
from ganzoo.pixels import PixelFile, Pixels

Batch = dict[str, torch.Tensor]


class Batches:
    def __init__(
        self,
        data: Data,
        batch_size: int,
        seed: int,
        device: torch.device,
        rank: int = 0,
        world_size: int = 1,
    ) -> None:
        self.data = data
        self.batch_size = batch_size
        self.seed = seed
        self.device = device
        self.rank, self.world_size = rank, world_size
        self.count = 0  # batches taken so far
        # Draws of a sampled dataset; each process of a torchrun job gets its own stream.
        self.generator = torch.Generator(device=device).manual_seed(mixed_seed(seed, rank + 1))
        self._sampled = not isinstance(data, InMemoryData)
        self._on_device: dict[str, torch.Tensor | Pixels] = {}
        self._names: list[str] = []  # the data's fields, in its order
        self._reader: DiskReader | None = None
        if isinstance(data, InMemoryData):
            stored = data.stored()
            self._names = list(stored)
            on_disk = {name: values for name, values in stored.items() if _in_file(values)}
            self._on_device = {name: _to_device(values, device) for name, values in stored.items() if name not in on_disk}
            self._reader = DiskReader(on_disk, device) if on_disk else None
            self.per_epoch = len(data) // (batch_size * world_size)
        self._epoch = -1
        self._share: torch.Tensor | None = None  # this process's stride of the epoch's permutation, on the CPU
        self._share_on_device: torch.Tensor | None = None

    def next(self) -> Batch:
        """The next batch: ``batch["sample"]``, ``batch["label"]`` for labelled data, and the data's
        other fields."""
        self.count += 1
        if self._sampled:
            return as_batch(self.data.draw(self.batch_size, self.generator, self.device))
        taken = self.count - 1
        batch: Batch = {}
        if self._on_device:
            index = self._rows(taken, on_device=True)
            batch = {name: _take(values, index) for name, values in self._on_device.items()}
        if self._reader is not None:
            batch.update(self._reader.take(taken, self._rows(taken)))
            self._reader.prepare(taken + 1, self._rows(taken + 1))
        return {name: batch[name] for name in self._names}

    def close(self) -> None:
        """Stop the thread that reads from disk, if there is one (it is idle between batches)."""
        if self._reader is not None:
            self._reader.close()

    def _rows(self, taken: int, *, on_device: bool = False) -> torch.Tensor:
        """The rows of batch number ``taken`` (counted from 0) that this process takes."""
        epoch, position = divmod(taken, self.per_epoch)
        if epoch != self._epoch:
            generator = torch.Generator().manual_seed(mixed_seed(self.seed, epoch))
            self._share = torch.randperm(len(self.data), generator=generator)[self.rank :: self.world_size]
            self._share_on_device = self._share.to(self.device) if self._on_device else None
            self._epoch = epoch
        share = self._share_on_device if on_device else self._share
        assert share is not None
        return share[position * self.batch_size : (position + 1) * self.batch_size]


class DiskReader:
    """Reads the batch after the current one from disk while the current one trains.

    :meth:`prepare` starts reading batch ``k`` on a thread of its own: on CUDA into page-locked
    memory and on to the device on a stream of its own, to be turned into floats there; elsewhere
    into floats on that thread. :meth:`take` hands it over, or reads it there and then when it was
    not the one prepared (the first batch, or the first after a resume)."""

    def __init__(self, fields: Mapping[str, Pixels], device: torch.device) -> None:
        self.fields = {name: Pixels(pixels.values, pixels.levels.to(device)) for name, pixels in fields.items()}
        self.device = device
        self._cuda = device.type == "cuda"
        self._stream = torch.cuda.Stream(device) if self._cuda else None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ganzoo-batches")
        self._prepared: tuple[int, Future[dict[str, torch.Tensor]]] | None = None

    def prepare(self, taken: int, rows: torch.Tensor) -> None:
        self._prepared = (taken, self._thread.submit(self._read, rows))

    def take(self, taken: int, rows: torch.Tensor) -> Batch:
        prepared, self._prepared = self._prepared, None
        values = prepared[1].result() if prepared is not None and prepared[0] == taken else self._read(rows)
        if self._cuda:
            current = torch.cuda.current_stream(self.device)
            current.wait_stream(self._stream)
            for tensor in values.values():
                tensor.record_stream(current)  # its memory is not reused before training is done with it
            return {name: self.fields[name].scale(values[name]) for name in self.fields}
        return values

    def close(self) -> None:
        self._thread.shutdown(wait=True, cancel_futures=True)

    def _read(self, rows: torch.Tensor) -> dict[str, torch.Tensor]:
        """The rows of every field: on CUDA as bytes, copied to the device on this reader's stream;
        elsewhere as floats."""
        if not self._cuda:
            return {name: pixels.rows(rows).to(self.device) for name, pixels in self.fields.items()}
        read = {name: pixels.gather(rows, pin=True) for name, pixels in self.fields.items()}
        with torch.cuda.device(self.device), torch.cuda.stream(self._stream):
            return {name: values.to(self.device, non_blocking=True) for name, values in read.items()}


def _in_file(values: torch.Tensor | Pixels) -> bool:
    return isinstance(values, Pixels) and isinstance(values.values, PixelFile)


def _to_device(values: torch.Tensor | Pixels, device: torch.device) -> torch.Tensor | Pixels:
    if isinstance(values, Pixels):
        return Pixels(values.values.to(device), values.levels.to(device))
    return values.to(device)


def _take(values: torch.Tensor | Pixels, index: torch.Tensor) -> torch.Tensor:
    return values.scale(values.gather(index)) if isinstance(values, Pixels) else values[index]


def mixed_seed(seed: int, stream: int) -> int:
    """A seed of its own for each stream (a process, an epoch) of a run's seed, within the 64 bits a
    torch generator takes."""
    return (seed * 1_000_003 + stream) % 2**64


def as_batch(drawn: tuple[torch.Tensor, torch.Tensor | None] | Mapping[str, torch.Tensor]) -> Batch:
    """What a sampled dataset's ``draw`` returned, as a batch of named fields."""
    if isinstance(drawn, Mapping):
        return dict(drawn)
    samples, labels = drawn
    return {SAMPLE: samples} if labels is None else {SAMPLE: samples, LABEL: labels}
