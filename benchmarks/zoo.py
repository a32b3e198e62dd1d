"""Train a selection of the zoo for a fixed number of steps each, time it, and keep the pictures.

Each model is trained by the real command line (``ganzoo train``) in a fresh process, on data that
needs no download (``mnist-sample`` for the image models, the 2-D ring for the toy ones). The final
sample picture of each run is copied to ``docs/images/zoo/MODEL.png`` and the timings are printed
as a table and written to a JSON file.

    python benchmarks/zoo.py                 # the budgets below (about 15 minutes on 2 CPU cores)
    python benchmarks/zoo.py --quick         # 1/20 of the steps: a smoke test of the pipeline
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# model, dataset, generator steps
BUDGETS = [
    ("vanilla-mlp", "mnist-sample", 5_000),
    ("cgan", "mnist-sample", 1_500),
    ("toy-gan", "ring8", 4_000),
    ("toy-pacgan4", "ring8", 4_000),
    ("dcgan", "mnist-sample", 1_000),
    ("wgan-gp", "mnist-sample", 300),
]


def train(model: str, dataset: str, steps: int, out: Path, seed: int, threads: int | None) -> float:
    command = [sys.executable, "-m", "ganzoo", "train", model, "--dataset", dataset, "--steps", str(steps),
               "--seed", str(seed), "--device", "cpu", "--out", str(out)]
    start = time.perf_counter()
    env = {**os.environ, "GANZOO_OFFLINE": "1", **({"OMP_NUM_THREADS": str(threads)} if threads else {})}
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def last_metrics(run: Path) -> dict:
    return json.loads((run / "metrics.jsonl").read_text().splitlines()[-1])


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
        for model, dataset, steps in BUDGETS:
            if args.only and model not in args.only:
                continue
            steps = max(10, steps // 20) if args.quick else steps
            run = Path(scratch) / model
            seconds = train(model, dataset, steps, run, args.seed, args.threads)
            if not args.quick:
                shutil.copyfile(run / "samples.png", ROOT / "docs" / "images" / "zoo" / f"{model}.png")
            final = last_metrics(run)
            rows.append({"model": model, "dataset": dataset, "steps": steps, "seconds": round(seconds, 1),
                         "steps_per_second": round(steps / seconds, 1), "d_loss": round(final["d_loss"], 3),
                         "g_loss": round(final["g_loss"], 3)})
            print(f"{model:<14} {dataset:<13} {steps:>6} steps  {seconds:8.1f} s  {steps / seconds:7.1f} steps/s"
                  f"  final D {final['d_loss']:.3f} G {final['g_loss']:.3f}", flush=True)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "threads": args.threads or "default",
               "load_average_1min": os.getloadavg()[0]}
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "runs": rows}, indent=2) + "\n")
    print(f"machine: {machine}")


if __name__ == "__main__":
    main()
