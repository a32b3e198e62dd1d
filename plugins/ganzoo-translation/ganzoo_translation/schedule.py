"""The learning rate of both papers' code: constant, then falling in a straight line to zero.

pix2pix and CycleGAN train for 100 epochs at the initial rate and 100 more while it decays linearly
to zero (Zhu et al. 2017, section 4). ganzoo's own ``lr_schedule`` is constant or linear from step 0,
so the schemes apply this factor in ``train_step``, on top of the recipe's schedule: each group's
rate is set from the rate it started with (``initial_lr``), never from its current one, so that a
resumed run and a hand-stepped scheme get the same rates as an uninterrupted run.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch

from ganzoo.training.schedule import learning_rate


def check_decay_from(decay_from: float | None) -> float | None:
    if decay_from is not None and not 0 <= decay_from < 1:
        raise ValueError(f"decay_from must be a fraction of the run in [0, 1) or null, got {decay_from}")
    return decay_from


def decay_factor(step: int, total_steps: int, decay_from: float | None) -> float:
    """1 until ``decay_from`` of the run, then linearly down to 0 at ``total_steps``; always 1 for
    ``None``. ``step`` steps are done before the update the factor is for."""
    if decay_from is None:
        return 1.0
    start = decay_from * total_steps
    if step < start:
        return 1.0
    return max(0.0, 1.0 - (step - start) / (total_steps - start))


def set_rates(optimizers: Iterable[torch.optim.Optimizer], schedule: str, step: int, total_steps: int,
              decay_from: float | None) -> float:
    """Each group's rate: its initial rate under the recipe's schedule, times :func:`decay_factor`.
    Returns the factor."""
    factor = decay_factor(step, total_steps, decay_from)
    for optimizer in optimizers:
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(group["initial_lr"], schedule, step, total_steps) * factor
    return factor
