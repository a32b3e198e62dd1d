"""Training-step speed of ganzoo against the same GAN written as a plain PyTorch loop.

For each model family, ganzoo's training step is the real thing: the model's recipe, run by the
public :func:`ganzoo.training.trainer.train` with the plugins installed, timed from the
``ganzoo_train_start`` hook (everything built) to each ``ganzoo_train_step`` hook, which the
recipe here fires every block of steps. A timed block therefore holds that many calls of the
scheme's step, one ``logs()`` (which waits for the device) and one line of ``metrics.jsonl``: the
trainer's own per-step costs, and none of its set-up. The progress display updates once a block,
the sample pictures are due only after the last step, and no checkpoint falls inside a timed block.

The plain loop beside it is what one would write by hand around the same networks (copies of
ganzoo's, taken when training starts), with the recipe's optimiser, rates, batch size, latent
prior and data: real batches by indexing a random permutation of the same tensor (or drawn from
the same 2-D distribution), the loss written out (binary cross-entropy of the non-saturating GAN,
the hinge loss, or the Wasserstein loss with its gradient penalty on interpolates), ``n_critic``
D steps on fresh real batches, then one G step on the fakes of the last D step, and the learning
rate set each step where the recipe lets it fall linearly. The one difference in work is that
ganzoo freezes D during G's update, where the plain loop also computes gradients for D's
weights there and throws them away. Both compute in the same precision: under bf16 autocast both
run their forward passes in it; under fp16 the plain loop scales its losses with a GradScaler as
ganzoo does; with channels-last images both hold images and networks in that order.

The plain blocks run inside the benchmark's step hook, with ganzoo's clock stopped, so the two
alternate block by block in one process and machine noise hits both alike. The first block of
each is a warm-up and is not counted (with ``--compile`` it holds the compilation). Besides the
ratio of the two medians, the median of the block-by-block ratios is given: it is the steadier of
the two when the machine's load drifts. With ``--compile`` only ganzoo's networks are compiled:
the ratio then says what compiling gains over the plain eager loop.

    python benchmarks/speed.py [--models vanilla-mlp dcgan wgan-gp toy-gan] [--steps N] [--repeats 20]
                               [--batch-size N] [--device cpu] [--precision auto] [--compile] [--threads N] [--json OUT]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

from ganzoo.hookspecs import hookimpl
from ganzoo.parts import SAMPLE, InMemoryData
from ganzoo.plugins import load_zoo
from ganzoo.training.batches import as_batch
from ganzoo.training.device import Acceleration
from ganzoo.training.trainer import TrainOptions, train

TARGET = 0.95


@dataclass(frozen=True)
class Family:
    """A model measured, on which dataset, and how many of its steps make a timed block on a CPU
    (about a second's work)."""

    model: str
    dataset: str
    block: int


FAMILIES = {
    "vanilla-mlp": Family("vanilla-mlp", "mnist-sample", 250),
    "dcgan": Family("dcgan", "mnist-sample", 4),
    "wgan-gp": Family("wgan-gp", "mnist-sample", 1),
    "toy-gan": Family("toy-gan", "ring8", 25),
    "sngan": Family("sngan", "mnist-sample", 5),
}


def wait_for(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


class PlainLoop:
    """The recipe's GAN written the usual way with nothing but torch, around copies of ganzoo's
    networks (same architecture and starting weights)."""

    def __init__(self, run) -> None:
        recipe, context = run.recipe, run.scheme.context
        self.recipe, self.device = recipe, run.device
        layout = torch.channels_last if context.channels_last else torch.preserve_format
        self.G = copy.deepcopy(run.scheme.modules["generator"]).to(memory_format=layout)
        self.D = copy.deepcopy(run.scheme.modules["discriminator"]).to(memory_format=layout)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=recipe.lr_g, betas=recipe.betas)
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=recipe.lr_d, betas=recipe.betas)
        precision = context.precision.kind
        dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)
        self.autocast = lambda: torch.autocast(self.device.type, dtype=dtype, enabled=dtype is not None)
        self.scaler = torch.amp.GradScaler(self.device.type) if precision == "fp16" else None
        self.real_batches = self._real_batches(run.data, layout)
        self.done = 0

    def _real_batches(self, data, layout: torch.memory_format) -> Iterator[torch.Tensor]:
        n, device = self.recipe.batch_size, self.device
        if not isinstance(data, InMemoryData):
            generator = torch.Generator(device=device).manual_seed(1)
            while True:
                yield as_batch(data.draw(n, generator, device))[SAMPLE]
        samples = data.columns()[SAMPLE].to(device).contiguous(memory_format=layout)
        while True:
            order = torch.randperm(len(samples), device=device)
            for start in range(0, len(samples) - n + 1, n):
                yield samples[order[start : start + n]]

    def latent(self) -> torch.Tensor:
        shape = (self.recipe.batch_size, self.recipe.latent_dim)
        if self.recipe.sampler == "uniform":
            options = self.recipe.sampler_options
            low, high = options.get("low", -1.0), options.get("high", 1.0)
            return torch.rand(shape, device=self.device) * (high - low) + low
        return torch.randn(shape, device=self.device)

    def update(self, optimizer: torch.optim.Optimizer, loss: torch.Tensor) -> None:
        optimizer.zero_grad()
        if self.scaler is None:
            loss.backward()
            optimizer.step()
        else:
            self.scaler.scale(loss).backward()
            self.scaler.step(optimizer)
            self.scaler.update()

    def d_loss(self, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        real_logits, fake_logits = self.D(real).float().reshape(-1), self.D(fake).float().reshape(-1)
        if self.recipe.loss == "hinge":
            return F.relu(1 - real_logits).mean() + F.relu(1 + fake_logits).mean()
        if self.recipe.loss == "wgan-gp":
            return fake_logits.mean() - real_logits.mean()
        return (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
                + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))

    def gradient_penalty(self, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        epsilon = torch.rand(real.shape[0], *[1] * (real.dim() - 1), device=self.device)
        mixed = (epsilon * real + (1 - epsilon) * fake.float()).requires_grad_(True)
        (grad,) = torch.autograd.grad(self.D(mixed).sum(), mixed, create_graph=True)
        return self.recipe.loss_options.get("gp_weight", 10.0) * (grad.flatten(1).norm(dim=1) - 1).pow(2).mean()

    def g_loss(self, fake: torch.Tensor) -> torch.Tensor:
        fake_logits = self.D(fake).float().reshape(-1)
        if self.recipe.loss in ("hinge", "wgan-gp"):
            return -fake_logits.mean()
        return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))

    def run(self, steps: int) -> None:
        recipe = self.recipe
        for _ in range(steps):
            if recipe.lr_schedule == "linear":
                for optimizer, rate in ((self.opt_g, recipe.lr_g), (self.opt_d, recipe.lr_d)):
                    optimizer.param_groups[0]["lr"] = rate * (1 - self.done / recipe.steps)
            for i in range(recipe.n_critic):
                real = next(self.real_batches)
                with self.autocast(), torch.set_grad_enabled(i == recipe.n_critic - 1):
                    fake = self.G(self.latent())
                with self.autocast():
                    d_loss = self.d_loss(real, fake.detach())
                if recipe.loss == "wgan-gp":
                    d_loss = d_loss + self.gradient_penalty(real, fake.detach())
                self.update(self.opt_d, d_loss)
            with self.autocast():
                g_loss = self.g_loss(fake)
            self.update(self.opt_g, g_loss)
            self.done += 1
        wait_for(self.device)


