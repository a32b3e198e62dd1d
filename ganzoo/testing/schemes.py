"""``build_scheme``: a recipe's training scheme, built as a run builds it, to step by hand in tests;
``check_resume``: stopping and resuming a run changes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import torch

from ganzoo.parts import InMemoryData, SampledData
from ganzoo.plugins import Zoo
from ganzoo.recipe import Recipe
from ganzoo.training.device import Acceleration
from ganzoo.training.scheme import Scheme


def build_scheme(
    model: str | Recipe,
    *,
    zoo: Zoo | None = None,
    data: InMemoryData | SampledData | None = None,
    batch_size: int = 8,
    device: str = "cpu",
    **overrides: Any,
) -> Scheme:
    """The training scheme of ``model`` (a registered name or a :class:`ganzoo.Recipe`), built with
    its networks, optimisers and data exactly as ``ganzoo train`` would (seeded by the recipe, so
    two calls give identical schemes), on the recipe's dataset or on ``data``. Other recipe fields
    may be overridden by keyword. Call ``scheme.train_step(step, total)`` and ``scheme.logs()``
    to test what one step does, without a run folder."""
    from ganzoo.testing.models import resolve
    from ganzoo.training import build, distributed
    from ganzoo.training.trainer import build_training_state

    zoo, recipe, _ = resolve(model, zoo=zoo, data=data, batch_size=batch_size, **overrides)
    parts = build.ResolvedParts.lookup(zoo.registry, recipe)
    built = build.build_data(parts.dataset, recipe, None)
    return build_training_state(recipe, parts, built, torch.device(device), distributed.Topology()).scheme


def check_resume(
    model: str | Recipe,
    *,
    zoo: Zoo | None = None,
    data: InMemoryData | SampledData | None = None,
    steps: int = 6,
    batch_size: int = 8,
    device: str = "cpu",
    acceleration: Acceleration | None = None,
    **overrides: Any,
) -> None:
    """Train ``model`` ``steps`` steps straight, and separately stop the same run after ``steps // 2``
    (as Ctrl-C would) and ``--resume`` it to ``steps``; the logged values, every tensor of the final checkpoint (modules,
    averages, optimisers, the scheme's own state) and the scheme's JSON state must be identical.
    This is what a stateful scheme's ``state_dict`` / ``load_state_dict`` must get right.
    ``acceleration`` trains all three compiled, say (:class:`ganzoo.training.device.Acceleration`)."""
    from safetensors.torch import load_file

    from ganzoo.testing._resolve import fail
    from ganzoo.testing.models import resolve
    from ganzoo.training import state
    from ganzoo.training.trainer import METRICS_NAME, TrainOptions, train

    settings = dict(batch_size=batch_size, log_every=1, sample_every=steps + 1, checkpoint_every=steps, **overrides)
    zoo, recipe, label = resolve(model, zoo=zoo, data=data, steps=steps, **settings)
    with tempfile.TemporaryDirectory(prefix="ganzoo-resume-") as temporary, torch.random.fork_rng(devices=[]):
        straight, stopped = Path(temporary) / "straight", Path(temporary) / "stopped"
        how = dict(device=device, acceleration=acceleration or Acceleration())
        train(zoo, recipe, TrainOptions(straight, **how))
        train(zoo, recipe, TrainOptions(stopped, stop_after=steps // 2, **how))
        train(zoo, recipe, TrainOptions(stopped, resume=True, **how))
        if (straight / METRICS_NAME).read_text() != (stopped / METRICS_NAME).read_text():
            raise fail(label, f"the values logged after resuming at step {steps // 2} differ from an uninterrupted run's")
        finals = [load_file(folder / "checkpoint.safetensors") for folder in (straight, stopped)]
        differ = sorted(key for key in finals[0] if not torch.equal(finals[0][key], finals[1].get(key, torch.empty(0))))
        if differ or finals[0].keys() != finals[1].keys():
            raise fail(label, f"after resuming, the checkpoint differs from an uninterrupted run's in {differ[:5] or 'its keys'}")
        metas = [state.load(folder / "checkpoint.safetensors", state.FORMAT).meta for folder in (straight, stopped)]
        for key, what in (("scheme_state", "the scheme's state"), ("precision", "the loss scale")):
            if metas[0].get(key) != metas[1].get(key):
                raise fail(label, f"after resuming, {what} is {metas[1].get(key)} where an uninterrupted run has {metas[0].get(key)}")
