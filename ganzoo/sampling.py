"""Drawing new samples from an exported generator, without the dataset or the discriminator.

The export records the recipe, the data's fields and what the generator takes; the recipe's
scheme is built again (it builds its networks, never touching data) and the exported modules'
weights are loaded into it. Every use of a trained generator goes through
:meth:`TrainedGenerator.generate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from ganzoo import generation
from ganzoo.errors import GanzooError
from ganzoo.parts import LABEL, LATENT, DataSpec, Field, Sampler
from ganzoo.plugins import Zoo
from ganzoo.provenance import check_recorded_parts
from ganzoo.recipe import Recipe
from ganzoo.training import build, checkpoint, state
from ganzoo.training.device import choose_device
from ganzoo.training.run import evaluating
from ganzoo.training.scheme import Scheme, SchemeContext


@dataclass(frozen=True, kw_only=True)
class TrainedGenerator:
    scheme: Scheme
    modules: Mapping[str, nn.Module]  # the exported modules, with their trained weights, in eval mode
    sampler: Sampler
    recipe: Recipe
    spec: DataSpec
    device: torch.device
    step: int  # the training step the weights were saved at
    model: str | None = None  # the named model the run trained, if it trained one

    @property
    def inputs(self) -> dict[str, Field]:
        """What the generator takes, by name (see :meth:`ganzoo.Scheme.generator_inputs`)."""
        return self.scheme.generator_inputs()

    @property
    def conditional(self) -> bool:
        return LABEL in self.inputs

    @property
    def has_latent_space(self) -> bool:
        return LATENT in self.inputs

    def draw_inputs(self, n: int, seed: int, label: int | None = None, given: Mapping[str, torch.Tensor] | None = None,
                    truncation: float | None = None) -> dict[str, torch.Tensor]:
        """A batch of ``n`` inputs: latent noise from ``seed`` (see :func:`ganzoo.generation.draw_inputs`)."""
        return generation.draw_inputs(self.inputs, n, sampler=self.sampler, seed=seed, device=self.device, label=label,
                                      given=given, truncation=None if self._scheme_truncates() else truncation)

    def generate(self, inputs: Mapping[str, torch.Tensor], **options: Any) -> torch.Tensor:
        """Samples from a batch of inputs, as float32 on the CPU; ``options`` are the scheme's
        sampling options by name."""
        unknown = set(options) - set(self.scheme.sampling_options)
        if unknown:
            known = ", ".join(self.scheme.sampling_options) or "none"
            raise GanzooError(f"unknown sampling option(s) {', '.join(sorted(unknown))} for this model; its options: {known}")
        with evaluating(self.modules.values()), torch.no_grad():
            return self.scheme.generate(inputs, modules=self.modules, **options).float().cpu()

    def sample(self, n: int, seed: int, label: int | None = None, *, truncation: float | None = None,
               given: Mapping[str, torch.Tensor] | None = None, **options: Any) -> torch.Tensor:
        if self._scheme_truncates() and truncation is not None:
            options["truncation"] = truncation
        return self.generate(self.draw_inputs(n, seed, label, given, truncation), **options)

    def _scheme_truncates(self) -> bool:
        """A scheme that takes ``truncation`` itself (in its style space, say) gets it as an option;
        otherwise the latent noise is truncated."""
        return "truncation" in self.scheme.sampling_options


def generator_file(path: Path | str) -> Path:
    """A run folder or a generator file → the generator file."""
    path = Path(path)
    if path.is_dir():
        path = path / checkpoint.GENERATOR_NAME
    if not path.exists():
        raise GanzooError(f"no generator at {path}; give a run folder of 'ganzoo train' or its {checkpoint.GENERATOR_NAME}")
    return path


def load_generator(zoo: Zoo, path: Path | str, device: str | None = None) -> TrainedGenerator:
    """The generator exported by a run (its folder or its ``generator.safetensors``), ready to sample."""
    file = generator_file(path)
    loaded = state.load(file, state.GENERATOR_FORMAT)
    check_recorded_parts(zoo.registry, loaded.meta.get("parts", {}), kinds=("architecture", "sampler", "scheme"))
    recipe = Recipe.from_dict(loaded.meta["recipe"])
    spec = DataSpec.from_dict(loaded.meta["data"])
    where = choose_device(device)
    parts = build.ResolvedParts.lookup(zoo.registry, recipe, for_sampling=True)
    context = SchemeContext(recipe=recipe, spec=spec, device=where, parts=parts,
                            noise=torch.Generator(device=where).manual_seed(recipe.seed))
    scheme = build.build_scheme(parts, recipe, context)
    modules = {}
    for name in scheme.exported:
        module = scheme.modules[name]
        try:
            module.load_state_dict(loaded.prefixed(f"{name}."))
        except RuntimeError as exc:
            raise GanzooError(f"{file} does not fit architecture {recipe.architecture!r} ({str(exc).splitlines()[0]})") from None
        modules[name] = module.eval()
    return TrainedGenerator(scheme=scheme, modules=modules, sampler=context.sampler, recipe=recipe, spec=spec, device=where,
                            step=int(loaded.meta["step"]), model=loaded.meta.get("model"))
