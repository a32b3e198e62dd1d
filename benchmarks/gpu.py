"""Training-step speed on a GPU: ganzoo against the hand-written loop, with and without mixed
precision and compiling.

For each of ``dcgan``, ``wgan-gp`` and ``sngan`` on ``mnist-sample``, at batch 128 and 256, in the
GPU's mixed precision (``--precision auto``: bf16 autocast, or fp16 with loss scaling where the GPU
has no bf16) and in fp32, eager and compiled, it runs ``benchmarks/speed.py``'s measurement: ganzoo's
real training loop and a plain PyTorch loop of the same networks taking turns block by block in
one process (see that script for what each does). Images are channels-last on the GPU in both
loops, as ganzoo does by default there. Only ganzoo's networks are compiled, so a compiled row's
ratio is what compiling gains over the eager hand-written loop; the first block of each row, which
holds the compilation, is not counted.

A row takes well under a minute on a current GPU, compiled ones a little more; the whole table a
few minutes. ``--quick`` checks the script itself on any device in a minute.

    python benchmarks/gpu.py [--models dcgan wgan-gp sngan] [--batch-sizes 128 256] [--repeats 10] [--json OUT]
    python benchmarks/gpu.py --device cpu --quick
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import torch

from ganzoo.training.device import Acceleration
from speed import FAMILIES, Settings, measure

MODELS = ("dcgan", "wgan-gp", "sngan")
STEPS_PER_BLOCK = {"dcgan": 50, "wgan-gp": 10, "sngan": 50}  # a fraction of a second each on a GPU


def rows(args: argparse.Namespace) -> list[Settings]:
    """Every measurement the table asks for, in the order they run."""
    combinations = itertools.product(args.models, args.batch_sizes, ("auto", "fp32"), (False, True))
    return [
        Settings(family=FAMILIES[model], repeats=args.repeats, steps=1 if args.quick else STEPS_PER_BLOCK[model],
                 batch_size=batch_size, device=args.device, acceleration=Acceleration(precision=precision, compile=compiled))
        for model, batch_size, precision, compiled in combinations
    ]


def table(results: list[dict]) -> str:
    lines = [f"{'model':<8} {'batch':>5} {'precision':<11} {'compiled':<8} {'ganzoo steps/s':>14} {'plain steps/s':>13} "
             f"{'ratio':>6} {'per block':>9}"]
    for r in results:
        lines.append(f"{r['model']:<8} {r['batch_size']:>5} {r['precision']:<11} {'yes' if r['compiled'] else 'no':<8} "
                     f"{r['ganzoo_steps_per_s']['median']:>14.1f} {r['plain_steps_per_s']['median']:>13.1f} "
                     f"{r['ratio']:>6.3f} {r['pair_ratio']:>9.3f}")
    first = results[0]
    lines.append(f"\n{first['gpu'] or first['device']}, torch {first['torch']}, Python {first['python']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=[128, 256])
    parser.add_argument("--repeats", type=int, default=10, help="timed blocks of each, after a warm-up block (default 10)")
    parser.add_argument("--device", default="cuda", help="cuda (default), cuda:N; cpu only with --quick")
    parser.add_argument("--quick", action="store_true", help="a check of the script: 2 blocks of 1 step, batch 16")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON to OUT")
    args = parser.parse_args()
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        sys.exit("error: this PyTorch sees no CUDA GPU; run on a GPU machine, or check the script with --device cpu --quick")
    if args.quick:
        args.repeats, args.batch_sizes = 2, [16]
    results = []
    for settings in rows(args):
        results.append(measure(settings))
        r = results[-1]
        print(f"{r['model']} batch {r['batch_size']} {r['precision']}{' compiled' if r['compiled'] else ''}: "
              f"ganzoo {r['ganzoo_steps_per_s']['median']:.1f} steps/s, plain {r['plain_steps_per_s']['median']:.1f}, "
              f"ratio {r['ratio']:.3f}", flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n")
    print("\n" + table(results))


if __name__ == "__main__":
    main()
