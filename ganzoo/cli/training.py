"""``ganzoo train``: train a named model, with flags overriding its recipe."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ganzoo.console import err
from ganzoo.errors import GanzooError
from ganzoo.cli import zoo as plugins_zoo
from ganzoo.recipe import InvalidRecipe, Recipe


def train(
    model: Annotated[str | None, typer.Argument(help="A model from 'ganzoo list model'. Optional with --resume.")] = None,
    dataset: Annotated[str | None, typer.Option(help="Train on this dataset instead of the recipe's.")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Folder holding the dataset's files.")] = None,
    loss: Annotated[str | None, typer.Option(help="Use this loss instead of the recipe's.")] = None,
    sampler: Annotated[str | None, typer.Option(help="Use this latent sampler instead of the recipe's.")] = None,
    steps: Annotated[int | None, typer.Option(help="Generator steps to train for (total, also when resuming).")] = None,
    epochs: Annotated[int | None, typer.Option(help="Passes over the data instead of --steps.")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Real samples per discriminator step.")] = None,
    lr: Annotated[float | None, typer.Option(help="Learning rate of both G and D.")] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of weights, data order and noise.")] = None,
    ema: Annotated[float | None, typer.Option(help="Keep a moving average of G's weights with this decay (e.g. 0.999) for sampling.")] = None,
    settings: Annotated[list[str] | None, typer.Option("--set", help="Override any recipe field: --set n_critic=5, --set architecture_options.hidden=256 (values are JSON).", metavar="FIELD=VALUE")] = None,
    device: Annotated[str | None, typer.Option(help="auto (default), cpu, cuda, cuda:N or mps.")] = None,
    out: Annotated[Path | None, typer.Option(help="Run folder (default: runs/MODEL/TIMESTAMP).")] = None,
    resume: Annotated[Path | None, typer.Option(help="Continue the run in this folder where it stopped.")] = None,
) -> None:
    """Train a model. Ctrl-C or SIGTERM stops after the current step and saves a checkpoint to resume from."""
    from ganzoo.training.trainer import TrainOptions
    from ganzoo.training.trainer import train as run_training

    if steps is not None and epochs is not None:
        raise GanzooError("give either --steps or --epochs, not both")
    if epochs is not None and epochs < 1:
        raise GanzooError(f"--epochs must be a positive whole number, got {epochs}")
    zoo = plugins_zoo.current()

    if resume is not None:
        recipe, model = _resumed_recipe(resume, model)
        changed = {"dataset": dataset, "loss": loss, "sampler": sampler, "batch_size": batch_size, "lr": lr, "seed": seed,
                   "ema": ema, "set": settings, "epochs": epochs, "out": out}
        if given := [f"--{k.replace('_', '-')}" for k, v in changed.items() if v is not None]:
            raise GanzooError(f"{', '.join(given)} cannot change a run being resumed; only --steps, --device and --data-dir can")
        recipe = recipe.with_overrides(**_given(steps=steps))
        run_dir = resume
    else:
        if model is None:
            raise GanzooError("name a model to train (see 'ganzoo list model'), or give --resume RUN_DIR")
        recipe = zoo.registry.get("model", model).recipe
        assert recipe is not None
        recipe = recipe.with_overrides(**_given(dataset=dataset, loss=loss, sampler=sampler, steps=steps, batch_size=batch_size,
                                                seed=seed, lr_g=lr, lr_d=lr, ema=ema))
        recipe = recipe.with_overrides(**_parse_settings(recipe, settings or []))
        run_dir = out or Path("runs") / model.replace(":", "-") / datetime.datetime.now().strftime("%Y%m%d-%H%M%S")

    run = run_training(zoo, recipe, TrainOptions(run_dir, device, data_dir, resume is not None, epochs), model)
    if not run.is_main:
        return
    if run.step < run.total_steps:
        err.print(f"stopped at step {run.step}; continue with: ganzoo train --resume {run_dir}")
    err.print(f"run folder: {run_dir}  (samples: {run_dir / 'samples.png'}; sample more: ganzoo sample {run_dir})")
    if run.stop_signal is not None:  # stopped by Ctrl-C or SIGTERM: the shell's status for it
        raise SystemExit(128 + run.stop_signal)


def _given(**flags: Any) -> dict[str, Any]:
    """The flags the user gave (a flag left out is ``None``)."""
    return {name: value for name, value in flags.items() if value is not None}


def _resumed_recipe(run_dir: Path, model: str | None) -> tuple[Recipe, str | None]:
    from ganzoo.training import checkpoint, state

    loaded = state.load(run_dir / checkpoint.CHECKPOINT_NAME, state.FORMAT)
    saved_model = loaded.meta.get("model")
    if model is not None and model != saved_model:
        raise GanzooError(f"{run_dir} is a run of {saved_model!r}, not {model!r}; leave the model out when resuming")
    return Recipe.from_dict(loaded.meta["recipe"]), saved_model


def _parse_settings(recipe: Recipe, settings: list[str]) -> dict[str, Any]:
    """``FIELD=VALUE`` and ``PART_options.KEY=VALUE`` pairs → recipe overrides, each checked
    against the field's type and range before anything is built."""
    fields = recipe.to_dict()
    changes: dict[str, Any] = {}
    for setting in settings:
        key, separator, text = setting.partition("=")
        if not separator:
            raise GanzooError(f"--set takes FIELD=VALUE, got {setting!r}")
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = text  # a bare word such as a part name
        field, _, option = key.partition(".")
        if field not in fields:
            raise GanzooError(f"--set {key}: the recipe has no field {field!r}; see 'ganzoo info MODEL'")
        if option:
            if not field.endswith("_options"):
                raise GanzooError(f"--set {key}: only the *_options fields take a .KEY")
            changes[field] = {**changes.get(field, fields[field]), option: value}
        elif value is None and field not in Recipe.nullable_fields():
            *first, last = Recipe.nullable_fields()
            nullable = f"{', '.join(first)} and {last}" if first else last
            raise GanzooError(f"--set {setting}: {field} cannot be null (only {nullable} can); give a value")
        else:
            changes[field] = tuple(value) if isinstance(value, list) else value
        try:
            recipe.with_overrides(**{field: changes[field]})
        except InvalidRecipe as exc:
            raise GanzooError(f"--set {setting}: {'; '.join(exc.problems)}") from None
    return changes
