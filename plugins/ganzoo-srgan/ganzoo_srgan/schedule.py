"""The phases of an SRGAN run, and its learning rates, as functions of the step alone.

The paper trains SRResNet on the content loss alone for 10⁶ updates, initialises SRGAN's generator
with it, then trains G and D together for 10⁵ updates at 10⁻⁴ and 10⁵ more at 10⁻⁵. A ganzoo run
does the same in one go:

- the first ``pretrain`` of the run's steps (a fraction) are the SRResNet phase: G learns from the
  content loss alone, D is neither trained nor asked;
- the rest is the adversarial phase, whose rates drop to a tenth ``drop_at`` of the way through it
  (0.5: its second half, as the paper's 10⁵ + 10⁵ updates); ``None`` keeps them.

ganzoo's own ``lr_schedule`` is constant or linear from step 0, so the scheme sets every group's
rate in ``train_step``: the rate it started with (``initial_lr``) under the recipe's schedule,
times the drop. Nothing but the step goes in, so a resumed run gets the same rates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import torch

from ganzoo import GanzooError
from ganzoo.training.schedule import learning_rate

DROP = 0.1  # 10⁻⁴ → 10⁻⁵


def check_fractions(pretrain: float, drop_at: float | None) -> None:
    if not 0 <= pretrain < 1:
        raise GanzooError(f"pretrain must be the fraction of the run trained on the content loss alone, in [0, 1), got {pretrain}")
    if drop_at is not None and not 0 <= drop_at <= 1:
        raise GanzooError(f"drop_at must be a fraction of the adversarial phase in [0, 1], or null for no drop, got {drop_at}")


def adversarial_from(total_steps: int, pretrain: float) -> int:
    """The first step of the adversarial phase (steps count from 0)."""
    return math.ceil(pretrain * total_steps)


def dropped_from(total_steps: int, pretrain: float, drop_at: float) -> int:
    """The first step at the lower rate."""
    start = adversarial_from(total_steps, pretrain)
    return start + math.ceil(drop_at * (total_steps - start))


def rate_factor(step: int, total_steps: int, pretrain: float, drop_at: float | None) -> float:
    """What the rates are multiplied by for the update after ``step`` steps: 1, or 0.1 once dropped."""
    if drop_at is None or step < dropped_from(total_steps, pretrain, drop_at):
        return 1.0
    return DROP


def set_rates(optimizers: Iterable[torch.optim.Optimizer], schedule: str, step: int, total_steps: int, factor: float) -> None:
    """Each group's rate: its initial rate under the recipe's schedule, times ``factor``."""
    for optimizer in optimizers:
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(group["initial_lr"], schedule, step, total_steps) * factor
