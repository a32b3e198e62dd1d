"""Learning rates as a function of the step alone, so that a resumed run follows the same schedule
as one that never stopped, with nothing more to save."""

from __future__ import annotations

import torch

from ganzoo.recipe import Recipe


def learning_rate(base: float, schedule: str, step: int, total_steps: int) -> float:
    """The rate for the update that follows ``step`` completed steps of ``total_steps``."""
    if schedule == "linear":
        return base * (1.0 - step / total_steps)
    return base


def set_learning_rates(recipe: Recipe, step: int, optimizer_g: torch.optim.Optimizer,
                       optimizer_d: torch.optim.Optimizer) -> None:
    for optimizer, base in ((optimizer_g, recipe.lr_g), (optimizer_d, recipe.lr_d)):
        rate = learning_rate(base, recipe.lr_schedule, step, recipe.steps)
        for group in optimizer.param_groups:
            group["lr"] = rate
