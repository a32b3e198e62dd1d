"""Mode coverage of the 2-D recipes, in the form of PacGAN's Table 1, next to the published rows.

Every (recipe, dataset, seed) is trained by the real command line (``ganzoo train``) and measured by
``ganzoo evaluate --metric mode-coverage`` (2,500 samples; PacGAN's and VEEGAN's definitions).
Rows give the mean ± standard error over the seeds of modes covered, % high-quality samples and
reverse KL. Results are also written, run by run, to a JSON file.

    python benchmarks/quality.py                  # 10 seeds, the recipes' default steps: hours on 2 CPU cores
    python benchmarks/quality.py --quick          # 2 seeds, 300 steps, ring8 only: a check that it all runs
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RECIPES = ["toy-gan", "toy-pacgan2", "toy-pacgan4", "toy-unrolled", "toy-minibatch", "toy-wgan-gp"]
DATASETS = ["ring8", "grid25"]
METRICS = ("modes_covered", "high_quality_percent", "reverse_kl")
# PacGAN (Lin et al. 2018), Table 1: means over 10 trials.
PUBLISHED = {
    ("GAN (PacGAN paper)", "ring8"): "6.3 modes, 98.2 %, KL 0.45",
    ("GAN (PacGAN paper)", "grid25"): "17.3 modes, 94.8 %, KL 0.70",
    ("PacGAN4 (PacGAN paper)", "ring8"): "7.8 modes, 95.9 %, KL 0.07",
    ("PacGAN4 (PacGAN paper)", "grid25"): "24.8 modes, 93.6 %, KL 0.04",
}


def ganzoo(*args: str, threads: int) -> str:
    env = {**os.environ, "GANZOO_OFFLINE": "1", "OMP_NUM_THREADS": str(threads)}
    done = subprocess.run([sys.executable, "-m", "ganzoo", *args], check=True, env=env, capture_output=True, text=True)
    return done.stdout


def measure(recipe: str, dataset: str, seed: int, steps: int | None, overrides: list[str], scratch: Path,
            threads: int) -> dict:
    run = scratch / f"{recipe}-{dataset}-{seed}"
    started = time.perf_counter()
    ganzoo("train", recipe, "--dataset", dataset, "--seed", str(seed), "--device", "cpu", "--out", str(run),
           *(["--steps", str(steps)] if steps else []), *(f"--set={o}" for o in overrides), threads=threads)
    report = json.loads(ganzoo("evaluate", str(run), "--metric", "mode-coverage", "--seed", str(seed), "--json", threads=threads))
    (result,) = report["results"]
    return {"recipe": recipe, "dataset": dataset, "seed": seed, "steps": report["step"],
            "seconds": round(time.perf_counter() - started, 1), **{m: result[m] for m in METRICS}}


def mean_se(values: list[float]) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    se = statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else 0.0
    return f"{statistics.fmean(values):.2f} ± {se:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2 seeds, 300 steps, ring8, toy-gan and toy-pacgan4")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--steps", type=int, default=None, help="override the recipes' steps")
    parser.add_argument("--recipes", nargs="*", default=RECIPES)
    parser.add_argument("--datasets", nargs="*", default=DATASETS)
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="FIELD=VALUE",
                        help="override a recipe field in every run, as ganzoo train --set does")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads per run (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="runs at a time (default: one per CPU)")
    parser.add_argument("--json", type=Path, default=Path("quality-results.json"), help="where to write every run's numbers")
    args = parser.parse_args()
    if args.quick:
        args.seeds, args.steps, args.recipes, args.datasets = 2, 300, ["toy-gan", "toy-pacgan4"], ["ring8"]

    started = time.perf_counter()
    runs = []
    jobs = [(recipe, dataset, seed) for dataset in args.datasets for recipe in args.recipes for seed in range(args.seeds)]
    with tempfile.TemporaryDirectory() as scratch, concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        pending = [pool.submit(measure, *job, args.steps, args.overrides, Path(scratch), args.threads) for job in jobs]
        for future in concurrent.futures.as_completed(pending):
            runs.append(future.result())
            args.json.write_text(json.dumps(runs, indent=2) + "\n")
            print(f"  {runs[-1]}", file=sys.stderr, flush=True)

    print(f"{'recipe':<28}{'data':<8}{'modes':>16}{'% high quality':>18}{'reverse KL':>16}")
    for dataset in args.datasets:
        for recipe in args.recipes:
            rows = [r for r in runs if r["recipe"] == recipe and r["dataset"] == dataset]
            print(f"{recipe:<28}{dataset:<8}" + "".join(f"{mean_se([r[m] for r in rows]):>16}" for m in METRICS))
        for (name, published_dataset), figures in PUBLISHED.items():
            if published_dataset == dataset:
                print(f"{name:<28}{dataset:<8}  {figures}")
    print(f"{len(runs)} runs, {args.seeds} seeds each, in {time.perf_counter() - started:.0f} s; every run in {args.json}")


if __name__ == "__main__":
    main()
