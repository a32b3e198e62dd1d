"""Running under ``torchrun``: one process per device, gradients averaged by DDP.

ganzoo has no launcher of its own. ``torchrun --nproc-per-node N -m ganzoo train MODEL`` starts N
copies; each sees ``RANK``, ``LOCAL_RANK`` and ``WORLD_SIZE`` in its environment and joins the
process group here. Only rank 0 writes files and reports progress.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class Topology:
    rank: int = 0
    local_rank: int = 0
    world_size: int = 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.world_size > 1


def join() -> Topology:
    """Join the process group when started by torchrun; a single process otherwise."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    if world_size <= 1:
        return Topology()
    topology = Topology(int(os.environ["RANK"]), int(os.environ.get("LOCAL_RANK", "0")), world_size)
    if not dist.is_initialized():
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        if backend == "nccl":
            torch.cuda.set_device(topology.local_rank)
        dist.init_process_group(backend)
    return topology


def device_for(topology: Topology, device: torch.device) -> torch.device:
    """Under torchrun each process takes the GPU of its local rank."""
    if topology.distributed and device.type == "cuda":
        return torch.device("cuda", topology.local_rank)
    return device


def leave(topology: Topology) -> None:
    if topology.distributed and dist.is_initialized():
        dist.destroy_process_group()


def any_process(flag: bool, device: torch.device) -> bool:
    """True on every process when ``flag`` is true on any of them."""
    value = torch.tensor([1.0 if flag else 0.0], device=device)
    dist.all_reduce(value, op=dist.ReduceOp.MAX)
    return bool(value.item())