class Interleaver:
    """A lifecycle plugin: times ganzoo's blocks of steps and runs a plain block after each one."""

    def __init__(self, block: int) -> None:
        self.block = block
        self.ganzoo: list[float] = []  # steps/s of each block, warm-up first
        self.plain: list[float] = []
        self._plain_loop: PlainLoop | None = None
        self._started = 0.0

    @hookimpl
    def ganzoo_train_start(self, run) -> None:
        self._plain_loop = PlainLoop(run)
        self._started = time.perf_counter()

    @hookimpl
    def ganzoo_train_step(self, run, step: int, logs) -> None:
        # logs() has just waited for the device, so the clock covers all of the block's work.
        self.ganzoo.append(self.block / (time.perf_counter() - self._started))
        assert self._plain_loop is not None
        started = time.perf_counter()
        self._plain_loop.run(self.block)
        self.plain.append(self.block / (time.perf_counter() - started))
        self._started = time.perf_counter()


@dataclass(frozen=True, kw_only=True)
class Settings:
    """One measurement: a family, ``repeats`` timed blocks of ``steps`` (the family's own block by
    default), at the recipe's batch size unless given, and how ganzoo computes."""

    family: Family
    repeats: int = 20
    steps: int | None = None
    batch_size: int | None = None
    device: str | None = "cpu"
    acceleration: Acceleration = Acceleration()


