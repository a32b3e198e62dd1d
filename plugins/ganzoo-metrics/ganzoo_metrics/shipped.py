"""The classifiers that ship with ganzoo-metrics, so that every machine measures with the same
network and the first evaluation trains nothing.

``weights/<dataset>.safetensors`` holds the weights alone, without metadata, so that the sha256 of
the file is the sha256 every result records for the classifier
(:func:`~ganzoo_metrics.fingerprint.weights_sha256`). Beside it, ``<dataset>.json`` says what it
is: the description a cached classifier carries (its key, training data, seed, settings and
held-out accuracy), the sha256 of the file, and the versions that made it. A shipped classifier
stands in for the one that would be trained when their keys match, that is, for the same images,
labels, seed and settings. ``tools/train_classifiers.py`` makes them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load, save

from ganzoo import GanzooError
from ganzoo.files import write_atomically

WEIGHTS = Path(__file__).parent / "weights"


@dataclass(frozen=True)
class Shipped:
    state: dict[str, torch.Tensor]
    info: dict[str, Any]
    sha256: str


def shipped_weights(key: str, folder: Path = WEIGHTS) -> Shipped | None:
    """The shipped classifier known by ``key``, checked against its recorded sha256; None if there is none."""
    for sidecar in sorted(folder.glob("*.json")):
        info = json.loads(sidecar.read_text())
        if info["key"] == key:
            return verified(sidecar.with_suffix(".safetensors"), info)
    return None


def verified(path: Path, info: dict[str, Any]) -> Shipped:
    """The weights in ``path``, if their sha256 is the one ``info`` records."""
    data = path.read_bytes()
    found = hashlib.sha256(data).hexdigest()
    if found != info["sha256"]:
        raise GanzooError(f"{path} is not the classifier ganzoo-metrics shipped: its sha256 is {found[:16]}…,"
                          f" not {info['sha256'][:16]}…; reinstall ganzoo-metrics")
    return Shipped(load(data), info, found)


def ship(name: str, state: dict[str, torch.Tensor], info: dict[str, Any], folder: Path = WEIGHTS) -> dict[str, Any]:
    """Write ``state`` as ``<name>.safetensors`` and its sidecar into ``folder``; returns the sidecar's content."""
    data = save(state)
    sidecar = {
        **info,
        "sha256": hashlib.sha256(data).hexdigest(),
        "ganzoo_metrics_version": version("ganzoo-metrics"),
        "torch_version": torch.__version__,
    }
    write_atomically(folder / f"{name}.safetensors", data)
    write_atomically(folder / f"{name}.json", (json.dumps(sidecar, indent=2) + "\n").encode())
    return sidecar
