"""Progress of training a classifier, shown on stderr as a run's is (:mod:`ganzoo.builtin.progress`):
a bar with the rate and the time left in a terminal, elsewhere a plain line every tenth of the
steps or every minute."""

from __future__ import annotations

import torch

from ganzoo.builtin.progress import PlainProgress, TerminalProgress, redraws_in_place
from ganzoo.console import err

LOG_EVERY = 50  # steps between readings of the loss, which wait for the device


class TrainingProgress:
    """Counts the steps; the display reads ``model``, ``total_steps`` and ``step`` as it reads a run's."""

    def __init__(self, title: str, total_steps: int) -> None:
        self.model, self.total_steps, self.step = title, total_steps, 0
        self._display = (TerminalProgress if redraws_in_place(err) else PlainProgress)(self, err)

    def advance(self, loss: torch.Tensor) -> None:
        """One more step done, whose loss was ``loss``."""
        self.step += 1
        if self.step % LOG_EVERY == 0:
            self._display.logged(self.step, {"loss": loss.item()})

    def end(self) -> None:
        self._display.end(self.step)
