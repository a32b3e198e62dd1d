"""Checkpoints as safetensors files: tensors plus JSON metadata, never pickle.

What goes into a training checkpoint and an exported generator is ``ganzoo.training.state``'s
business; this module reads and writes the files. They are written through
:func:`ganzoo.files.write_atomically`, so a run killed at any moment leaves the previous
checkpoint intact.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_bytes
from safetensors.torch import save as save_bytes

from ganzoo.errors import GanzooError
from ganzoo.files import write_atomically

CHECKPOINT_NAME = "checkpoint.safetensors"
GENERATOR_NAME = "generator.safetensors"


@dataclass
class Loaded:
    """What a safetensors file of ours held: tensors and the decoded JSON metadata."""

    tensors: dict[str, torch.Tensor]
    meta: dict[str, Any]

    def prefixed(self, prefix: str) -> dict[str, torch.Tensor]:
        return {k[len(prefix) :]: v for k, v in self.tensors.items() if k.startswith(prefix)}


def save(path: Path, tensors: Mapping[str, torch.Tensor], meta: Mapping[str, Any]) -> None:
    """Write ``tensors`` and ``meta`` (each value JSON-encoded) to ``path`` atomically."""
    flat = {k: v.detach().contiguous().cpu() for k, v in tensors.items()}
    encoded = {k: json.dumps(v) for k, v in meta.items()}
    write_atomically(path, save_bytes(flat, metadata=encoded))


def load(path: Path, expected_formats: tuple[str, ...]) -> Loaded:
    """Read one of our files, of one of ``expected_formats`` (the first is the current one), with
    a one-line error for a missing, foreign or damaged file."""
    if not path.is_file():
        raise GanzooError(f"no checkpoint at {path}")
    try:
        payload = path.read_bytes()
        tensors = load_bytes(payload)
        header_length = int.from_bytes(payload[:8], "little")
        raw_meta = json.loads(payload[8 : 8 + header_length]).get("__metadata__") or {}  # null from other writers
        meta = {k: json.loads(v) for k, v in raw_meta.items()}
    except (SafetensorError, ValueError, OSError) as exc:
        raise GanzooError(f"{path} is not a readable checkpoint ({exc}); it may be damaged or truncated") from None
    if meta.get("format") not in expected_formats:
        raise GanzooError(f"{path} is not a {expected_formats[0]} file (format {meta.get('format')!r})")
    return Loaded(tensors, meta)


def optimizer_tensors(prefix: str, optimizer: torch.optim.Optimizer) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Split an optimiser's state into tensors and JSON-able metadata."""
    state = optimizer.state_dict()
    tensors: dict[str, torch.Tensor] = {}
    scalars: dict[str, Any] = {}
    for index, values in state["state"].items():
        for key, value in values.items():
            if isinstance(value, torch.Tensor):
                tensors[f"{prefix}.{index}.{key}"] = value
            else:
                scalars[f"{index}.{key}"] = value
    return tensors, {"param_groups": state["param_groups"], "scalars": scalars}


def restore_optimizer(optimizer: torch.optim.Optimizer, tensors: Mapping[str, torch.Tensor], meta: Mapping[str, Any]) -> None:
    state: dict[int, dict[str, Any]] = {}
    for name, value in tensors.items():
        index, key = name.split(".", 1)
        state.setdefault(int(index), {})[key] = value
    for name, value in meta["scalars"].items():
        index, key = name.split(".", 1)
        state.setdefault(int(index), {})[key] = value
    # Files of ganzoo 0.1 lack a group's starting rate (initial_lr): take the one it was built with.
    starting = [group.get("initial_lr") for group in optimizer.param_groups]
    optimizer.load_state_dict({"state": state, "param_groups": meta["param_groups"]})
    for group, rate in zip(optimizer.param_groups, starting):
        if rate is not None:
            group.setdefault("initial_lr", rate)
