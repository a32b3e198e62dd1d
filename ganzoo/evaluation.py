"""Measuring a trained generator: what metrics are given, and what a report records.

A metric is a plugin part (``ganzoo_register_metrics``). Its factory returns an object with
``version`` (a string that changes whenever its numbers would), ``applies_to(dataset, spec)``
(optionally with a ``recipe`` keyword, for a metric of one kind of model) and ``evaluate(context)``
returning a mapping of named values. ``ganzoo evaluate`` runs every
metric that applies to the run's dataset and records how each number was made. A value named
``note`` (one line) is printed under the table too: what a reader must know to read the numbers,
such as that they were measured on training data.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from ganzoo import paths
from ganzoo.parts import LABEL, Data, DataSpec
from ganzoo.plugins import Zoo
from ganzoo.recipe import Recipe
from ganzoo.sampling import TrainedGenerator
from ganzoo.training import build

GENERATION_BATCH = 1_000


@dataclass
class EvaluationContext:
    """What a metric may use. ``n`` and ``seed`` are the user's; a metric that needs a fixed
    number of samples by its definition (e.g. 2,500 for the 2-D mixtures) may ignore ``n`` and
    must then say so in its result."""

    zoo: Zoo
    trained: TrainedGenerator
    dataset: str
    n: int
    seed: int
    data_dir: Path | None = None
    _data: dict[str, Data] = field(default_factory=dict)

    @property
    def spec(self) -> DataSpec:
        return self.trained.spec

    @property
    def device(self) -> torch.device:
        return self.trained.device

    @property
    def cache_dir(self) -> Path:
        """Where metrics keep what they train once, such as a classifier (keyed by its inputs)."""
        return paths.cache_dir() / "metrics"

    def generate(self, n: int | None = None, seed: int | None = None) -> tuple[torch.Tensor, torch.Tensor | None]:
        """``n`` generated samples (on the CPU, float32) and, for a conditional model, their labels;
        reproducible from ``seed`` (the context's by default)."""
        n, seed = n or self.n, self.seed if seed is None else seed
        inputs = self.trained.draw_inputs(n, seed)
        labels = None
        if self.trained.conditional:
            noise = torch.Generator(device=self.device).manual_seed(seed + 1)
            labels = inputs[LABEL] = torch.randint(self.spec.num_classes, (n,), generator=noise, device=self.device)
        return self._in_batches(inputs), None if labels is None else labels.cpu()

    def translate(self, given: Mapping[str, torch.Tensor]) -> torch.Tensor:
        """The generator's outputs (on the CPU, float32) for the data it is ``given`` by name, such
        as the images an image-to-image model translates; an input not given (latent noise) is
        drawn from the context's seed."""
        n = len(next(iter(given.values())))
        return self._in_batches(self.trained.draw_inputs(n, self.seed, given=given))

    def _in_batches(self, inputs: Mapping[str, torch.Tensor]) -> torch.Tensor:
        n = len(next(iter(inputs.values())))
        return torch.cat([
            self.trained.generate({name: values[i : i + GENERATION_BATCH] for name, values in inputs.items()})
            for i in range(0, n, GENERATION_BATCH)
        ])

    def real(self, split: str = "train", dataset: str | None = None) -> Data:
        """The run's dataset (or another, by name), loaded once per split."""
        name = dataset or self.dataset
        key = f"{name}/{split}"
        if key not in self._data:
            entry = self.zoo.registry.get("dataset", name)
            options = dict(self.trained.recipe.dataset_options) if name == self.dataset else {}
            self._data[key] = build.call_factory(entry, options, data_dir=self.data_dir, split=split)
        return self._data[key]


@dataclass(frozen=True)
class MetricResult:
    metric: str
    plugin: str
    version: str
    values: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """As the JSON report records it; an infinite value (the PSNR of a perfect answer) is
        written as the string ``"inf"``, which JSON has no number for (``float("inf")`` reads it)."""
        return {"metric": self.metric, "plugin": self.plugin, "version": self.version, **_json_numbers(self.values)}


def measured_numbers(values: Mapping[str, Any]) -> dict[str, float | int]:
    """The numbers a metric measured, without those saying how (samples used, seed) and without
    the text and nested provenance: what a table or a summary line shows."""
    return {key: value for key, value in values.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool) and key not in ("n_used", "seed")}


def _json_numbers(value: Any) -> Any:
    """``value`` with every non-finite float, at any depth, as the string Python writes it."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, Mapping):
        return {key: _json_numbers(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_numbers(item) for item in value]
    return value


def applicable_metrics(zoo: Zoo, dataset: str, spec: DataSpec, names: list[str] | None = None, *,
                       recipe: Recipe | None = None) -> list[tuple[str, str, Any]]:
    """(name, plugin, metric) for the metrics asked for, or for every one that applies."""
    entries = [zoo.registry.get("metric", name) for name in names] if names else zoo.registry.list("metric")
    chosen = []
    for entry in entries:
        metric = build.call_factory(entry, {})
        if names or _applies(metric, dataset, spec, recipe):
            chosen.append((entry.name, entry.provider.plugin, metric))
    return chosen


def _applies(metric: Any, dataset: str, spec: DataSpec, recipe: Recipe | None) -> bool:
    """``metric.applies_to(dataset, spec)``, with ``recipe=`` too when the metric takes it: a metric
    of one kind of model (an InfoGAN's codes) tells it by the recipe's scheme or architecture."""
    if recipe is not None and "recipe" in inspect.signature(metric.applies_to).parameters:
        return bool(metric.applies_to(dataset, spec, recipe=recipe))
    return bool(metric.applies_to(dataset, spec))


def evaluate(context: EvaluationContext, metrics: list[tuple[str, str, Any]]) -> list[MetricResult]:
    return [MetricResult(name, plugin, str(metric.version), dict(metric.evaluate(context))) for name, plugin, metric in metrics]