def measure(settings: Settings) -> dict:
    os.environ["GANZOO_OFFLINE"] = "1"
    load_before = load_average()
    family = settings.family
    block = settings.steps or family.block
    interleaver = Interleaver(block)
    zoo = load_zoo(extra=[("benchmark", interleaver)])
    recipe = zoo.registry.get("model", family.model).recipe
    total = block * (settings.repeats + 1)
    # The built-in sample pictures are due only after the last step, outside every timed block.
    recipe = recipe.with_overrides(dataset=family.dataset, batch_size=settings.batch_size or recipe.batch_size, steps=total,
                                   log_every=block, checkpoint_every=total, sample_every=total + 1)
    with tempfile.TemporaryDirectory() as folder:
        options = TrainOptions(Path(folder) / "run", device=settings.device, progress=False, acceleration=settings.acceleration)
        run = train(zoo, recipe, options, family.model)
    ganzoo, plain = interleaver.ganzoo[1:], interleaver.plain[1:]
    context = run.scheme.context
    return {
        "model": family.model,
        "dataset": family.dataset,
        "batch_size": recipe.batch_size,
        "device": str(run.device),
        "precision": context.precision.name,
        "compiled": context.compile,
        "channels_last": context.channels_last,
        "steps_per_block": block,
        "blocks": settings.repeats,
        "ganzoo_steps_per_s": summary(ganzoo),
        "plain_steps_per_s": summary(plain),
        "ratio": statistics.median(ganzoo) / statistics.median(plain),
        "pair_ratio": statistics.median([g / p for g, p in zip(ganzoo, plain)]),
        "target": TARGET,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "cpu": cpu_model(),
        "gpu": torch.cuda.get_device_name(run.device) if run.device.type == "cuda" else None,
        "python": sys.version.split()[0],
        "load_average": [load_before, load_average()],
    }


def summary(rates: list[float]) -> dict:
    return {"median": statistics.median(rates), "min": min(rates), "max": max(rates), "blocks": rates}


def load_average() -> float | None:
    """The one-minute load average, to judge how busy the machine was; None where unknown."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def report(result: dict) -> str:
    g, p = result["ganzoo_steps_per_s"], result["plain_steps_per_s"]
    verdict = "meets" if result["ratio"] >= result["target"] else "BELOW"
    before, after = (f"{x:.1f}" if x is not None else "unknown" for x in result["load_average"])
    how = ", ".join([result["precision"], *(["compiled"] if result["compiled"] else []),
                     *(["channels-last"] if result["channels_last"] else [])])
    return "\n".join([
        f"{result['model']} on {result['dataset']}, batch {result['batch_size']}, device {result['device']} ({how}): "
        f"{result['blocks']} alternating blocks of {result['steps_per_block']} steps each, after one warm-up block",
        "",
        f"  {'':<24} {'steps/s (median)':>16}  {'min – max':>15}",
        f"  {'ganzoo':<24} {g['median']:>16.1f}  {g['min']:>6.1f} – {g['max']:.1f}",
        f"  {'plain PyTorch':<24} {p['median']:>16.1f}  {p['min']:>6.1f} – {p['max']:.1f}",
        f"  {'ganzoo/plain, of medians':<24} {result['ratio']:>16.3f}  {verdict} the target of ≥ {result['target']:.2f}×",
        f"  {'ganzoo/plain, per block':<24} {result['pair_ratio']:>16.3f}  median of the block-by-block ratios",
        "",
        f"torch {result['torch']}, {result['threads']} threads, CPU: {result['cpu']}, GPU: {result['gpu'] or 'none'}, "
        f"Python {result['python']}",
        f"load average (1 min) before and after: {before}, {after}",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="+", choices=sorted(FAMILIES), default=["vanilla-mlp", "dcgan", "wgan-gp", "toy-gan"],
                        help="families to measure, one after the other (default: vanilla-mlp dcgan wgan-gp toy-gan)")
    parser.add_argument("--steps", type=int, help="steps per timed block (default: each family's own, about a second on a CPU)")
    parser.add_argument("--repeats", type=int, default=20, help="timed blocks of each, after a warm-up block (default 20)")
    parser.add_argument("--batch-size", type=int, help="default: each recipe's own")
    parser.add_argument("--device", default="cpu", help="cpu (default), cuda, cuda:N, mps or auto")
    parser.add_argument("--precision", default="auto", help="ganzoo's --precision: auto (default), bf16, fp16 or fp32")
    parser.add_argument("--compile", action="store_true", help="compile ganzoo's networks (the plain loop stays eager)")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's own choice)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON to OUT")
    args = parser.parse_args()
    if (args.steps is not None and args.steps < 1) or args.repeats < 1:
        parser.error("--steps and --repeats must be at least 1")
    if args.threads:
        torch.set_num_threads(args.threads)
    results = []
    for name in args.models:
        acceleration = Acceleration(precision=args.precision, compile=args.compile)
        results.append(measure(Settings(family=FAMILIES[name], repeats=args.repeats, steps=args.steps,
                                        batch_size=args.batch_size, device=args.device, acceleration=acceleration)))
        print(report(results[-1]) + "\n", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
