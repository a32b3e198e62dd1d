"""The live state of one training run, as lifecycle hooks see it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from ganzoo import generation
from ganzoo.parts import LABEL, LATENT, Data
from ganzoo.recipe import Recipe
from ganzoo.training.ema import MovingAverage, measuring_statistics
from ganzoo.training.scheme import Scheme

MEASURING_PASSES = 16  # batches through an average to measure its batch-norm statistics


@dataclass(kw_only=True)
class Run:
    """One training run.

    ``step`` counts completed steps; ``total_steps`` is where the run stops; ``resumed_from`` is the
    step a resumed run started at (``None`` for a new run); ``stop_signal`` is the signal (Ctrl-C's
    SIGINT, or SIGTERM) that stopped the run early, if one did. ``scheme`` is the training scheme, whose
    ``modules`` are the trained networks by name. ``averages`` holds the moving averages of the
    modules that keep one (``averages[name].model``). ``sample_inputs`` is a fixed batch of the generator's inputs (the same
    for the whole run, and after a resume), so that sample grids taken at different steps show the
    same points; for a conditional model its ``"label"`` gives one row of the grid per class.
    ``is_main`` is false on every process but rank 0 under torchrun; plugins that write files or
    print should do so only when it is true. The repr leaves out the recipe, networks and tensors,
    so that a notebook shows a run in one line.
    """

    model: str | None
    recipe: Recipe = field(repr=False)
    run_dir: Path
    device: torch.device
    scheme: Scheme = field(repr=False)
    data: Data = field(repr=False)
    step: int
    total_steps: int
    sample_inputs: Mapping[str, torch.Tensor] = field(repr=False)
    is_main: bool = True
    averages: Mapping[str, MovingAverage] = field(default_factory=dict, repr=False)
    resumed_from: int | None = None
    stop_signal: int | None = None
    _measured_at: int | None = field(default=None, repr=False)

    @property
    def modules(self) -> Mapping[str, nn.Module]:
        return self.scheme.modules

    def sampling_modules(self) -> dict[str, nn.Module]:
        """The exported modules as samples use them: their moving averages where kept."""
        return {name: self.averages[name].model if name in self.averages else self.scheme.modules[name]
                for name in self.scheme.exported}

    def generate(self, inputs: Mapping[str, torch.Tensor] | None = None, **options: Any) -> torch.Tensor:
        """Samples as float32, from ``sample_inputs`` by default, drawn in eval mode with the
        averaged modules where there are any."""
        self.measure_averages()
        modules = self.sampling_modules()
        with evaluating(modules.values()), torch.no_grad():
            return self.scheme.generate(self.sample_inputs if inputs is None else inputs, modules=modules, **options).float()

    def sample_panels(self) -> list[torch.Tensor]:
        """The columns of the run's sample picture (see :meth:`ganzoo.Scheme.sample_panels`), drawn
        like :meth:`generate`."""
        self.measure_averages()
        modules = self.sampling_modules()
        with evaluating(modules.values()), torch.no_grad():
            return [panel.float() for panel in self.scheme.sample_panels(self.sample_inputs, modules=modules)]

    def measure_averages(self) -> None:
        """Give the moving averages batch-norm statistics of their own weights (once per step):
        :data:`MEASURING_PASSES` batches of fresh inputs through them."""
        averages = [average for average in self.averages.values() if average.has_statistics]
        if not averages or self._measured_at == self.step:
            return
        fields = self.scheme.generator_inputs()
        given = {name: values for name, values in self.sample_inputs.items() if name not in (LATENT, LABEL)}
        n = len(next(iter(given.values()))) if given else self.recipe.batch_size
        with measuring_statistics(averages):
            for index in range(MEASURING_PASSES):
                inputs = generation.draw_inputs(fields, n, sampler=self.scheme.context.sampler, device=self.device,
                                                seed=self.recipe.seed + 2 + index, given=given)
                self.scheme.generate(inputs, modules=self.sampling_modules())
        self._measured_at = self.step


@contextmanager
def evaluating(modules: Iterator[nn.Module] | Any) -> Iterator[None]:
    """The modules in eval mode inside, each back in its own mode after."""
    modes = [(module, module.training) for module in modules]
    for module, _ in modes:
        module.eval()
    try:
        yield
    finally:
        for module, training in modes:
            module.train(training)
