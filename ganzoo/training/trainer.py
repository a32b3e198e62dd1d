"""The training loop: build the parts, restore a checkpoint if resuming, step, log, save."""

from __future__ import annotations

import json
import math
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn
from torch.nn.parallel import DistributedDataParallel

import ganzoo
from ganzoo.errors import GanzooError
from ganzoo.plugins import Zoo
from ganzoo.provenance import check_recorded_parts
from ganzoo.recipe import Recipe
from ganzoo.training import build, checkpoint, distributed
from ganzoo.training.batches import Batches
from ganzoo.training.checkpoint import CHECKPOINT_NAME, FORMAT, GENERATOR_FORMAT, GENERATOR_NAME
from ganzoo.parts import InMemoryData, Update
from ganzoo.training.device import autocast_for, choose_device, precision_name
from ganzoo.training.ema import MovingAverage
from ganzoo.training.run import Run
from ganzoo.training.schedule import set_learning_rates
from ganzoo.training.step import AlternatingUpdate, UpdateContext

METRICS_NAME = "metrics.jsonl"
CONFIG_NAME = "config.json"
SAMPLE_GRID_SIZE = 64
SAMPLE_CLOUD_SIZE = 2_000  # points drawn for the picture of a run on non-image data
SAMPLES_PER_CLASS = 8  # a conditional run's grid has one row of this many per class


@dataclass(frozen=True)
class TrainOptions:
    """How to run a recipe, as opposed to what to train (the recipe)."""

    run_dir: Path
    device: str | None = None
    data_dir: Path | None = None
    resume: bool = False
    epochs: int | None = None


class _StopRequest:
    """Turns the first Ctrl-C into a request to stop after the current step; a second one aborts."""

    def __init__(self) -> None:
        self.requested = False

    @contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = signal.getsignal(signal.SIGINT)

        def handler(signum: int, frame: object) -> None:
            if self.requested:
                raise KeyboardInterrupt
            self.requested = True

        signal.signal(signal.SIGINT, handler)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)


def _optimizer(recipe: Recipe, params: list[nn.Parameter], lr: float) -> torch.optim.Optimizer:
    if recipe.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr, betas=recipe.betas)
    if recipe.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr)
    return torch.optim.SGD(params, lr=lr, momentum=recipe.betas[0])


