"""Data-efficient training measured: one model on a few hundred Fashion-MNIST images, without
augmentation, with DiffAugment and with ADA (``ganzoo-augment``), judged against the full dataset.

The subset (``--images``, 500 by default: the same number of each class, drawn with ``--seed``) is
written as IDX files into ``OUT/data``; each run trains on it with ``ganzoo train --data-dir``,
one fresh process each, all at the same time, one torch thread each; the model is dcgan at half its
width (``--width``, 32 channels) so that the three fit in under half an hour on 2 CPU cores.
``ganzoo evaluate --metric classifier-fd`` then measures them one after the other; it finds the full Debian copy (or whatever ``fashion-mnist`` finds
without ``--data-dir``): the Fréchet distance is to all 60,000 training images, in the features of
the classifier trained on them, and its floor is the 10,000 test images' distance. ADA's speed is
scaled to the run: p may go from 0 to 1 in a tenth of the real images D sees (the paper's 500,000
images are 2% of its runs of 25 million).

    python benchmarks/augment.py                        # the table: about 25 minutes on 2 busy cores
    python benchmarks/augment.py --steps 50 --n 1000    # a quick check that everything runs

Each run's numbers and the commands that made them go to ``OUT/augment.json``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import time
from pathlib import Path

MODEL = "dcgan"
VARIANTS = {  # label → the options of `ganzoo train` that make it
    "none": [],
    "diffaugment": ["--set", "scheme_options.augment=diffaugment"],
    "ada": ["--set", "scheme_options.augment=ada"],
}


def write_subset(folder: Path, images: int, seed: int) -> Path:
    """``images`` training images of Fashion-MNIST, as many of each class, as IDX files in ``folder``."""
    import numpy as np
    import torch

    from ganzoo.plugins import load_zoo
    from ganzoo_mnist.idx import write_idx

    data = load_zoo().registry.get("dataset", "fashion-mnist").build(split="train")
    generator = torch.Generator().manual_seed(seed)
    classes = data.spec.num_classes
    picked = torch.cat([
        torch.nonzero(data.labels == label).flatten()[torch.randperm(int((data.labels == label).sum()), generator=generator)]
        [: images // classes] for label in range(classes)
    ])
    pixels = ((data.samples[picked, 0] + 1) * 127.5).round().to(torch.uint8).numpy()
    folder.mkdir(parents=True, exist_ok=True)
    write_idx(folder / "train-images-idx3-ubyte", pixels)
    write_idx(folder / "train-labels-idx1-ubyte", data.labels[picked].numpy().astype(np.uint8))
    return folder


def ganzoo(*arguments: str) -> list[str]:
    return ["nice", sys.executable, "-m", "ganzoo", *arguments]


def train_command(args: argparse.Namespace, label: str) -> list[str]:
    ramp = args.steps * args.batch_size // 10
    ada = ["--set", f'scheme_options.augment_options={{"ramp_images": {ramp}}}'] if label == "ada" else []
    return ganzoo("train", MODEL, "--dataset", "fashion-mnist", "--data-dir", str(args.out / "data"),
                  "--steps", str(args.steps), "--batch-size", str(args.batch_size), "--seed", str(args.seed),
                  "--out", str(args.out / label), "--set", f"architecture_options.width={args.width}", "--set", "log_every=25",
                  *VARIANTS[label], *ada)


def evaluate_command(args: argparse.Namespace, label: str) -> list[str]:
    return ganzoo("evaluate", str(args.out / label), "--metric", "classifier-fd", "--n", str(args.n), "--json")


def train(args: argparse.Namespace, label: str, environment: dict[str, str]) -> float:
    """Train one variant, its progress in ``OUT/LABEL.log``; the seconds it took."""
    start = time.perf_counter()
    with open(args.out / f"{label}.log", "w") as log:
        subprocess.run(train_command(args, label), check=True, env=environment, stdout=log, stderr=subprocess.STDOUT)
    return time.perf_counter() - start


def measure(args: argparse.Namespace, label: str, environment: dict[str, str], seconds: float) -> dict:
    """One trained variant's numbers, and the commands that made them."""
    command = evaluate_command(args, label)
    report = json.loads(subprocess.run(command, check=True, env=environment, capture_output=True, text=True).stdout)
    (result,) = report["results"]
    last = json.loads((args.out / label / "metrics.jsonl").read_text().splitlines()[-1])
    return {"variant": label, "train_seconds": seconds, "fd": result["fd"], "fd_floor": result["fd_floor"],
            "d_real": last["d_real"], "d_fake": last["d_fake"], "ada_p": last.get("ada_p"),
            "commands": [" ".join(c[1:]) for c in (train_command(args, label), command)]}


def table(rows: list[dict], args: argparse.Namespace) -> str:
    lines = [f"{MODEL} (width {args.width}) on {args.images} Fashion-MNIST images, {args.steps} steps of {args.batch_size}, "
             f"seed {args.seed}; "
             f"classifier-fd to the 60,000 training images ({args.n:,} samples)",
             f"{'augmentation':<14}{'FD':>10}{'floor':>8}{'D(x)':>8}{'D(G(z))':>9}{'p':>7}{'train s':>9}"]
    for row in rows:
        p = "-" if row["ada_p"] is None else f"{row['ada_p']:.2f}"
        lines.append(f"{row['variant']:<14}{row['fd']:>10.2f}{row['fd_floor']:>8.2f}{row['d_real']:>8.3f}{row['d_fake']:>9.3f}"
                     f"{p:>7}{row['train_seconds']:>9.0f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("runs/augment"), help="a new folder for the data and the runs")
    parser.add_argument("--images", type=int, default=500, help="training images, as many of each class")
    parser.add_argument("--steps", type=int, default=3_000)
    parser.add_argument("--width", type=int, default=32, help="dcgan's architecture option width (its own default: 64)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--n", type=int, default=10_000, help="generated samples per evaluation")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.out.exists():
        parser.error(f"{args.out} exists; give a new --out")
    write_subset(args.out / "data", args.images, args.seed)
    environment = {**os.environ, "OMP_NUM_THREADS": "1", "GANZOO_OFFLINE": "1"}
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(len(VARIANTS)) as pool:
        seconds = list(pool.map(lambda label: train(args, label, environment), VARIANTS))
    rows = [measure(args, label, environment, s) for label, s in zip(VARIANTS, seconds)]  # one classifier, trained once
    text = table(rows, args) + f"\n{len(rows)} runs trained at the same time, then measured, in {time.perf_counter() - start:.0f} s"
    (args.out / "augment.json").write_text(json.dumps({"arguments": {k: str(v) for k, v in vars(args).items()}, "runs": rows}, indent=2))
    print(text)
    for row in rows:
        print("\n".join(f"  {command}" for command in row["commands"]))


if __name__ == "__main__":
    main()
