"""Real batches, taken without a DataLoader in the hot loop.

A batch is a dict of named tensors, one per field of the data (``"sample"``, ``"label"`` when
labelled, and whatever fields a dataset of pairs or domains declares).

An in-memory dataset lives on the device as one tensor per field and is batched by indexing. The
order is a pure function of (seed, batch number): batch ``k`` is the ``k % per_epoch``-th slice of
epoch ``k // per_epoch``'s permutation, so resuming needs only the batch counter. Each epoch drops
its last partial batch. Under ``torchrun`` every process takes its own stride of each permutation.

A sampled dataset is drawn from with a generator of its own, whose state is saved with the
checkpoint.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch

from ganzoo.parts import LABEL, SAMPLE, Data, InMemoryData

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
        if isinstance(data, InMemoryData):
            self.columns = {name: values.to(device) for name, values in data.columns().items()}
            self.per_epoch = len(data) // (batch_size * world_size)
        self._epoch = -1
        self._order: torch.Tensor | None = None

    def _order_of(self, epoch: int) -> torch.Tensor:
        if epoch != self._epoch:
            generator = torch.Generator().manual_seed(mixed_seed(self.seed, epoch))
            order = torch.randperm(len(self.data), generator=generator)
            self._order = order[self.rank :: self.world_size].to(self.device)
            self._epoch = epoch
        assert self._order is not None
        return self._order

    def next(self) -> Batch:
        """The next batch: ``batch["sample"]``, ``batch["label"]`` for labelled data, and the data's
        other fields."""
        self.count += 1
        if self._sampled:
            return as_batch(self.data.draw(self.batch_size, self.generator, self.device))
        epoch, position = divmod(self.count - 1, self.per_epoch)
        index = self._order_of(epoch)[position * self.batch_size : (position + 1) * self.batch_size]
        return {name: values[index] for name, values in self.columns.items()}


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