def train(zoo: Zoo, recipe: Recipe, options: TrainOptions, model: str | None = None) -> Run:
    """Train ``recipe`` into ``options.run_dir``; returns the finished (or stopped) run."""
    run_dir = options.run_dir
    checkpoint_path = run_dir / CHECKPOINT_NAME
    saved = None
    if options.resume:
        saved = checkpoint.load(checkpoint_path, FORMAT)
        check_recorded_parts(zoo.registry, saved.meta.get("parts", {}))
    elif checkpoint_path.exists():
        raise GanzooError(f"{run_dir} already holds a run; resume it with --resume {run_dir} or choose another --out")
    parts = build.ResolvedParts.lookup(zoo.registry, recipe)
    topology = distributed.join()
    device = distributed.device_for(topology, choose_device(options.device))

    data = build.build_data(parts.dataset, recipe, options.data_dir)
    if options.epochs is not None:
        if not isinstance(data, InMemoryData):
            raise GanzooError(f"dataset {parts.dataset.name!r} is sampled on the fly and has no epochs; use --steps")
        batches_per_epoch = len(data) // (recipe.batch_size * topology.world_size)
        recipe = recipe.with_overrides(steps=max(1, math.ceil(options.epochs * batches_per_epoch / recipe.n_critic)))

    torch.manual_seed(recipe.seed)
    networks = build.build_networks(parts.architecture, recipe, data.spec, device)
    G, D = networks.generator, networks.discriminator
    optimizer_g = _optimizer(recipe, list(G.parameters()), recipe.lr_g)
    optimizer_d = _optimizer(recipe, list(D.parameters()), recipe.lr_d)
    sampler = build.build_sampler(parts.sampler, recipe)
    noise = torch.Generator(device=device).manual_seed(recipe.seed)
    batches = Batches(data, recipe.batch_size, recipe.seed, device, topology.rank, topology.world_size)
    fixed_labels = None
    if networks.conditional:
        classes = torch.arange(data.spec.num_classes, device=device)
        fixed_labels = classes.repeat_interleave(SAMPLES_PER_CLASS)
    fixed_count = len(fixed_labels) if fixed_labels is not None else SAMPLE_GRID_SIZE if data.spec.is_image else SAMPLE_CLOUD_SIZE
    fixed_noise = torch.Generator(device=device).manual_seed(recipe.seed + 1)
    fixed = sampler(fixed_count, recipe.latent_dim, generator=fixed_noise, device=device)
    ema = MovingAverage(G, recipe.ema) if recipe.ema is not None else None

    step = 0
    if saved is not None:
        step = _restore(saved, checkpoint_path, G, D, ema, optimizer_g, optimizer_d, noise, batches, device)
        if step > recipe.steps:
            raise GanzooError(f"the checkpoint is at step {step}, past the {recipe.steps} steps asked for; give a larger --steps")
    G_step, D_step = (DistributedDataParallel(m) for m in (G, D)) if topology.distributed else (G, D)
    context = UpdateContext(
        G_step, D_step, D, optimizer_g, optimizer_d, build.build_loss(parts.loss, recipe), sampler, batches,
        recipe.latent_dim, recipe.n_critic, data.spec.num_classes if networks.conditional else None,
        noise, autocast_for(device), device,
    )
    update = _update(parts, recipe, context)

    run = Run(model, recipe, run_dir, device, networks, data, step, recipe.steps, fixed, fixed_labels,
              topology.is_main, ema.model if ema else None)
    writer = _RunWriter(run, parts, topology.world_size) if topology.is_main else None
    if writer:
        writer.start(resumed_from=step if options.resume else None)
    zoo.hook.ganzoo_train_start(run=run)
    stop = _StopRequest()
    try:
        with stop.installed():
            while run.step < run.total_steps and not stop.requested:
                set_learning_rates(recipe, run.step, optimizer_g, optimizer_d)
                update.step()
                if ema is not None:
                    ema.update()
                run.step += 1
                if run.step % recipe.log_every == 0 or run.step == run.total_steps:
                    logs = update.logs()
                    if writer:
                        writer.log(run.step, logs)
                    zoo.hook.ganzoo_train_step(run=run, step=run.step, logs=logs)
                if run.step % recipe.checkpoint_every == 0 and run.step < run.total_steps and writer:
                    writer.save(context, ema)
                    zoo.hook.ganzoo_checkpoint_saved(run=run, step=run.step, path=checkpoint_path)
        if writer:
            writer.save(context, ema)
            zoo.hook.ganzoo_checkpoint_saved(run=run, step=run.step, path=checkpoint_path)
        zoo.hook.ganzoo_train_end(run=run, step=run.step, interrupted=stop.requested)
    finally:
        if writer:
            writer.close()
        distributed.leave(topology)
    return run


def _update(parts: build.ResolvedParts, recipe: Recipe, context: UpdateContext) -> Update:
    if parts.update is None:
        try:
            return AlternatingUpdate(context, **recipe.update_options)
        except TypeError as exc:
            raise GanzooError(f"the alternating update rejected its options {dict(recipe.update_options)}: {exc}") from None
    return build.call_factory(parts.update, recipe.update_options, context)


def _restore(
    loaded: checkpoint.Loaded,
    path: Path,
    G: nn.Module,
    D: nn.Module,
    ema: MovingAverage | None,
    optimizer_g: torch.optim.Optimizer,
    optimizer_d: torch.optim.Optimizer,
    noise: torch.Generator,
    batches: Batches,
    device: torch.device,
) -> int:
    try:
        G.load_state_dict(loaded.prefixed("generator."))
        D.load_state_dict(loaded.prefixed("discriminator."))
        if ema is not None:
            ema.model.load_state_dict(loaded.prefixed("ema."))
        checkpoint.restore_optimizer(optimizer_g, loaded.prefixed("optimizer_g."), loaded.meta["optimizer_g"])
        checkpoint.restore_optimizer(optimizer_d, loaded.prefixed("optimizer_d."), loaded.meta["optimizer_d"])
        noise.set_state(loaded.tensors["rng.noise"])
        batches.generator.set_state(loaded.tensors["rng.data"])
        torch.set_rng_state(loaded.tensors["rng.torch"])
        if device.type == "cuda" and "rng.cuda" in loaded.tensors:
            torch.cuda.set_rng_state(loaded.tensors["rng.cuda"], device)
        batches.count = int(loaded.meta["batches_taken"])
        return int(loaded.meta["step"])
    except (KeyError, RuntimeError, ValueError) as exc:
        raise GanzooError(f"{path} does not fit this recipe's networks ({str(exc).splitlines()[0]})") from None


