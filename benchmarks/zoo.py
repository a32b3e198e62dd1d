"""Train a selection of the zoo for a fixed number of steps each, time it, and keep the pictures.

Each model is trained by the real command line (``ganzoo train``) in a fresh process, on data that
needs no download (``mnist-sample`` and the pairs made from it for the image models, the 2-D ring
for the toy ones). The final sample picture of each run is copied to ``docs/images/zoo/MODEL.png``
and the timings are printed as a table and written to a JSON file. The models marked ``evaluate``
are then measured by ``ganzoo evaluate``: the image-to-image ones beside the identity or bicubic
baseline, stylegan2 by the metrics of generated digits.

    python benchmarks/zoo.py                 # the budgets below (about 30 minutes on 2 CPU cores)
    python benchmarks/zoo.py --quick         # 1/20 of the steps: a smoke test of the pipeline
    python benchmarks/zoo.py --only pix2pix cyclegan
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from ganzoo.evaluation import measured_numbers

ROOT = Path(__file__).resolve().parent.parent
EVALUATED_PAIRS = 1_000  # held-out pairs (or domain-A images) each image-to-image metric uses; generated samples otherwise


class Budget(NamedTuple):
    model: str
    dataset: str
    steps: int
    evaluate: bool = False


BUDGETS = [
    Budget("vanilla-mlp", "mnist-sample", 5_000),
    Budget("cgan", "mnist-sample", 1_500),
    Budget("toy-gan", "ring8", 4_000),
    Budget("toy-pacgan4", "ring8", 4_000),
    Budget("dcgan", "mnist-sample", 1_000),
    Budget("wgan-gp", "mnist-sample", 300),
    Budget("infogan", "mnist-sample", 1_500),
    Budget("began", "mnist-sample", 2_000),
    Budget("ebgan", "mnist-sample", 2_000),
    Budget("stylegan2", "mnist-sample", 500, evaluate=True),
    Budget("pix2pix", "edges2digits", 2_000, evaluate=True),
    Budget("cyclegan", "digits-thin2thick", 2_000, evaluate=True),
    Budget("srgan", "sr-pairs", 2_000, evaluate=True),
]


def train(model: str, dataset: str, steps: int, out: Path, seed: int, threads: int | None) -> tuple[float, float]:
    """Wall and CPU seconds of one training run. The CPU time (user + system of the process) is the
    steadier figure on a shared machine: other jobs stretch the wall time, not the CPU time."""
    command = [sys.executable, "-m", "ganzoo", "train", model, "--dataset", dataset, "--steps", str(steps),
               "--seed", str(seed), "--device", "cpu", "--out", str(out)]
    start, cpu_start = time.perf_counter(), _children_cpu()
    env = {**os.environ, "GANZOO_OFFLINE": "1", **({"OMP_NUM_THREADS": str(threads)} if threads else {})}
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, _children_cpu() - cpu_start


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def final_losses(run: Path) -> dict[str, float]:
    """The losses of the last logged step: every logged value whose name ends in "loss"."""
    last = json.loads((run / "metrics.jsonl").read_text().splitlines()[-1])
    return {name: round(value, 3) for name, value in last.items() if name.endswith("loss")}


def measured(run: Path, seed: int) -> dict[str, float]:
    """The numbers ``ganzoo evaluate`` gives the run, by "metric/value"."""
    command = [sys.executable, "-m", "ganzoo", "evaluate", str(run), "--json", "--n", str(EVALUATED_PAIRS),
               "--seed", str(seed), "--device", "cpu"]
    env = {**os.environ, "GANZOO_OFFLINE": "1"}
    report = json.loads(subprocess.run(command, check=True, env=env, capture_output=True, text=True).stdout)
    return {f"{result['metric']}/{name}": round(value, 4)
            for result in report["results"] for name, value in measured_numbers(result).items()}


def run_budget(budget: Budget, run: Path, args: argparse.Namespace) -> dict:
    steps = max(10, budget.steps // 20) if args.quick else budget.steps
    seconds, cpu_seconds = train(budget.model, budget.dataset, steps, run, args.seed, args.threads)
    if not args.quick:
        shutil.copyfile(run / "samples.png", ROOT / "docs" / "images" / "zoo" / f"{budget.model}.png")
    row = {"model": budget.model, "dataset": budget.dataset, "steps": steps, "seconds": round(seconds, 1),
           "cpu_seconds": round(cpu_seconds, 1), "steps_per_second": round(steps / seconds, 1), "losses": final_losses(run)}
    losses = "  ".join(f"{name} {value:.3f}" for name, value in row["losses"].items())
    print(f"{budget.model:<14} {budget.dataset:<17} {steps:>6} steps  {seconds:8.1f} s wall  {cpu_seconds:8.1f} s CPU"
          f"  {steps / seconds:7.1f} steps/s  final {losses}", flush=True)
    if budget.evaluate:
        row["metrics"] = measured(run, args.seed)
        for name, value in row["metrics"].items():
            print(f"{'':<14} {name:<40} {value:10.4f}", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="train 1/20 of each budget and keep no pictures")
    parser.add_argument("--only", nargs="*", help="models to train (default: all in the table)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads of each run (OMP_NUM_THREADS)")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for budget in BUDGETS:
            if not args.only or budget.model in args.only:
                rows.append(run_budget(budget, Path(scratch) / budget.model, args))
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "threads": args.threads or "default",
               "load_average_1min": os.getloadavg()[0]}
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "runs": rows}, indent=2) + "\n")
    print(f"machine: {machine}")


if __name__ == "__main__":
    main()
