"""The exported generator as one ``nn.Module`` of plain tensors, and the description of its inputs.

A trained generator is called through its scheme (``Scheme.generate(inputs, modules=..., **options)``),
which takes a dict. Exported formats take positional tensors, so :class:`GeneratorGraph` fixes the
scheme's sampling options and the order of the inputs: the order of ``Scheme.generator_inputs()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch
from torch import nn

from ganzoo.parts import LABEL, LATENT, Field
from ganzoo.sampling import TrainedGenerator

EXAMPLE_BATCH = 2  # the batch of the example inputs; every exported format takes any batch size


class GeneratorGraph(nn.Module):
    """``forward(*inputs)`` → the generator's output, for inputs in :attr:`input_names` order."""

    def __init__(self, trained: TrainedGenerator, options: Mapping[str, Any]) -> None:
        super().__init__()
        self.generators = nn.ModuleDict(dict(trained.modules))
        self.input_names = list(trained.inputs)
        self._scheme = trained.scheme
        self._options = dict(options)
        trained.generate(example_inputs(trained), **self._options)  # unknown options fail here, with ganzoo's message

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        named = dict(zip(self.input_names, inputs))
        return self._scheme.generate(named, modules=self.generators, **self._options).float()


def example_inputs(trained: TrainedGenerator, n: int = EXAMPLE_BATCH, seed: int = 0) -> dict[str, torch.Tensor]:
    """``n`` of every input: latent noise and classes as ganzoo draws them from ``seed``, and
    uniformly random images (or other data) in their value range."""
    noise = torch.Generator().manual_seed(seed)
    given = {}
    for name, field in trained.inputs.items():
        if name not in (LATENT, LABEL):
            low, high = field.value_range
            given[name] = (torch.rand(n, *field.shape, generator=noise) * (high - low) + low).to(trained.device)
    return trained.draw_inputs(n, seed=seed, given=given)


def describe_inputs(trained: TrainedGenerator, options: Mapping[str, Any]) -> dict[str, Any]:
    """What a program needs to feed the exported file and read its output, as JSON."""
    return {
        "inputs": [_describe_input(name, field, trained) for name, field in trained.inputs.items()],
        "output": {"name": "sample", "shape": ["n", *trained.spec.shape], "dtype": "float32",
                   "value_range": list(trained.spec.value_range),
                   "to_pixels": _to_pixels(trained.spec.value_range) if trained.spec.is_image else None},
        "sampling_options": dict(options),
        "layout": "NCHW" if trained.spec.is_image else None,
    }


def _describe_input(name: str, field: Field, trained: TrainedGenerator) -> dict[str, Any]:
    if name == LATENT:
        recipe = trained.recipe
        return {"name": name, "shape": ["n", *field.shape], "dtype": "float32", "kind": "latent noise",
                "distribution": {"sampler": recipe.sampler, "options": dict(recipe.sampler_options)}}
    if name == LABEL:
        return {"name": name, "shape": ["n"], "dtype": "int64", "kind": "class",
                "classes": field.num_classes, "values": f"0 to {field.num_classes - 1}"}
    return {"name": name, "shape": ["n", *field.shape], "dtype": "float32", "kind": "image" if field.is_image else "data",
            "value_range": list(field.value_range), "from_pixels": _from_pixels(field.value_range) if field.is_image else None}


def _to_pixels(value_range: tuple[float, float]) -> str:
    low, high = value_range
    return f"round((x - ({low})) * 255 / ({high} - ({low}))), clipped to 0..255"


def _from_pixels(value_range: tuple[float, float]) -> str:
    low, high = value_range
    return f"pixel * ({high} - ({low})) / 255 + ({low}) for 8-bit pixels"
