"""Fixtures: an isolated cache, no network and no system data folders for every test, and evaluation
contexts around small hand-made generators (of noise, or translating an image of the data), so that
the metrics are tested through the contract ``ganzoo evaluate`` uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import torch
from torch import nn

from ganzoo import DataSpec, Field, Recipe, Scheme, SchemeContext
from ganzoo.parts import LATENT
from ganzoo.evaluation import EvaluationContext
from ganzoo.training.build import call_factory
from ganzoo.plugins import Zoo, load_zoo
from ganzoo.sampling import TrainedGenerator
from ganzoo_mnist.testing import isolate


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path / "cache")


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    """These tensors are small: on a busy machine, threads waiting for each other cost ten times
    what they save (measured: 30 s for these tests on one thread, over 4 minutes on two)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def zoo() -> Zoo:
    return load_zoo()


def normal(n: int, latent_dim: int, *, generator: torch.Generator, device: torch.device) -> torch.Tensor:
    return torch.randn(n, latent_dim, generator=generator, device=device)


class LatentGenerator(Scheme):
    """A module taking latent vectors of dimension 8, served as a trained generator."""

    def __init__(self, context: SchemeContext, generator: nn.Module) -> None:
        super().__init__(context)
        self.add_module("generator", generator.eval())

    def generator_inputs(self) -> dict[str, Field]:
        return {LATENT: Field((8,))}

    def generate(self, inputs, *, modules, **options) -> torch.Tensor:
        return modules["generator"](inputs[LATENT])


@pytest.fixture
def context_for(zoo: Zoo) -> Callable[..., EvaluationContext]:
    """``context_for(dataset, spec, generator, n=..., seed=...)``: the context ``ganzoo evaluate``
    would give a metric for a run on ``dataset`` whose generator is the module ``generator``
    (latents of dimension 8)."""

    def make(dataset: str, spec: DataSpec, generator: nn.Module, n: int = 200, seed: int = 0) -> EvaluationContext:
        recipe = Recipe(architecture="mlp", loss="non-saturating", dataset=dataset, latent_dim=8)
        cpu = torch.device("cpu")
        context = SchemeContext(recipe=recipe, spec=spec, device=cpu, parts=None, noise=torch.Generator())
        scheme = LatentGenerator(context, generator)
        trained = TrainedGenerator(scheme=scheme, modules=scheme.modules, sampler=normal, recipe=recipe, spec=spec,
                                   device=cpu, step=0)
        return EvaluationContext(zoo, trained, dataset, n, seed)

    return make


class Translator(Scheme):
    """A function of one field of the data, served as a trained image-to-image generator."""

    def __init__(self, context: SchemeContext, field: str, function: Callable[[torch.Tensor], torch.Tensor]) -> None:
        super().__init__(context)
        self.field, self.function = field, function

    def generator_inputs(self) -> dict[str, Field]:
        return {self.field: self.context.spec.fields[self.field]}

    def generate(self, inputs, *, modules, **options) -> torch.Tensor:
        return self.function(inputs[self.field])


@pytest.fixture
def translator_for(zoo: Zoo) -> Callable[..., EvaluationContext]:
    """``translator_for(dataset, function, n=..., seed=..., data_dir=..., **options)``: the context
    ``ganzoo evaluate`` would give a metric for a run on ``dataset`` (with ``options``) whose generator
    is ``function`` of the data's input field (its metadata's ``input_field``)."""

    def make(dataset: str, function: Callable[[torch.Tensor], torch.Tensor], n: int = 200, seed: int = 0,
             data_dir: Path | None = None, **options) -> EvaluationContext:
        spec = call_factory(zoo.registry.get("dataset", dataset), options, data_dir=data_dir, split="train").spec
        recipe = Recipe(architecture="mlp", loss="non-saturating", dataset=dataset, dataset_options=options)
        cpu = torch.device("cpu")
        context = SchemeContext(recipe=recipe, spec=spec, device=cpu, parts=None, noise=torch.Generator())
        scheme = Translator(context, spec.metadata["input_field"], function)
        trained = TrainedGenerator(scheme=scheme, modules=scheme.modules, sampler=normal, recipe=recipe, spec=spec,
                                   device=cpu, step=0)
        return EvaluationContext(zoo, trained, dataset, n, seed, data_dir)

    return make
