"""How good the zoo's samples are, by ganzoo's own offline metrics, beside the published figures.

Two tables, each run trained by the real command line (``ganzoo train``, one fresh process per run)
and measured by ``ganzoo evaluate --json``:

- ``2d``: PacGAN's Table 1 (Lin et al. 2018). Each 2-D remedy for mode collapse, on ``ring8`` and
  ``grid25``, over 10 seeds: mean ± standard error of the modes covered, the % of high-quality
  samples and the reverse KL (2,500 samples; PacGAN's and VEEGAN's definitions), next to PacGAN's
  published rows. Every row trains for the same number of generator steps: 1,000 by default, which
  fits the 120 runs of the other rows in an hour on 2 CPU cores (the recipes' own budget is 4,000);
  the second-order unrolled GAN's 20 runs cost more than those 120 together.
- ``images``: the image models on ``mnist-sample`` and ``fashion-mnist`` (skipped, and said so,
  where it is not installed), one seed each at a fixed budget of steps, with the classifier
  metrics and, for each, the same metric for held-out real images: the floor. The last three rows
  are the best configurations found towards that floor: unconditional, and conditional on the class
  at 6,000 steps and at 15,000 (the 30-minute budget).
- ``stacked`` (only when asked for): stacked MNIST, the 1,000 modes of three digits (Metz et al.
  2017), for the DCGAN and PacGAN's packed DCGAN at a fixed budget of steps, one seed each: modes
  covered of 1,000 and the KL of the mode histogram from uniform over 26,000 samples, beside the
  figures VEEGAN and PacGAN published (their Table 3).

Every run's numbers, the wall time of each table and the machine go to a JSON file, rewritten after
each run so that an interrupted benchmark keeps what it measured.

    python benchmarks/quality.py                                   # both tables, two runs at a time
    python benchmarks/quality.py --tables 2d                       # the 2-D table alone: hours
    python benchmarks/quality.py --tables 2d --only PacGAN4 --steps 4000   # one row, the recipe's budget
    python benchmarks/quality.py --tables 2d --only "R1, half width" --steps 15000   # toy-r1's own budget
    python benchmarks/quality.py --tables 2d --only "R1, mixture prior, batch 500" --steps 15000   # toy-gm-r1's
    python benchmarks/quality.py --tables 2d --only "Unrolled GAN, 2nd order" --seeds 2 --first-seed 3   # seeds 3, 4
    python benchmarks/quality.py --tables images --only "sngan, EMA"   # one image row, both datasets
    python benchmarks/quality.py --tables stacked                  # stacked MNIST: about half an hour
    python benchmarks/quality.py --quick                           # CI-sized: a few short runs of each
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# label, model, extra arguments of `ganzoo train`
ROWS_2D = [
    ("GAN (minimax)", "toy-gan", ["--loss", "minimax"]),
    ("GAN (non-saturating)", "toy-gan", []),
    ("PacGAN2", "toy-pacgan2", []),
    ("PacGAN4", "toy-pacgan4", []),
    ("Unrolled GAN, 1st order", "toy-unrolled", ["--set", "scheme_options.second_order=false"]),
    ("Unrolled GAN, 2nd order", "toy-unrolled", ["--set", "scheme_options.second_order=true"]),
    ("WGAN-GP", "toy-wgan-gp", []),
    ("R1, half width", "toy-r1", []),  # found by benchmarks/toy_search.py; its own budget is 15,000
    ("R1, mixture prior, batch 500", "toy-gm-r1", []),  # the best of toy_search.py; its own budget is 15,000
]
DATASETS_2D = ["ring8", "grid25"]
STEPS_2D = 1_000
METRICS_2D = ("modes_covered", "high_quality_percent", "reverse_kl")
# PacGAN (Lin et al. 2018), Table 1: means over 10 trials.
PUBLISHED_2D = [
    ("GAN (PacGAN, Table 1)", "ring8", "6.3", "98.2", "0.45"),
    ("PacGAN4 (PacGAN, Table 1)", "ring8", "7.8", "95.9", "0.07"),
    ("GAN (PacGAN, Table 1)", "grid25", "17.3", "94.8", "0.70"),
    ("PacGAN4 (PacGAN, Table 1)", "grid25", "24.8", "93.6", "0.04"),
]

# label, model, generator steps, extra arguments of `ganzoo train`: the zoo's models at a few CPU minutes each,
# then the best found towards the real-data floor, at up to 30 CPU minutes a run
ROWS_IMAGES = [
    ("vanilla-mlp", "vanilla-mlp", 5_000, []),
    ("cgan", "cgan", 1_500, []),
    ("dcgan", "dcgan", 1_000, []),
    ("wgan-gp", "wgan-gp", 300, []),
    ("sngan, EMA", "sngan", 14_000, ["--ema", "0.999"]),
    # conditional: labels drawn uniformly; first measured with Adam β (0.5, 0.999), before the recipe took the paper's
    ("cdcgan-projection, EMA", "cdcgan-projection", 6_000, ["--ema", "0.999", "--set", "betas=[0.5,0.999]"]),
    ("cdcgan-projection, EMA, 15k", "cdcgan-projection", 15_000, ["--ema", "0.999"]),  # the 30-minute budget
]
DATASETS_IMAGES = ["mnist-sample", "fashion-mnist"]
# result key in `ganzoo evaluate --json`, column heading
METRICS_IMAGES = [("fd", "FD"), ("kid", "KID"), ("is", "IS"), ("classes_covered", "classes"), ("class_kl", "class KL")]
# label, model, extra arguments of `ganzoo train`; PacGAN keeps 64 packs a batch, so packs of 2 take 128 images
ROWS_STACKED = [
    ("DCGAN", "dcgan", ["--batch-size", "64"]),
    ("PacDCGAN2", "dcgan", ["--batch-size", "128", "--set", "architecture_options.pack=2"]),
]
STEPS_STACKED = 2_500
# label, modes covered, KL: VEEGAN (Srivastava et al. 2017) Table 2's DCGAN row, as PacGAN (Lin et al. 2018) Table 3 gives it
PUBLISHED_STACKED = [("DCGAN (VEEGAN; PacGAN, Table 3)", "99", "3.40"), ("PacDCGAN2 (PacGAN, Table 3)", "1000", "0.06")]
# Keys of a metric's result that say how it was measured rather than what it measured.
PROVENANCE_KEYS = {"metric", "plugin", "version", "n_used", "seed", "reference", "floor_from"}


class RunFailed(Exception):
    """A ganzoo command exited with an error; its last line says why."""


def ganzoo(*args: str, threads: int) -> str:
    env = {**os.environ, "GANZOO_OFFLINE": "1", "OMP_NUM_THREADS": str(threads)}
    done = subprocess.run([sys.executable, "-m", "ganzoo", *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise RunFailed((done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1])
    return done.stdout


def train_and_evaluate(model: str, dataset: str, seed: int, train_args: list[str], evaluate_args: list[str],
                       run: Path, threads: int) -> dict:
    started = time.perf_counter()
    ganzoo("train", model, "--dataset", dataset, "--seed", str(seed), "--device", "cpu", "--out", str(run),
           *train_args, threads=threads)
    trained = time.perf_counter()
    report = json.loads(ganzoo("evaluate", str(run), "--seed", str(seed), "--device", "cpu", "--json",
                               *evaluate_args, threads=threads))
    del report["generator"]  # a path in the scratch folder, gone when the benchmark ends
    # One flat view of every metric's figures for the tables; the full report (provenance included) is kept.
    metrics = {key: value for result in report["results"] for key, value in result.items()
               if key not in PROVENANCE_KEYS and not isinstance(value, dict)}
    classifier = next((r["classifier"] for r in report["results"] if "classifier" in r), None)
    return {"model": model, "dataset": dataset, "seed": seed, "steps": report["step"],
            "train_seconds": round(trained - started, 1), "evaluate_seconds": round(time.perf_counter() - trained, 1),
            "metrics": metrics, **({"classifier": classifier} if classifier else {}), "report": report}


def run_all(jobs: list[Callable[[], dict]], workers: int, done: Callable[[dict], None]) -> None:
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for future in concurrent.futures.as_completed([pool.submit(job) for job in jobs]):
            done(future.result())


def mean_se(values: list[float | None]) -> str:
    """Mean ± standard error of the values that exist; ``*n`` after it: over only ``n`` of them."""
    present = [v for v in values if v is not None]
    if not present:
        return "n/a"
    se = statistics.stdev(present) / math.sqrt(len(present)) if len(present) > 1 else 0.0
    partial = f" *{len(present)}" if len(present) < len(values) else ""
    return f"{statistics.fmean(present):.2f} ± {se:.2f}{partial}"


def print_2d(runs: list[dict], rows: list[tuple[str, str, list[str]]], datasets: list[str]) -> None:
    print(f"{'':<28}{'data':<8}{'modes':>14}{'% high quality':>18}{'reverse KL':>19}   seeds  steps")
    print("(*n: the reverse KL of a run with no high-quality sample is undefined; the mean is over the other n)")
    for dataset in datasets:
        for label, *_ in rows:
            mine = [r for r in runs if r["label"] == label and r["dataset"] == dataset]
            if mine:
                cells = "".join(f"{mean_se([r['metrics'].get(m) for r in mine]):>{w}}"
                                for m, w in zip(METRICS_2D, (14, 18, 19)))
                print(f"{label:<28}{dataset:<8}{cells}   {len(mine):>5}  {mine[0]['steps']:>5}")
        for label, published_dataset, *figures in PUBLISHED_2D:
            if published_dataset == dataset:
                print(f"{label:<28}{dataset:<8}" + "".join(f"{f:>{w}}" for f, w in zip(figures, (14, 18, 19))))


def print_images(runs: list[dict]) -> None:
    width = max([16, *(len(run["label"]) + 2 for run in runs)])
    print(f"{'model':<{width}}{'data':<15}{'steps':>6}" + "".join(f"{h:>19}" for _, h in METRICS_IMAGES) + "   train s")
    for run in runs:
        if "skipped" in run:
            print(f"{run['label']:<{width}}{run['dataset']:<15}  skipped: {run['skipped']}")
            continue
        m = run["metrics"]
        cells = []
        for key, _ in METRICS_IMAGES:
            value, floor = m.get(key), m.get(f"{key}_floor")
            cells.append("n/a" if value is None else f"{value:.2f} ({floor:.2f})" if isinstance(value, float)
                         else f"{value} ({floor})")
        print(f"{run['label']:<{width}}{run['dataset']:<15}{run['steps']:>6}" + "".join(f"{c:>19}" for c in cells)
              + f"{run['train_seconds']:>10.0f}")
    accuracies = {r["dataset"]: r["classifier"] for r in runs if "classifier" in r}
    for dataset, classifier in accuracies.items():
        print(f"{dataset}: classifier {classifier['sha256'][:12]}, accuracy {classifier['accuracy']:.4f} on "
              f"{classifier['accuracy_on']}")
    print("(in brackets: the floor, the same metric for held-out real images)")


def print_stacked(runs: list[dict]) -> None:
    print(f"{'':<34}{'modes (of 1,000)':>18}{'KL':>14}   steps  train s")
    for label, *_ in ROWS_STACKED:
        for run in (r for r in runs if r["label"] == label):
            m = run["metrics"]
            print(f"{label:<34}{m['modes_covered']:>9} ({m['modes_covered_floor']:>5}){m['kl']:>7.2f} ({m['kl_floor']:.2f})"
                  f"   {run['steps']:>5}  {run['train_seconds']:>7.0f}")
    for label, modes, kl in PUBLISHED_STACKED:
        print(f"{label:<34}{modes:>18}{kl:>14}")
    print("(in brackets: the floor, 26,000 stacks of held-out real digits)")


def table_2d(args: argparse.Namespace, rows: list, datasets: list[str], scratch: Path, results: dict,
             save: Callable[[], None]) -> None:
    runs: list[dict] = []
    results["2d"] = {"runs": runs, "published": PUBLISHED_2D}
    train_args = ["--steps", str(args.steps), *(f"--set={o}" for o in args.overrides)]
    jobs = []
    for dataset in datasets:
        for label, model, extra in rows:
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                folder = scratch / f"{model}{''.join(extra)}-{dataset}-{seed}"
                jobs.append(lambda l=label, m=model, d=dataset, s=seed, e=extra, f=folder: {
                    "label": l,
                    **train_and_evaluate(m, d, s, [*e, *train_args], ["--metric", "mode-coverage"], f, args.threads)})

    def record(run: dict) -> None:
        runs.append(run)
        save()
        print(f"  {run['label']}, {run['dataset']}, seed {run['seed']}: "
              + ", ".join(f"{m} {run['metrics'][m]}" for m in METRICS_2D), file=sys.stderr, flush=True)

    started = time.perf_counter()
    run_all(jobs, args.jobs, record)
    results["2d"]["seconds"] = round(time.perf_counter() - started)
    save()
    print_2d(runs, rows, datasets)
    print(f"2-D table: {len(runs)} runs in {results['2d']['seconds']} s, {args.jobs} at a time\n")


def table_images(args: argparse.Namespace, rows: list[tuple[str, str, int, list[str]]], datasets: list[str],
                 scratch: Path, results: dict, save: Callable[[], None]) -> None:
    runs: list[dict] = []
    results["images"] = {"runs": runs}

    def job(label: str, model: str, dataset: str, steps: int, extra: list[str]) -> dict:
        try:
            run = train_and_evaluate(model, dataset, 0, [*extra, "--steps", str(steps)], [],
                                     scratch / f"{model}{''.join(extra)}-{dataset}", args.threads)
        except RunFailed as failure:  # e.g. a dataset that is not installed
            run = {"model": model, "dataset": dataset, "steps": steps, "skipped": str(failure)}
        return {"label": label, **run}

    def record(run: dict) -> None:
        runs.append(run)
        save()
        print(f"  {run['label']}, {run['dataset']}: {run.get('skipped') or run['metrics']}", file=sys.stderr, flush=True)

    # One model of each dataset first, so that each dataset's classifier is trained once, early.
    jobs = [lambda row=row, d=d: job(row[0], row[1], d, row[2], row[3]) for row in rows for d in datasets]
    started = time.perf_counter()
    run_all(jobs, args.jobs, record)
    results["images"]["seconds"] = round(time.perf_counter() - started)
    save()
    order = [(label, d) for d in datasets for label, *_ in rows]
    print_images(sorted(runs, key=lambda r: order.index((r["label"], r["dataset"]))))
    print(f"image table: {len(runs)} runs in {results['images']['seconds']} s, {args.jobs} at a time")


def table_stacked(args: argparse.Namespace, steps: int, scratch: Path, results: dict, save: Callable[[], None]) -> None:
    runs: list[dict] = []
    results["stacked"] = {"runs": runs, "published": PUBLISHED_STACKED}
    jobs = [lambda l=label, m=model, e=extra: {"label": l, **train_and_evaluate(
                m, "stacked-mnist", 0, [*e, "--steps", str(steps)], ["--metric", "stacked-modes"], scratch / f"stacked-{l}",
                args.threads)}
            for label, model, extra in ROWS_STACKED]

    def record(run: dict) -> None:
        runs.append(run)
        save()

    started = time.perf_counter()
    run_all(jobs, args.jobs, record)
    results["stacked"]["seconds"] = round(time.perf_counter() - started)
    save()
    print_stacked(runs)
    print(f"stacked table: {len(runs)} runs in {results['stacked']['seconds']} s, {args.jobs} at a time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", nargs="+", choices=["2d", "images", "stacked"], default=["2d", "images"])
    parser.add_argument("--quick", action="store_true",
                        help="2-D: GAN and PacGAN4 on ring8, 2 seeds, 300 steps; images: vanilla-mlp, 250 steps")
    parser.add_argument("--seeds", type=int, default=10, help="seeds of each 2-D row (default 10)")
    parser.add_argument("--first-seed", type=int, default=0,
                        help="the 2-D rows' first seed (default 0), to add seeds to an earlier measurement")
    parser.add_argument("--steps", type=int, default=STEPS_2D, help=f"generator steps of each 2-D run ({STEPS_2D:,})")
    parser.add_argument("--only", nargs="+", metavar="LABEL", choices=[label for label, *_ in ROWS_2D + ROWS_IMAGES],
                        help="rows of the 2-D and image tables to run, by label (default: all)")
    parser.add_argument("--datasets", nargs="+", choices=DATASETS_2D, default=DATASETS_2D, help="2-D mixtures")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="FIELD=VALUE",
                        help="override a recipe field in every 2-D run, as ganzoo train --set does")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads per run (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="runs at a time (default: one per CPU)")
    parser.add_argument("--json", type=Path, default=Path("quality-results.json"), help="where to write the results")
    args = parser.parse_args()

    rows_2d = [row for row in ROWS_2D if not args.only or row[0] in args.only]
    rows_images = [row for row in ROWS_IMAGES if not args.only or row[0] in args.only]
    datasets_2d, datasets_images = args.datasets, DATASETS_IMAGES
    if args.quick:
        args.seeds, args.steps, datasets_2d = 2, 300, ["ring8"]
        rows_2d = [row for row in ROWS_2D if row[0] in ("GAN (non-saturating)", "PacGAN4")]
        rows_images, datasets_images = [("vanilla-mlp", "vanilla-mlp", 250, [])], ["mnist-sample"]

    results: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "jobs": args.jobs,
                                 "threads_per_run": args.threads, "quick": args.quick}}

    def save() -> None:
        args.json.write_text(json.dumps(results, indent=2) + "\n")

    with tempfile.TemporaryDirectory() as scratch:
        if "2d" in args.tables and rows_2d:
            table_2d(args, rows_2d, datasets_2d, Path(scratch), results, save)
        if "images" in args.tables and rows_images:
            table_images(args, rows_images, datasets_images, Path(scratch), results, save)
        if "stacked" in args.tables:
            table_stacked(args, 50 if args.quick else STEPS_STACKED, Path(scratch), results, save)
    print(f"every run's numbers: {args.json}")


if __name__ == "__main__":
    main()
