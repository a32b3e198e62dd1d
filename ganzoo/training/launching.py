"""Starting a run as the user asked for it, from ``ganzoo train`` or from ``ganzoo.train`` in
Python: the recipe of a named model (or of the run being resumed) with the user's changes, the run
folder, then the trainer. Both ask through a :class:`Request`, so both check the same things and
say the same in their own words."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ganzoo.builtin.evaluations import EvaluationSettings
from ganzoo.errors import GanzooError
from ganzoo.overrides import Setting, recipe_changes
from ganzoo.plugins import Zoo
from ganzoo.recipe import Recipe
from ganzoo.training import checkpoint, state
from ganzoo.training.device import Acceleration
from ganzoo.training.run import Run
from ganzoo.training.trainer import TrainOptions, train

FIELDS_OF_OPTIONS = {"lr": ("lr_g", "lr_d")}  # options that set other fields than the one of their name


def as_flag(name: str) -> str:
    """An option's name as the command line spells it: ``data_dir`` → ``--data-dir``."""
    return "--" + name.replace("_", "-")


@dataclass(frozen=True, kw_only=True)
class Request:
    """What to train and how. ``model`` is a registered model's name or a recipe; ``None`` takes
    the resumed run's. ``options`` change the recipe by option name (``dataset``, ``loss``,
    ``sampler``, ``batch_size``, ``lr`` for both learning rates, ``seed``, ``ema``; ``None`` means
    not given), then ``settings`` change any field. ``resume`` is the folder of a run to continue. ``acceleration`` is how it computes
    (precision, compiling, memory layout), which a resumed run may change. ``spell`` writes an option's name in messages as the user writes it."""

    model: str | Recipe | None
    options: Mapping[str, Any] = field(default_factory=dict)
    settings: Sequence[Setting] = ()
    steps: int | None = None
    epochs: int | None = None
    out: Path | None = None
    resume: Path | None = None
    data_dir: Path | None = None
    device: str | None = None
    acceleration: Acceleration = Acceleration()
    progress: bool = True
    evaluation: EvaluationSettings | None = None
    spell: Callable[[str], str] = as_flag


def launch(zoo: Zoo, request: Request) -> Run:
    """Train what ``request`` asks for; returns the finished (or stopped) run."""
    _check_length(request)
    if request.resume is not None:
        recipe, model = _resumed_recipe(request)
        run_dir = request.resume
    else:
        recipe, model = _new_recipe(zoo, request)
        run_dir = request.out or default_run_dir(model or recipe.architecture)
    options = TrainOptions(run_dir, request.device, request.data_dir, request.resume is not None, request.epochs,
                           progress=request.progress, evaluation=request.evaluation, acceleration=request.acceleration)
    return train(zoo, recipe, options, model)


def default_run_dir(name: str) -> Path:
    """``runs/NAME/YYYYmmdd-HHMMSS``, below the current folder."""
    return Path("runs") / name.replace(":", "-") / datetime.datetime.now().strftime("%Y%m%d-%H%M%S")


def _check_length(request: Request) -> None:
    spell = request.spell
    if request.steps is not None and request.epochs is not None:
        raise GanzooError(f"give either {spell('steps')} or {spell('epochs')}, not both")
    if request.epochs is not None and request.epochs < 1:
        raise GanzooError(f"{spell('epochs')} must be a positive whole number, got {request.epochs}")


def _new_recipe(zoo: Zoo, request: Request) -> tuple[Recipe, str | None]:
    if request.model is None:
        raise GanzooError(f"name a model to train (see 'ganzoo list model'), or give {request.spell('resume')} RUN_DIR")
    if isinstance(request.model, Recipe):
        recipe, model = request.model, None
    else:
        recipe, model = zoo.registry.get("model", request.model).recipe, request.model
        assert recipe is not None
    fields = {name: value for option, value in request.options.items() if value is not None
              for name in FIELDS_OF_OPTIONS.get(option, (option,))}
    recipe = recipe.with_overrides(**fields, **_given(steps=request.steps))
    return recipe.with_overrides(**recipe_changes(recipe, request.settings)), model


def _resumed_recipe(request: Request) -> tuple[Recipe, str | None]:
    """The recipe saved in the run being resumed, with only its length changed."""
    assert request.resume is not None
    loaded = state.load(request.resume / checkpoint.CHECKPOINT_NAME, state.FORMAT)
    saved, saved_model = Recipe.from_dict(loaded.meta["recipe"]), loaded.meta.get("model")
    _check_same_model(request.model, saved, saved_model, request.resume)
    changed = [request.spell(name) for name, value in request.options.items() if value is not None]
    changed += dict.fromkeys(setting.option for setting in request.settings)
    changed += [request.spell(name) for name in ("epochs", "out") if getattr(request, name) is not None]
    if changed:
        spell = request.spell
        raise GanzooError(f"{', '.join(changed)} cannot change a run being resumed; "
                          f"only {spell('steps')}, {spell('device')}, {spell('data_dir')} and how it computes "
                          f"({spell('precision')}, {spell('compile')}, {spell('channels_last')}) can")
    return saved.with_overrides(**_given(steps=request.steps)), saved_model


def _check_same_model(model: str | Recipe | None, saved: Recipe, saved_model: str | None, run_dir: Path) -> None:
    if isinstance(model, Recipe):
        if model.with_overrides(steps=saved.steps).to_json() != saved.to_json():
            raise GanzooError(f"{run_dir} was trained from another recipe; give the one it was trained with")
    elif model is not None and model != saved_model:
        raise GanzooError(f"{run_dir} is a run of {saved_model!r}, not {model!r}; leave the model out when resuming")


def _given(**values: Any) -> dict[str, Any]:
    """The values the user gave (one left out is ``None``)."""
    return {name: value for name, value in values.items() if value is not None}
