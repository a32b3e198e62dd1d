"""Training-step speed of ganzoo against the same GAN written as a plain PyTorch loop.

What is measured as "ganzoo's training step" is the real thing: the ``vanilla-mlp`` recipe, on the
``mnist-sample`` dataset, run by the public :func:`ganzoo.training.trainer.train` with the plugins
installed. Its loop is timed from the ``ganzoo_train_start`` hook (everything built) to each
``ganzoo_train_step`` hook, which the recipe here fires every ``--steps`` steps. A timed block
therefore holds ``--steps`` calls of the alternating scheme's step, one ``logs()`` (which waits for the
device) and one line of ``metrics.jsonl``: the trainer's own per-step costs, and none of its set-up.
The built-in progress bar updates once a block, the sample pictures are due only after the last step,
and no checkpoint falls inside the timed steps.

The plain loop is what one would write by hand: the same two MLPs (G: z 100 → 128 → LeakyReLU(0.01)
→ 784 → tanh; D: 784 → 128 → LeakyReLU(0.01) → 1), Adam (lr 1e-3, betas (0.5, 0.999)), the same
in-memory tensor batched by indexing a random permutation, a D step on real and detached fake with
BCE-with-logits, then a G step with the non-saturating loss on that same fake. Both run G once a
step and reuse its fake for G's update; the one difference in work is that ganzoo freezes D during
G's update, where the plain loop also computes gradients for D's weights there and throws them away. On CUDA
with bfloat16 both run their forward passes under bf16 autocast, as ganzoo does.

The plain blocks run inside the benchmark's step hook, with ganzoo's clock stopped, so the two
alternate block by block in one process and machine noise hits both alike. The first block of
each is a warm-up and is not counted. Besides the ratio of the two medians, the median of the
block-by-block ratios is given: it is the steadier of the two when the machine's load drifts.

    python benchmarks/speed.py [--steps 250] [--repeats 20] [--batch-size 128] [--device cpu] [--threads N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import torch
from torch import nn

from ganzoo.hookspecs import hookimpl
from ganzoo.plugins import load_zoo
from ganzoo.training.trainer import TrainOptions, train

MODEL = "vanilla-mlp"
DATASET = "mnist-sample"
TARGET = 0.95


def wait_for(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


class PlainLoop:
    """The vanilla GAN of the ``vanilla-mlp`` recipe, written the usual way with nothing but torch."""

    def __init__(self, samples: torch.Tensor, batch_size: int, device: torch.device, latent_dim: int = 100) -> None:
        self.data = samples.reshape(samples.shape[0], -1).to(device)
        self.batch_size, self.latent_dim, self.device = batch_size, latent_dim, device
        pixels, hidden = self.data.shape[1], 128
        self.G = nn.Sequential(nn.Linear(latent_dim, hidden), nn.LeakyReLU(0.01), nn.Linear(hidden, pixels), nn.Tanh()).to(device)
        self.D = nn.Sequential(nn.Linear(pixels, hidden), nn.LeakyReLU(0.01), nn.Linear(hidden, 1)).to(device)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=1e-3, betas=(0.5, 0.999))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=1e-3, betas=(0.5, 0.999))
        self.bce = nn.BCEWithLogitsLoss()
        self.ones = torch.ones(batch_size, 1, device=device)
        self.zeros = torch.zeros(batch_size, 1, device=device)
        bf16 = device.type == "cuda" and torch.cuda.is_bf16_supported()
        self.autocast = lambda: torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16)
        self.real_batches = self._real_batches()

    def _real_batches(self) -> Iterator[torch.Tensor]:
        n = self.data.shape[0]
        while True:
            order = torch.randperm(n, device=self.device)
            for start in range(0, n - self.batch_size + 1, self.batch_size):
                yield self.data[order[start : start + self.batch_size]]

    def run(self, steps: int) -> None:
        for _ in range(steps):
            real = next(self.real_batches)
            z = torch.randn(self.batch_size, self.latent_dim, device=self.device)
            with self.autocast():
                fake = self.G(z)
                d_loss = self.bce(self.D(real).float(), self.ones) + self.bce(self.D(fake.detach()).float(), self.zeros)
            self.opt_d.zero_grad()
            d_loss.backward()
            self.opt_d.step()

            with self.autocast():
                g_loss = self.bce(self.D(fake).float(), self.ones)
            self.opt_g.zero_grad()
            g_loss.backward()
            self.opt_g.step()
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
        self._plain_loop = PlainLoop(run.data.samples, run.recipe.batch_size, run.device, run.recipe.latent_dim)
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


def measure(steps: int, repeats: int, batch_size: int, device: str | None) -> dict:
    os.environ["GANZOO_OFFLINE"] = "1"
    load_before = load_average()
    interleaver = Interleaver(steps)
    zoo = load_zoo(extra=[("benchmark", interleaver)])
    recipe = zoo.registry.get("model", MODEL).recipe
    total = steps * (repeats + 1)
    # The built-in sample pictures are due only after the last step, outside every timed block.
    recipe = recipe.with_overrides(dataset=DATASET, batch_size=batch_size, steps=total, log_every=steps, checkpoint_every=total,
                                   sample_every=total + 1)
    with tempfile.TemporaryDirectory() as folder:
        run = train(zoo, recipe, TrainOptions(Path(folder) / "run", device=device), MODEL)
    ganzoo, plain = interleaver.ganzoo[1:], interleaver.plain[1:]
    ratio = statistics.median(ganzoo) / statistics.median(plain)
    pair_ratio = statistics.median([g / p for g, p in zip(ganzoo, plain)])
    return {
        "model": MODEL,
        "dataset": DATASET,
        "batch_size": batch_size,
        "device": str(run.device),
        "steps_per_block": steps,
        "blocks": repeats,
        "ganzoo_steps_per_s": {"median": statistics.median(ganzoo), "min": min(ganzoo), "max": max(ganzoo), "blocks": ganzoo},
        "plain_steps_per_s": {"median": statistics.median(plain), "min": min(plain), "max": max(plain), "blocks": plain},
        "ratio": ratio,
        "pair_ratio": pair_ratio,
        "target": TARGET,
        "meets_target": ratio >= TARGET,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "cpu": cpu_model(),
        "python": sys.version.split()[0],
        "load_average": [load_before, load_average()],
    }


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
    verdict = "meets" if result["meets_target"] else "BELOW"
    before, after = (f"{x:.1f}" if x is not None else "unknown" for x in result["load_average"])
    return "\n".join([
        f"{result['model']} on {result['dataset']}, batch {result['batch_size']}, device {result['device']}: "
        f"{result['blocks']} alternating blocks of {result['steps_per_block']} steps each, after one warm-up block",
        "",
        f"  {'':<24} {'steps/s (median)':>16}  {'min – max':>15}",
        f"  {'ganzoo':<24} {g['median']:>16.1f}  {g['min']:>6.1f} – {g['max']:.1f}",
        f"  {'plain PyTorch':<24} {p['median']:>16.1f}  {p['min']:>6.1f} – {p['max']:.1f}",
        f"  {'ganzoo/plain, of medians':<24} {result['ratio']:>16.3f}  {verdict} the target of ≥ {result['target']:.2f}×",
        f"  {'ganzoo/plain, per block':<24} {result['pair_ratio']:>16.3f}  median of the block-by-block ratios",
        "",
        f"torch {result['torch']}, {result['threads']} threads, CPU: {result['cpu']}, Python {result['python']}",
        f"load average (1 min) before and after: {before}, {after}",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=250, help="steps per timed block (default 250)")
    parser.add_argument("--repeats", type=int, default=20, help="timed blocks of each, after a warm-up block (default 20)")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--device", default="cpu", help="cpu (default), cuda, cuda:N, mps or auto")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's own choice)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the result as JSON to OUT")
    args = parser.parse_args()
    if args.steps < 1 or args.repeats < 1:
        parser.error("--steps and --repeats must be at least 1")
    if args.threads:
        torch.set_num_threads(args.threads)
    result = measure(args.steps, args.repeats, args.batch_size, args.device)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
