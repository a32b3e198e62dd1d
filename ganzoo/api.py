"""``ganzoo.train`` and ``ganzoo.load``: the command line's training and sampling, from Python.

Both use the plugins the command line uses (``ganzoo.cli.zoo.current()``), and training goes
through the same launch as ``ganzoo train``: a run started here fills the same folder, with the same
numbers for the same seed, and ``ganzoo sample`` or ``ganzoo train --resume`` take it up.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ganzoo.cli import zoo as plugins_zoo
from ganzoo.console import err
from ganzoo.generator import Generator
from ganzoo.overrides import Setting
from ganzoo.recipe import Recipe
from ganzoo.sampling import load_generator
from ganzoo.training.device import Acceleration
from ganzoo.training.launching import Request, launch
from ganzoo.training.run import Run

PathArgument = str | os.PathLike[str]


def train(
    model: str | Recipe | None = None,
    *,
    steps: int | None = None,
    epochs: int | None = None,
    out: PathArgument | None = None,
    resume: PathArgument | None = None,
    dataset: str | None = None,
    data_dir: PathArgument | None = None,
    device: str | None = None,
    seed: int | None = None,
    lr: float | None = None,
    progress: bool = True,
    precision: str = "auto",
    compile: bool = False,
    channels_last: bool | None = None,
    **overrides: Any,
) -> Run:
    """Train ``model`` (a name from ``ganzoo list model``, or a :class:`ganzoo.Recipe`) as
    ``ganzoo train`` does, and return the finished run.

    The run folder (``out``, by default ``runs/MODEL/YYYYmmdd-HHMMSS``) gets what the command
    writes: ``config.json``, ``metrics.jsonl``, sample pictures, a checkpoint and
    ``generator.safetensors`` for :func:`load`. ``steps`` or ``epochs`` set the length, ``dataset``,
    ``seed`` and ``lr`` (both learning rates) change the recipe as the flags of the same names do,
    and any other recipe field is a keyword too (``batch_size=32``, ``loss="hinge"``,
    ``ema=0.999``, ``n_critic=5``), checked as ``--set`` checks it; a dict for a ``*_options``
    field changes the options it names and keeps the others (``architecture_options={"hidden": 128}``).
    ``device`` is ``"cpu"``, ``"cuda"``, ``"cuda:N"`` or ``"mps"`` (default: the best there is);
    ``data_dir`` is where the dataset's files are. ``progress=False`` trains without the progress
    display. ``precision`` (``"auto"``, ``"bf16"``, ``"fp16"`` or ``"fp32"``), ``compile`` and
    ``channels_last`` say how it computes, as the flags of the same names do.

    ``resume`` continues the run in that folder where it stopped (``model`` may be left out, and
    only ``steps``, ``device`` and ``data_dir`` may be given). Interrupting the kernel stops after
    the current step and saves a checkpoint to resume from; the run returned then has
    ``run.step < run.total_steps``.

    Raises :class:`ganzoo.GanzooError` with one line saying what to fix.
    """
    options = {"dataset": dataset, "seed": seed, "lr": lr}
    request = Request(model=model, options=options, settings=_settings(overrides), steps=steps, epochs=epochs,
                      out=_path(out), resume=_path(resume), data_dir=_path(data_dir), device=device, progress=progress,
                      acceleration=Acceleration(precision=precision, compile=compile, channels_last=channels_last),
                      spell=_as_keyword)
    run = launch(plugins_zoo.current(), request)
    if run.is_main and run.step < run.total_steps:
        err.print(f"stopped at step {run.step:,} of {run.total_steps:,}; continue with ganzoo.train(resume={str(run.run_dir)!r})",
                  highlight=False)
    return run


def load(path: PathArgument, *, device: str | None = None) -> Generator:
    """The generator a run exported (its folder, or its ``generator.safetensors``), as a
    ``torch.nn.Module`` in eval mode on ``device`` (default: the best there is).

    ``generator.sample(64, seed=1)`` draws samples (``label=`` picks a conditional model's class,
    ``truncation=`` applies the truncation trick); ``generator(images)`` translates images with an
    image-to-image model; ``generator.grid(samples)`` makes a picture of them; ``generator.spec``
    and ``generator.recipe`` say what it makes and how it was trained. For the same seed and
    device, samples are those of ``ganzoo sample``.
    """
    return Generator(load_generator(plugins_zoo.current(), Path(path), device))


def _settings(overrides: Mapping[str, Any]) -> list[Setting]:
    """Keyword arguments as field settings; a dict for a ``*_options`` field becomes one setting
    per option, as ``--set FIELD.KEY=VALUE`` gives them."""
    settings = []
    for field, value in overrides.items():
        if field.endswith("_options") and isinstance(value, Mapping):
            settings += [Setting(f"{field}.{key}", option, f"{field}.{key}={option!r}") for key, option in value.items()]
        else:
            settings.append(Setting(field, value, f"{field}={value!r}"))
    return settings


def _path(value: PathArgument | None) -> Path | None:
    return None if value is None else Path(value)


def _as_keyword(name: str) -> str:
    """An option's name as messages give it to Python: the keyword argument's name."""
    return name
