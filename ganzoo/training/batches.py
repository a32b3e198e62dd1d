"""Real batches, taken without a DataLoader in the hot loop.

An in-memory dataset lives on the device as one tensor and is batched by indexing. The order is a
pure function of (seed, batch number): batch ``k`` is the ``k % per_epoch``-th slice of epoch
``k // per_epoch``'s permutation, so resuming needs only the batch counter. Each epoch drops its
last partial batch. Under ``torchrun`` every process takes its own stride of each permutation.

A sampled dataset is drawn from with a generator of its own, whose state is saved with the
checkpoint.
"""

from __future__ import annotations

import torch

from ganzoo.parts import Data, InMemoryData


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
        self.generator = torch.Generator(device=device).manual_seed(seed * 1_000_003 + rank + 1)
        self._sampled = not isinstance(data, InMemoryData)
        if isinstance(data, InMemoryData):
            self.samples = data.samples.to(device)
            self.labels = data.labels.to(device) if data.labels is not None else None
            self.per_epoch = len(data) // (batch_size * world_size)
        self._epoch = -1
        self._order: torch.Tensor | None = None

    def _order_of(self, epoch: int) -> torch.Tensor:
        if epoch != self._epoch:
            generator = torch.Generator().manual_seed(self.seed * 1_000_003 + epoch)
            order = torch.randperm(self.samples.shape[0], generator=generator)
            self._order = order[self.rank :: self.world_size].to(self.device)
            self._epoch = epoch
        assert self._order is not None
        return self._order

    def next(self) -> tuple[torch.Tensor, torch.Tensor | None]:
        self.count += 1
        if self._sampled:
            return self.data.draw(self.batch_size, self.generator, self.device)
        epoch, position = divmod(self.count - 1, self.per_epoch)
        index = self._order_of(epoch)[position * self.batch_size : (position + 1) * self.batch_size]
        return self.samples[index], (self.labels[index] if self.labels is not None else None)
