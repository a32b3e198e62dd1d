"""Halving the learning rates when BEGAN's convergence measure stalls.

The paper decays its rate by a factor of 2 "when the measure of convergence stalls" without saying
how a stall is detected. Here the run is cut into windows of ``window`` steps (counted from step
0, so a resumed run cuts them in the same places); at the end of each window the mean of M over
it is compared with the lowest window mean so far, and the rates are halved when it is no lower.
The window's running sum stays on the device; it is read once per window.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch


class StallDecay:
    """The factor on the learning rates: 1, halved at the end of every window whose mean M is not
    below the best earlier window's. ``window=None`` never decays."""

    def __init__(self, window: int | None, device: torch.device) -> None:
        if window is not None and window < 1:
            raise ValueError(f"decay_window must be a positive number of steps or null, got {window}")
        self.window = window
        self.factor = 1.0
        self.best: float | None = None
        self.total = torch.zeros((), device=device)

    def observe(self, step: int, measure: torch.Tensor) -> None:
        """Count ``measure``, the M of step ``step`` (0-based, every process's alike)."""
        if self.window is None:
            return
        if step % self.window == 0:
            self.total = torch.zeros_like(self.total)
        self.total = self.total + measure.detach().float()
        if (step + 1) % self.window == 0:
            self.close_window(float(self.total) / self.window)

    def close_window(self, mean: float) -> None:
        if self.best is not None and mean >= self.best:
            self.factor /= 2
        self.best = mean if self.best is None else min(self.best, mean)

    def state_dict(self) -> dict[str, Any]:
        return {"lr_factor": self.factor, "best_m": self.best, "window_m": self.total}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        self.factor, self.best, self.total = state["lr_factor"], state["best_m"], state["window_m"]
