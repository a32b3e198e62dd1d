"""Learning rates as a function of the step alone, so that a resumed run follows the same schedule
as one that never stopped, with nothing more to save."""

from __future__ import annotations

from collections.abc import Iterable

import torch


def learning_rate(base: float, schedule: str, step: int, total_steps: int) -> float:
    """The rate for the update that follows ``step`` completed steps of ``total_steps``."""
    if schedule == "linear":
        return base * (1.0 - step / total_steps)
    return base


def set_learning_rates(schedule: str, step: int, total_steps: int, optimizers: Iterable[torch.optim.Optimizer]) -> None:
    """Every parameter group's rate from the rate it started with (``initial_lr``)."""
    for optimizer in optimizers:
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(group["initial_lr"], schedule, step, total_steps)
