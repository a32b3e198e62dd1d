"""Real batches from an in-memory dataset, by indexing a tensor that lives on the device.

The order is a pure function of (seed, batch number): batch ``k`` is the ``k % per_epoch``-th slice
of epoch ``k // per_epoch``'s permutation. Resuming therefore needs only the batch counter, and
every run with the same seed sees the same batches. Each epoch drops its last partial batch.
Under ``torchrun`` every process takes its own stride of each epoch's permutation.
"""

from __future__ import annotations

import torch

from ganzoo.parts import InMemoryData


class Batches:
    def __init__(
        self,
        data: InMemoryData,
        batch_size: int,
        seed: int,
        device: torch.device,
        rank: int = 0,
        world_size: int = 1,
    ) -> None:
        self.samples = data.samples.to(device)
        self.labels = data.labels.to(device) if data.labels is not None else None
        self.batch_size = batch_size
        self.seed = seed
        self.rank, self.world_size = rank, world_size
        self.per_epoch = len(data) // (batch_size * world_size)
        self.count = 0  # batches taken so far; the only state
        self._epoch = -1
        self._order: torch.Tensor | None = None

    def _order_of(self, epoch: int) -> torch.Tensor:
        if epoch != self._epoch:
            generator = torch.Generator().manual_seed(self.seed * 1_000_003 + epoch)
            order = torch.randperm(self.samples.shape[0], generator=generator)
            self._order = order[self.rank :: self.world_size].to(self.samples.device)
            self._epoch = epoch
        assert self._order is not None
        return self._order

    def next(self) -> tuple[torch.Tensor, torch.Tensor | None]:
        epoch, position = divmod(self.count, self.per_epoch)
        self.count += 1
        index = self._order_of(epoch)[position * self.batch_size : (position + 1) * self.batch_size]
        return self.samples[index], (self.labels[index] if self.labels is not None else None)