class _RunWriter:
    """Everything rank 0 writes into the run folder: config, metrics, checkpoints, the generator."""

    def __init__(self, run: Run, parts: build.ResolvedParts, world_size: int) -> None:
        self.run = run
        self.parts = parts
        self.world_size = world_size
        self._metrics = None

    def _description(self) -> dict:
        run = self.run
        return {
            "ganzoo_version": ganzoo.__version__,
            "model": run.model,
            "recipe": run.recipe.to_dict(),
            "parts": self.parts.providers(),
            "data": {"source": run.data.source, "samples": len(run.data) if isinstance(run.data, InMemoryData) else None,
                     "shape": list(run.data.spec.shape),
                     "value_range": list(run.data.spec.value_range), "num_classes": run.data.spec.num_classes},
        }

    def start(self, resumed_from: int | None) -> None:
        run = self.run
        run.run_dir.mkdir(parents=True, exist_ok=True)
        config = {**self._description(), "device": str(run.device), "precision": precision_name(run.device),
                  "world_size": self.world_size}
        if resumed_from is not None:
            config["resumed_from_step"] = resumed_from
        checkpoint.write_atomically(run.run_dir / CONFIG_NAME, (json.dumps(config, indent=2) + "\n").encode())
        metrics = run.run_dir / METRICS_NAME
        if resumed_from is not None and metrics.exists():
            # Lines logged after the checkpoint would be written again by the resumed run.
            kept = [line for line in metrics.read_text().splitlines() if line and json.loads(line)["step"] <= resumed_from]
            checkpoint.write_atomically(metrics, "".join(line + "\n" for line in kept).encode())
        self._metrics = metrics.open("a", buffering=1)

    def log(self, step: int, logs: dict[str, float]) -> None:
        assert self._metrics is not None
        self._metrics.write(json.dumps({"step": step, **logs}) + "\n")

    def save(self, context: UpdateContext, ema: MovingAverage | None) -> None:
        run = self.run
        G, D = run.networks.generator, run.networks.discriminator
        g_opt, g_meta = checkpoint.optimizer_tensors("optimizer_g", context.optimizer_g)
        d_opt, d_meta = checkpoint.optimizer_tensors("optimizer_d", context.optimizer_d)
        tensors = {
            **{f"generator.{k}": v for k, v in G.state_dict().items()},
            **{f"discriminator.{k}": v for k, v in D.state_dict().items()},
            **({f"ema.{k}": v for k, v in ema.model.state_dict().items()} if ema else {}),
            **g_opt,
            **d_opt,
            "rng.noise": context.noise.get_state(),
            "rng.data": context.batches.generator.get_state(),
            "rng.torch": torch.get_rng_state(),
        }
        if run.device.type == "cuda":
            tensors["rng.cuda"] = torch.cuda.get_rng_state(run.device)
        description = self._description()
        meta = {"format": FORMAT, "step": run.step, "batches_taken": context.batches.count,
                "optimizer_g": g_meta, "optimizer_d": d_meta, **description}
        checkpoint.save(run.run_dir / CHECKPOINT_NAME, tensors, meta)
        export = {"format": GENERATOR_FORMAT, "step": run.step, **description}
        exported = ema.model if ema else G
        checkpoint.save(run.run_dir / GENERATOR_NAME, exported.state_dict(), export)

    def close(self) -> None:
        if self._metrics is not None:
            self._metrics.close()
