"""An exponential moving average of the generator's weights.

Averaged weights give smoother, better samples than the last iterate of a GAN's oscillating game
(Yazıcı et al. 2019); the average is what sample grids and the exported generator use.
"""

from __future__ import annotations

import copy

import torch
from torch import nn


class MovingAverage:
    def __init__(self, model: nn.Module, decay: float) -> None:
        self.decay = decay
        self.model = copy.deepcopy(model).requires_grad_(False)
        self._pairs = list(zip(self.model.parameters(), model.parameters()))
        self._buffers = list(zip(self.model.buffers(), model.buffers()))

    @torch.no_grad()
    def update(self) -> None:
        """average ← decay · average + (1 − decay) · current; buffers (e.g. batch-norm statistics) are copied."""
        for average, current in self._pairs:
            average.lerp_(current, 1.0 - self.decay)
        for average, current in self._buffers:
            average.copy_(current)
