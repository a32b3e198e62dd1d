"""The live state of one training run, as lifecycle hooks see it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from torch import nn

from ganzoo.parts import Data, Networks
from ganzoo.recipe import Recipe


@dataclass
class Run:
    """One training run.

    ``step`` counts completed generator steps; ``total_steps`` is where the run stops.
    ``sample_latents`` is a fixed latent batch (the same for the whole run, and after a resume), so
    that sample grids taken at different steps show the same points of latent space; for a
    conditional model ``sample_labels`` gives each a class, one row of the grid per class.
    ``is_main`` is false on every process but rank 0 under torchrun; plugins that write files or
    print should do so only when it is true. ``ema_generator`` is the moving average of G's
    weights when the recipe keeps one; samples are drawn from it.
    """

    model: str | None
    recipe: Recipe
    run_dir: Path
    device: torch.device
    networks: Networks
    data: Data
    step: int
    total_steps: int
    sample_latents: torch.Tensor
    sample_labels: torch.Tensor | None = None
    is_main: bool = True
    ema_generator: nn.Module | None = None

    @torch.no_grad()
    def generate(self, latents: torch.Tensor | None = None, labels: torch.Tensor | None = None) -> torch.Tensor:
        """Samples in eval mode from the averaged generator if there is one, else from G, as float32;
        ``sample_latents`` (and ``sample_labels``) by default. A conditional generator needs labels."""
        generator = self.ema_generator or self.networks.generator
        if latents is None:
            latents, labels = self.sample_latents, self.sample_labels
        was_training = generator.training
        generator.eval()
        try:
            return (generator(latents) if labels is None else generator(latents, labels)).float()
        finally:
            generator.train(was_training)
