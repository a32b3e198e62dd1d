"""The live state of one training run, as lifecycle hooks see it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from ganzoo.parts import Data
from ganzoo.recipe import Recipe
from ganzoo.training.scheme import Scheme


@dataclass(kw_only=True)
class Run:
    """One training run.

    ``step`` counts completed steps; ``total_steps`` is where the run stops; ``resumed_from`` is the
    step a resumed run started at (``None`` for a new run). ``scheme`` is the training scheme, whose
    ``modules`` are the trained networks by name. ``averages`` holds the moving averages of the
    modules that keep one. ``sample_inputs`` is a fixed batch of the generator's inputs (the same
    for the whole run, and after a resume), so that sample grids taken at different steps show the
    same points; for a conditional model its ``"label"`` gives one row of the grid per class.
    ``is_main`` is false on every process but rank 0 under torchrun; plugins that write files or
    print should do so only when it is true.
    """

    model: str | None
    recipe: Recipe
    run_dir: Path
    device: torch.device
    scheme: Scheme
    data: Data
    step: int
    total_steps: int
    sample_inputs: Mapping[str, torch.Tensor]
    is_main: bool = True
    averages: Mapping[str, nn.Module] = field(default_factory=dict)
    resumed_from: int | None = None

    @property
    def modules(self) -> Mapping[str, nn.Module]:
        return self.scheme.modules

    def sampling_modules(self) -> dict[str, nn.Module]:
        """The exported modules as samples use them: their moving averages where kept."""
        return {name: self.averages.get(name, self.scheme.modules[name]) for name in self.scheme.exported}

    @torch.no_grad()
    def generate(self, inputs: Mapping[str, torch.Tensor] | None = None, **options: Any) -> torch.Tensor:
        """Samples as float32, from ``sample_inputs`` by default, drawn with the averaged modules
        where there are any."""
        return self.scheme.generate(self.sample_inputs if inputs is None else inputs, modules=self.sampling_modules(), **options)
