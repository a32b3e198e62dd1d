"""Stopping a run between steps: Ctrl-C, and SIGTERM, which is how clusters, schedulers and
``docker stop`` end a job (preemption, time limits).

The first signal asks the loop to stop after the current step; the run then saves its checkpoint,
so ``--resume`` loses no step. A second Ctrl-C aborts at once. Under ``torchrun`` every process
must stop at the same step, so the processes agree on it before each step.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import torch

from ganzoo.training import distributed

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopRequest:
    def __init__(self) -> None:
        self.signal: int | None = None  # the signal that asked to stop

    @property
    def requested(self) -> bool:
        return self.signal is not None

    def agreed(self, topology: distributed.Topology, device: torch.device) -> bool:
        """Whether to stop now: on any process's request under torchrun, on this one's otherwise."""
        if not topology.distributed:
            return self.requested
        return distributed.any_process(self.requested, device)

    @contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {number: signal.getsignal(number) for number in SIGNALS}

        def handler(signum: int, frame: object) -> None:
            if self.requested and signum == signal.SIGINT:
                raise KeyboardInterrupt
            self.signal = self.signal or signum

        for number in SIGNALS:
            signal.signal(number, handler)
        try:
            yield
        finally:
            for number, action in previous.items():
                signal.signal(number, action)
