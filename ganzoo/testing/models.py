"""``check_model``: a named model (or a recipe) trains a few steps and samples, end to end."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import Any

import torch

from ganzoo.parts import LABEL, LATENT, InMemoryData, SampledData
from ganzoo.plugins import Zoo, load_zoo
from ganzoo.recipe import Recipe
from ganzoo.registry import Entry, Provider, Registry
from ganzoo.testing import _tensors as t
from ganzoo.testing._resolve import fail
from ganzoo.training.run import Run

PROVIDER = "ganzoo.testing"
DATA_NAME = "data"


def check_model(
    model: str | Recipe,
    *,
    zoo: Zoo | None = None,
    dataset: str | None = None,
    data: InMemoryData | SampledData | None = None,
    steps: int = 3,
    batch_size: int = 8,
    device: str = "cpu",
    data_dir: str | Path | None = None,
    run_dir: str | Path | None = None,
    **overrides: Any,
) -> Run:
    """Train ``model`` (a registered name or a :class:`ganzoo.Recipe`) with the real trainer and check
    the run; returns the finished :class:`ganzoo.training.run.Run`.

    It trains ``steps`` generator steps of ``batch_size`` on the recipe's dataset, or on the
    registered ``dataset``, or on ``data`` itself (``ganzoo_tiny_data``, say); other recipe fields
    may be overridden by keyword (``latent_dim=8``). Then:

    - every step's logged values (``d_loss``, ``g_loss``, ...) are finite (the run stops at the
      first that is not);
    - samples drawn from the trained G have the data's shape, finite values, and lie in the
      data's range for images;
    - the exported ``generator.safetensors`` loads back and samples, as ``ganzoo sample`` would.

    The run folder is a temporary one unless ``run_dir`` is given. Errors of the run itself (an
    unknown part, data not found, :class:`ganzoo.IncompatibleParts`) are passed on.
    """
    from ganzoo.sampling import load_generator
    from ganzoo.training.divergence import Diverged
    from ganzoo.training.trainer import METRICS_NAME, TrainOptions, train

    changes: dict[str, Any] = dict(steps=steps, batch_size=batch_size, log_every=1, sample_every=steps, checkpoint_every=steps)
    zoo, recipe, label = resolve(model, zoo=zoo, dataset=dataset, data=data, **{**changes, **overrides})
    name = None if isinstance(model, Recipe) else zoo.registry.get("model", model).name

    with tempfile.TemporaryDirectory(prefix="ganzoo-check-") as temporary, torch.random.fork_rng(devices=[]):
        folder = Path(run_dir) if run_dir is not None else Path(temporary) / "run"
        options = TrainOptions(folder, device=device, data_dir=None if data_dir is None else Path(data_dir))
        try:
            run = train(zoo, recipe, options, model=name)
        except Diverged as exc:
            raise fail(label, str(exc)) from None
        if run.step != steps:
            raise fail(label, f"the run stopped at step {run.step} of {steps}")
        lines = [json.loads(line) for line in (folder / METRICS_NAME).read_text().splitlines() if line]
        if len(lines) != steps:
            raise fail(label, f"{len(lines)} steps were logged, expected {steps}")
        for line in lines:
            bad = {key: value for key, value in line.items() if not (isinstance(value, (int, float)) and math.isfinite(value))}
            if bad:
                raise fail(label, f"at step {line.get('step')} the logged values {bad} are not finite")
        spec = run.data.spec
        samples = run.generate()
        t.shape(label, "the samples of the trained generator", samples, (samples.shape[0], *spec.shape))
        t.finite(label, "the samples of the trained generator", samples)
        if spec.is_image:
            t.in_range(label, "the samples of the trained generator", samples, spec.value_range)
        exported = load_generator(zoo, folder, device)
        from_data = {name: values[:4] for name, values in run.sample_inputs.items() if name in exported.inputs
                     and name not in (LATENT, LABEL)}  # an image to translate, say
        drawn = exported.sample(4, seed=0, given=from_data)
        t.shape(label, "samples of the exported generator.safetensors", drawn, (4, *spec.shape))
        t.finite(label, "samples of the exported generator.safetensors", drawn)
    return run


def resolve(
    model: str | Recipe,
    *,
    zoo: Zoo | None,
    dataset: str | None = None,
    data: InMemoryData | SampledData | None = None,
    **overrides: Any,
) -> tuple[Zoo, Recipe, str]:
    """The zoo, the recipe of ``model`` with the overrides (on ``dataset`` or on ``data`` itself),
    and a label naming both for messages."""
    zoo = load_zoo() if zoo is None else zoo
    recipe = model if isinstance(model, Recipe) else zoo.registry.get("model", model).recipe
    if data is not None:
        if dataset is not None:
            raise TypeError("give dataset or data, not both")
        zoo, dataset = _with_data(zoo, data), f"{PROVIDER}:{DATA_NAME}"
    if dataset is not None:
        overrides = {"dataset": dataset, "dataset_options": {}, **overrides}  # the recipe's options were for its own dataset
    recipe = recipe.with_overrides(**overrides)
    label = "the recipe" if isinstance(model, Recipe) else f"model {model!r}"
    return zoo, recipe, f"{label} on dataset {recipe.dataset!r}"


def _with_data(zoo: Zoo, data: InMemoryData | SampledData) -> Zoo:
    """A copy of ``zoo`` whose registry also holds ``data`` as the dataset ``ganzoo.testing:data``."""

    def factory(data_dir: Path | None = None, split: str = "train", **options: Any) -> InMemoryData | SampledData:
        return data

    entry = Entry("dataset", DATA_NAME, Provider(PROVIDER), "data given to check_model", MappingProxyType({}), factory)
    return Zoo(zoo.manager, Registry([*zoo.registry.list(), entry]), zoo.plugins)
