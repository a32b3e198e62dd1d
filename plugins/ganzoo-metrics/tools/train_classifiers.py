"""Remake the classifiers that ship with ganzoo-metrics, or check that they remake.

    python plugins/ganzoo-metrics/tools/train_classifiers.py             # write ganzoo_metrics/weights/ anew
    python plugins/ganzoo-metrics/tools/train_classifiers.py --check     # retrain; compare with what ships
    python plugins/ganzoo-metrics/tools/train_classifiers.py --only fashion-mnist --data-dir ~/data

Each classifier is trained exactly as ``ganzoo evaluate`` would train it for its dataset (the
metrics' seed 0 and default settings), on the CPU with one thread, so that the same torch version
gives the same bytes: ``--check`` compares the sha256 of the weights it trains with the one that
ships, and prints both held-out accuracies. It exits with 1 when a sha256 differs. Fashion-MNIST's
files are looked for as ``ganzoo train`` looks for them (``--data-dir``, ``$GANZOO_DATA_DIR``,
the cache, Debian's ``dataset-fashion-mnist``); the digits of mnist-sample ship with ganzoo-mnist.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

from ganzoo.plugins import load_zoo
from ganzoo_metrics.classifier import train, weights
from ganzoo_metrics.fingerprint import weights_sha256
from ganzoo_metrics.shipped import WEIGHTS, ship
from ganzoo_metrics.splits import registered_splits
from ganzoo_metrics.training import TrainingSettings

SHIPPED = ("mnist-sample", "fashion-mnist")
SEED = 0  # the metrics' classifier_seed
CPU = torch.device("cpu")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="retrain and compare with the shipped weights; write nothing")
    parser.add_argument("--only", choices=SHIPPED, action="append", help="this dataset only (repeatable)")
    parser.add_argument("--data-dir", type=Path, help="folder holding the datasets' files")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    zoo = load_zoo()
    same = True
    for name in arguments.only or SHIPPED:
        network, info = train(registered_splits(zoo, name, arguments.data_dir), SEED, TrainingSettings(), CPU,
                              f"training the {name} classifier")
        if arguments.check:
            same &= compare(name, weights(network), info)
        else:
            written = ship(name, weights(network), info)
            print(f"{name}: sha256 {written['sha256']}, held-out accuracy {info['accuracy']:.4f} on {info['held_out']}")
    return 0 if same else 1


def compare(name: str, state: dict[str, torch.Tensor], info: dict) -> bool:
    """Print how the retrained classifier compares with the shipped one; True if their weights are the same."""
    shipped = json.loads((WEIGHTS / f"{name}.json").read_text())
    sha256 = weights_sha256(state)
    verdict = "the same weights" if sha256 == shipped["sha256"] else f"other weights (sha256 {sha256[:16]}…)"
    print(f"{name}: {verdict}; held-out accuracy {info['accuracy']:.4f}, shipped {shipped['accuracy']:.4f}"
          f" (torch {torch.__version__} here, {shipped['torch_version']} for the shipped)")
    return sha256 == shipped["sha256"]


if __name__ == "__main__":
    sys.exit(main())
