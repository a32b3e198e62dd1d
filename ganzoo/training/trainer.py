"""The training loop: build the scheme, restore a checkpoint if resuming, step, log, save."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import torch

from ganzoo import builtin, generation
from ganzoo.errors import GanzooError
from ganzoo.parts import LABEL, LATENT, SAMPLE, Data, InMemoryData
from ganzoo.plugins import Zoo
from ganzoo.provenance import check_recorded_parts
from ganzoo.recipe import Recipe
from ganzoo.training import build, checkpoint, distributed, divergence, state
from ganzoo.builtin.evaluations import EvaluationSettings
from ganzoo.training.batches import Batches, as_batch
from ganzoo.training.checkpoint import CHECKPOINT_NAME
from ganzoo.training.device import Acceleration, choose_device, choose_precision
from ganzoo.training.ema import MovingAverage
from ganzoo.training.folder import CONFIG_NAME, METRICS_NAME, RunFolder
from ganzoo.training.observers import Observers
from ganzoo.training.run import Run
from ganzoo.training.schedule import set_learning_rates
from ganzoo.training.scheme import Scheme, SchemeContext
from ganzoo.training.stopping import StopRequest

__all__ = ["CONFIG_NAME", "METRICS_NAME", "TrainOptions", "train"]

SAMPLE_GRID_SIZE = 64
SAMPLE_CLOUD_SIZE = 2_000  # points drawn for the picture of a run on non-image data
SAMPLES_PER_CLASS = 8  # a conditional run's grid has one row of this many per class
SAMPLE_PANEL_ROWS = 16  # examples in the picture of a model whose input comes from the data


@dataclass(frozen=True)
class TrainOptions:
    """How to run a recipe, as opposed to what to train (the recipe)."""

    run_dir: Path
    device: str | None = None
    data_dir: Path | None = None
    resume: bool = False
    epochs: int | None = None
    stop_after: int | None = None  # stop once this step is done, as a Ctrl-C would (tests, time budgets)
    progress: bool = True  # show the progress display
    evaluation: EvaluationSettings | None = None  # measure the generator every so many steps
    acceleration: Acceleration = Acceleration()  # precision, compiling, memory layout


def train(zoo: Zoo, recipe: Recipe, options: TrainOptions, model: str | None = None) -> Run:
    """Train ``recipe`` into ``options.run_dir``; returns the finished (or stopped) run."""
    saved = _saved_checkpoint(zoo, options)
    parts = build.ResolvedParts.lookup(zoo.registry, recipe)
    topology = distributed.join()
    folder = training = None
    try:
        device = distributed.device_for(topology, choose_device(options.device))
        data = build.build_data(parts.dataset, recipe, options.data_dir)
        recipe = _steps_for_epochs(recipe, options.epochs, data, parts, topology.world_size)
        training = build_training_state(recipe, parts, data, device, topology, options.acceleration)
        step = _restore(training, saved, options.run_dir / CHECKPOINT_NAME, recipe) if saved is not None else 0
        run = Run(
            model=model, recipe=recipe, run_dir=options.run_dir, device=device, scheme=training.scheme, data=data,
            step=step, total_steps=recipe.steps, sample_inputs=_sample_inputs(training.scheme, data, recipe, device),
            is_main=topology.is_main, averages=training.averages,
            resumed_from=step if saved is not None else None,
        )
        folder = RunFolder(run, parts, topology.world_size) if topology.is_main else None
        with builtin.periodic_evaluation(zoo, options.evaluation):
            _loop(zoo, run, training, folder, topology, options)
    finally:
        if training is not None:
            training.batches.close()
        if folder is not None:
            folder.close()
        distributed.leave(topology)
    return run


def _saved_checkpoint(zoo: Zoo, options: TrainOptions) -> checkpoint.Loaded | None:
    path = options.run_dir / CHECKPOINT_NAME
    if not options.resume:
        if path.exists():
            raise GanzooError(f"{options.run_dir} already holds a run; resume it with --resume {options.run_dir} or choose another --out")
        return None
    saved = state.load(path, state.FORMAT)
    check_recorded_parts(zoo.registry, saved.meta.get("parts", {}))
    return saved


def _steps_for_epochs(recipe: Recipe, epochs: int | None, data: Data, parts: build.ResolvedParts, world_size: int) -> Recipe:
    if epochs is None:
        return recipe
    if not isinstance(data, InMemoryData):
        raise GanzooError(f"dataset {parts.dataset.name!r} is sampled on the fly and has no epochs; use --steps")
    batches_per_epoch = len(data) // (recipe.batch_size * world_size)
    return recipe.with_overrides(steps=max(1, math.ceil(epochs * batches_per_epoch / recipe.n_critic)))


def build_training_state(recipe: Recipe, parts: build.ResolvedParts, data: Data, device: torch.device,
                         topology: distributed.Topology, acceleration: Acceleration = Acceleration()) -> state.TrainingState:
    torch.manual_seed(recipe.seed)
    noise = torch.Generator(device=device).manual_seed(recipe.seed)
    batches = Batches(data, recipe.batch_size, recipe.seed, device, topology.rank, topology.world_size)
    context = SchemeContext(recipe=recipe, spec=data.spec, device=device, parts=parts, noise=noise, batches=batches,
                            precision=choose_precision(acceleration.precision, device), distributed=topology.distributed,
                            compile=acceleration.compile, channels_last=acceleration.uses_channels_last(device, data.spec))
    scheme = build.build_scheme(parts, recipe, context)
    averages = {}
    if recipe.ema is not None:
        averages = {name: MovingAverage(scheme.modules[name], recipe.ema) for name in scheme.averaged}
    return state.TrainingState(scheme=scheme, averages=averages, noise=noise, batches=batches, device=device)


def _restore(training: state.TrainingState, saved: checkpoint.Loaded, path: Path, recipe: Recipe) -> int:
    try:
        step = state.restore(training, saved)
    except (KeyError, RuntimeError, ValueError) as exc:
        raise GanzooError(f"{path} does not fit this recipe's networks ({str(exc).splitlines()[0]})") from None
    if step > recipe.steps:
        raise GanzooError(f"the checkpoint is at step {step}, past the {recipe.steps} steps asked for; give a larger --steps")
    return step


def _sample_inputs(scheme: Scheme, data: Data, recipe: Recipe, device: torch.device) -> dict[str, torch.Tensor]:
    """The fixed inputs of the run's sample pictures: one row per class for a conditional model;
    for inputs that come from the data, the first samples of the data, with their targets (the
    ``"sample"`` field) for the pictures to show beside the outputs."""
    fields = scheme.generator_inputs()
    if LABEL in fields and fields[LABEL].num_classes is not None:
        count = fields[LABEL].num_classes * SAMPLES_PER_CLASS
    else:
        count = SAMPLE_GRID_SIZE if data.spec.is_image else SAMPLE_CLOUD_SIZE
    if not set(fields) - {LATENT, LABEL}:
        return generation.draw_inputs(fields, count, sampler=scheme.context.sampler, seed=recipe.seed + 1, device=device)
    rows = _first_samples(data, SAMPLE_PANEL_ROWS, recipe.seed + 1, device)
    given = {name: values for name, values in rows.items() if name in fields and name != LABEL}
    inputs = generation.draw_inputs(fields, len(rows[SAMPLE]), sampler=scheme.context.sampler, seed=recipe.seed + 1,
                                    device=device, given=given)
    return {SAMPLE: rows[SAMPLE], **inputs}


def _first_samples(data: Data, count: int, seed: int, device: torch.device) -> dict[str, torch.Tensor]:
    """``count`` rows spread evenly over the data (datasets are often sorted by class)."""
    if isinstance(data, InMemoryData):
        rows = torch.linspace(0, len(data) - 1, min(count, len(data))).round().long()
        return data.rows(rows)
    return as_batch(data.draw(count, torch.Generator(device=device).manual_seed(seed), device))


def _loop(zoo: Zoo, run: Run, training: state.TrainingState, folder: RunFolder | None,
          topology: distributed.Topology, options: TrainOptions) -> None:
    builtin.install(zoo)
    observers = Observers(zoo, left_out=() if options.progress else (builtin.PROGRESS,))
    if folder:
        folder.open()
    observers.call("ganzoo_train_start", run=run)
    stop = StopRequest()
    try:
        with stop.installed():
            while run.step < run.total_steps and run.step != options.stop_after and not stop.agreed(topology, run.device):
                _step(run, training)
                if run.step % run.recipe.log_every == 0 or run.step == run.total_steps:
                    logs = run.scheme.logs()
                    observers.call("ganzoo_train_step", run=run, step=run.step, logs=logs)
                    divergence.check_logs(logs, run.step, folder.kept() if folder else "")
                if run.step % run.recipe.checkpoint_every == 0 and run.step < run.total_steps:
                    _save(observers, run, training, folder)
            _save(observers, run, training, folder)
    except divergence.Diverged:
        observers.call("ganzoo_train_end", run=run, step=run.step, interrupted=True)
        raise
    run.stop_signal = stop.signal
    observers.call("ganzoo_train_end", run=run, step=run.step, interrupted=stop.requested)


def _step(run: Run, training: state.TrainingState) -> None:
    set_learning_rates(run.recipe.lr_schedule, run.step, run.total_steps, run.scheme.optimizers.values())
    run.scheme.train_step(run.step, run.total_steps)
    for average in training.averages.values():
        average.update()
    run.step += 1


def _save(observers: Observers, run: Run, training: state.TrainingState, folder: RunFolder | None) -> None:
    """The checkpoint and the export, unless the weights diverged (the last good ones are kept)."""
    divergence.check_weights(run.modules, run.step, folder.kept() if folder else "")
    if folder is None:
        return
    folder.save(training)
    observers.call("ganzoo_checkpoint_saved", run=run, step=run.step, path=run.run_dir / CHECKPOINT_NAME)
