"""The live state of one training run, as lifecycle hooks see it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from ganzoo.parts import InMemoryData, Networks
from ganzoo.recipe import Recipe


@dataclass
class Run:
    """One training run.

    ``step`` counts completed generator steps; ``total_steps`` is where the run stops.
    ``sample_latents`` is a fixed latent batch (the same for the whole run, and after a resume), so
    that sample grids taken at different steps show the same points of latent space.
    ``is_main`` is false on every process but rank 0 under torchrun; plugins that write files or
    print should do so only when it is true.
    """

    model: str | None
    recipe: Recipe
    run_dir: Path
    device: torch.device
    networks: Networks
    data: InMemoryData
    step: int
    total_steps: int
    sample_latents: torch.Tensor
    is_main: bool = True

    @torch.no_grad()
    def generate(self, latents: torch.Tensor | None = None) -> torch.Tensor:
        """Samples from the generator in eval mode (``sample_latents`` by default), as float32."""
        generator = self.networks.generator
        was_training = generator.training
        generator.eval()
        try:
            return generator(self.sample_latents if latents is None else latents).float()
        finally:
            generator.train(was_training)
