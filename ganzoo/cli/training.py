"""``ganzoo train``: train a named model, with flags overriding its recipe."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ganzoo.console import err
from ganzoo.errors import GanzooError
from ganzoo.cli import zoo as plugins_zoo
from ganzoo.overrides import Setting

if TYPE_CHECKING:
    from ganzoo.builtin.evaluations import EvaluationSettings


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
    precision: Annotated[str, typer.Option(help="auto (bf16 autocast on a GPU that has it, else fp16 with loss scaling; fp32 on a CPU), bf16, fp16 or fp32.")] = "auto",
    compile: Annotated[bool, typer.Option("--compile", help="Compile the networks with torch.compile (slow first steps; faster later ones on some models).")] = False,
    channels_last: Annotated[bool | None, typer.Option("--channels-last/--no-channels-last", help="Image batches and conv weights in channels-last order (default: on for images on a CUDA GPU).", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(help="Run folder (default: runs/MODEL/TIMESTAMP).")] = None,
    resume: Annotated[Path | None, typer.Option(help="Continue the run in this folder where it stopped.")] = None,
    eval_every: Annotated[int | None, typer.Option(help="Measure the generator as 'ganzoo evaluate' does every N steps (at the next checkpoint) and at the end, into RUN/evaluations.jsonl.", metavar="N")] = None,
    eval_metric: Annotated[list[str] | None, typer.Option(help="With --eval-every: only this metric (repeatable); default: every one that applies.", metavar="NAME")] = None,
    eval_n: Annotated[int, typer.Option(help="With --eval-every: samples per metric.", metavar="N")] = 1_000,
    keep_best: Annotated[str | None, typer.Option(help="With --eval-every: keep the best generator so far as RUN/best-generator.safetensors, by METRIC/VALUE:min or :max (e.g. classifier-fd/fd:min).", metavar="METRIC/VALUE:min|max")] = None,
) -> None:
    """Train a model. Ctrl-C or SIGTERM stops after the current step and saves a checkpoint to resume from."""
    from ganzoo.training.device import Acceleration
    from ganzoo.training.launching import Request, launch

    options = {"dataset": dataset, "loss": loss, "sampler": sampler, "batch_size": batch_size, "lr": lr, "seed": seed, "ema": ema}
    evaluation = _evaluation(eval_every, eval_metric, eval_n, keep_best, data_dir)
    request = Request(model=model, options=options, settings=[_parse_setting(setting) for setting in settings or []],
                      steps=steps, epochs=epochs, out=out, resume=resume, data_dir=data_dir, device=device,
                      acceleration=Acceleration(precision=precision, compile=compile, channels_last=channels_last),
                      evaluation=evaluation)
    run = launch(plugins_zoo.current(), request)
    if not run.is_main:
        return
    run_dir = run.run_dir
    if run.step < run.total_steps:
        err.print(f"stopped at step {run.step}; continue with: ganzoo train --resume {run_dir}")
    err.print(f"run folder: {run_dir}  (samples: {run_dir / 'samples.png'}; sample more: ganzoo sample {run_dir})")
    if run.stop_signal is not None:  # stopped by Ctrl-C or SIGTERM: the shell's status for it
        raise SystemExit(128 + run.stop_signal)


def _parse_setting(setting: str) -> Setting:
    """``FIELD=VALUE`` or ``PART_options.KEY=VALUE``, the value read as JSON (a bare word as text)."""
    key, separator, text = setting.partition("=")
    if not separator:
        raise GanzooError(f"--set takes FIELD=VALUE, got {setting!r}")
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = text  # a bare word such as a part name
    return Setting(key, value, setting, flag="--set")


def _evaluation(every: int | None, metrics: list[str] | None, n: int, keep_best: str | None,
                data_dir: Path | None) -> EvaluationSettings | None:
    from ganzoo.builtin.evaluations import BestBy, EvaluationSettings

    if every is None:
        if metrics or keep_best:
            raise GanzooError("--eval-metric and --keep-best go with --eval-every N")
        return None
    if every < 1 or n < 1:
        raise GanzooError(f"--eval-every and --eval-n must be positive whole numbers, got {every} and {n}")
    best = BestBy.parse(keep_best) if keep_best else None
    return EvaluationSettings(every=every, metrics=tuple(metrics or ()), n=n, keep_best=best, data_dir=data_dir)

