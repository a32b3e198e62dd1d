"""A trained generator as a ``torch.nn.Module``, for use from Python (what ``ganzoo.load`` returns).

It wraps :class:`ganzoo.sampling.TrainedGenerator`, which does the drawing, and registers the
exported networks as its submodules, so that ``.to(device)``, ``.parameters()`` and
``.state_dict()`` work as on any module.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from typing import Any

import torch
from PIL import Image
from torch import nn

from ganzoo.errors import GanzooError
from ganzoo.images import grid
from ganzoo.parts import LABEL, LATENT, DataSpec
from ganzoo.recipe import Recipe
from ganzoo.sampling import TrainedGenerator


class Generator(nn.Module):
    """A trained generator, in eval mode. ``networks`` holds the exported networks by name.

    Inputs are made on the device the networks are on (after any ``.to``), and outputs come back
    as float32 on the CPU, without gradients: the same numbers as ``ganzoo sample`` on that device.
    """

    def __init__(self, trained: TrainedGenerator) -> None:
        super().__init__()
        self.networks = nn.ModuleDict(dict(trained.modules))
        self._trained = trained
        self.eval()

    @property
    def spec(self) -> DataSpec:
        """What a sample is: its shape, value range, classes and the data's other fields."""
        return self._trained.spec

    @property
    def recipe(self) -> Recipe:
        """The recipe the generator was trained with."""
        return self._trained.recipe

    def sample(self, n: int, *, seed: int = 0, label: int | None = None, truncation: float | None = None,
               **options: Any) -> torch.Tensor:
        """``n`` new samples from latent noise drawn with ``seed``: all of class ``label`` for a
        conditional model (by default one block of rows per class); ``truncation`` ψ redraws latent
        values beyond ±ψ; ``options`` are the model's sampling options (``direction="b2a"``, say)."""
        return self._placed().sample(n, seed, label, truncation=truncation, **options)

    def forward(self, inputs: torch.Tensor | Mapping[str, torch.Tensor], *, seed: int = 0, **options: Any) -> torch.Tensor:
        """The generator on given inputs: the images to translate for an image-to-image model,
        latent vectors for any other; a dict by input name for a model that takes several. Inputs
        left out (latent noise, classes) are drawn as :meth:`sample` draws them."""
        given = dict(inputs) if isinstance(inputs, Mapping) else {self._only_input(): inputs}
        n = len(next(iter(given.values())))
        placed = self._placed()
        return placed.generate(placed.draw_inputs(n, seed, given=given), **options)

    def grid(self, samples: torch.Tensor, *, columns: int | None = None) -> Image.Image:
        """Image samples as one picture, ``columns`` wide (square by default). A notebook shows it
        as it is; ``.save("samples.png")`` writes it."""
        if not self.spec.is_image:
            raise GanzooError(f"samples of shape {self.spec.describe()} are not images and make no grid")
        return grid(samples, self.spec.value_range, columns)

    def _placed(self) -> TrainedGenerator:
        """The trained generator, drawing its inputs where the networks are now."""
        first = next(itertools.chain(self.parameters(), self.buffers()), None)
        return self._trained if first is None else dataclasses.replace(self._trained, device=first.device)

    def _only_input(self) -> str:
        """The input a lone tensor stands for: the one that is neither latent noise nor a class,
        else the latent noise."""
        inputs = self._trained.inputs
        names = [name for name in inputs if name not in (LATENT, LABEL)] or ([LATENT] if LATENT in inputs else [])
        if len(names) != 1:
            raise GanzooError(f"this generator takes {', '.join(inputs)}; give them as a dict by name")
        return names[0]
