"""A run's whole training state as safetensors tensors plus JSON, and back.

A checkpoint holds every module a scheme trains (``module.NAME.*``), their moving averages
(``ema.NAME.*``), every optimiser's state (``optimizer.NAME.*``), the scheme's own state
(``scheme.KEY`` for tensors, JSON for the rest), the step, the batch counter and every random
state the run draws from, so that a resumed run continues exactly as if it had never stopped.
The exported generator holds the scheme's ``exported`` modules (their averages when kept) and
what is needed to rebuild and feed them.

Files of format 1 (ganzoo 0.1, one generator and one discriminator) are read by mapping their keys
onto these.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch

from ganzoo.errors import GanzooError
from ganzoo.training import checkpoint, schema
from ganzoo.training.batches import Batches
from ganzoo.training.ema import MovingAverage
from ganzoo.training.scheme import Scheme

FORMAT = "ganzoo-checkpoint-2"
GENERATOR_FORMAT = "ganzoo-generator-2"
OLD_FORMATS = {FORMAT: "ganzoo-checkpoint-1", GENERATOR_FORMAT: "ganzoo-generator-1"}
OLD_PREFIXES = {  # format 1 → format 2
    "generator.": "module.generator.",
    "discriminator.": "module.discriminator.",
    "ema.": "ema.generator.",
    "optimizer_g.": "optimizer.generator.",
    "optimizer_d.": "optimizer.discriminator.",
}


@dataclass(frozen=True, kw_only=True)
class TrainingState:
    """The live objects whose state a checkpoint holds."""

    scheme: Scheme
    averages: Mapping[str, MovingAverage]
    noise: torch.Generator
    batches: Batches
    device: torch.device


def collect(state: TrainingState, *, step: int) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Tensors and JSON metadata of a checkpoint at ``step``."""
    tensors: dict[str, torch.Tensor] = {}
    for name, module in state.scheme.modules.items():
        tensors.update(_prefixed(f"module.{name}.", module.state_dict()))
    for name, average in state.averages.items():
        tensors.update(_prefixed(f"ema.{name}.", average.model.state_dict()))
    optimizers: dict[str, Any] = {}
    for name, optimizer in state.scheme.optimizers.items():
        optimizer_tensors, optimizers[name] = checkpoint.optimizer_tensors(f"optimizer.{name}", optimizer)
        tensors.update(optimizer_tensors)
    scheme_tensors, scheme_values = _split_scheme_state(state.scheme)
    tensors.update(scheme_tensors)
    tensors["rng.noise"] = state.noise.get_state()
    tensors["rng.data"] = state.batches.generator.get_state()
    tensors["rng.torch"] = torch.get_rng_state()
    if state.device.type == "cuda":
        tensors["rng.cuda"] = torch.cuda.get_rng_state(state.device)
    meta = {"format": FORMAT, "step": step, "batches_taken": state.batches.count,
            "optimizers": optimizers, "scheme_state": scheme_values, "precision": state.scheme.context.precision.state_dict()}
    return tensors, meta


def restore(state: TrainingState, loaded: checkpoint.Loaded) -> int:
    """Put the state of ``loaded`` into the live objects; returns the step it was saved at."""
    scheme = state.scheme
    for name, module in scheme.modules.items():
        module.load_state_dict(loaded.prefixed(f"module.{name}."))
    for name, average in state.averages.items():
        average.model.load_state_dict(loaded.prefixed(f"ema.{name}."))
    for name, optimizer in scheme.optimizers.items():
        if name not in loaded.meta["optimizers"]:
            raise KeyError(f"no state for the optimiser {name!r}")
        checkpoint.restore_optimizer(optimizer, loaded.prefixed(f"optimizer.{name}."), loaded.meta["optimizers"][name])
    tensors = {key: value.to(state.device) for key, value in loaded.prefixed("scheme.").items()}
    scheme.load_state_dict({**loaded.meta.get("scheme_state", {}), **tensors})
    scheme.context.precision.load_state_dict(loaded.meta.get("precision", {}))
    state.noise.set_state(loaded.tensors["rng.noise"])
    state.batches.generator.set_state(loaded.tensors["rng.data"])
    torch.set_rng_state(loaded.tensors["rng.torch"])
    if state.device.type == "cuda" and "rng.cuda" in loaded.tensors:
        torch.cuda.set_rng_state(loaded.tensors["rng.cuda"], state.device)
    state.batches.count = int(loaded.meta["batches_taken"])
    return int(loaded.meta["step"])


def exported_tensors(scheme: Scheme, averages: Mapping[str, MovingAverage]) -> dict[str, torch.Tensor]:
    """The exported modules' weights by ``NAME.key``, from their moving averages where kept."""
    tensors: dict[str, torch.Tensor] = {}
    for name in scheme.exported:
        module = averages[name].model if name in averages else scheme.modules[name]
        tensors.update(_prefixed(f"{name}.", module.state_dict()))
    return tensors


def load(path, expected_format: str) -> checkpoint.Loaded:
    """Read a checkpoint or export of the current format or of format 1, as the current format."""
    old_format = OLD_FORMATS[expected_format]
    loaded = checkpoint.load(path, (expected_format, old_format))
    if loaded.meta["format"] == old_format:
        loaded = _upgrade(loaded, expected_format)
    schema.check(path, loaded)
    return loaded


def _upgrade(loaded: checkpoint.Loaded, new_format: str) -> checkpoint.Loaded:
    meta = {**loaded.meta, "format": new_format}
    if isinstance(meta.get("parts"), dict) and "update" in meta["parts"]:
        meta["parts"] = {("scheme" if kind == "update" else kind): part for kind, part in meta["parts"].items()}
    if new_format == GENERATOR_FORMAT:  # format 1 exports held G's weights alone, unprefixed
        return checkpoint.Loaded(_prefixed("generator.", loaded.tensors), meta)
    tensors = {}
    for key, value in loaded.tensors.items():
        prefix = next((p for p in OLD_PREFIXES if key.startswith(p)), None)
        tensors[OLD_PREFIXES[prefix] + key[len(prefix):] if prefix else key] = value
    meta["optimizers"] = {new: meta.pop(old) for old, new in (("optimizer_g", "generator"), ("optimizer_d", "discriminator"))
                          if old in meta}
    return checkpoint.Loaded(tensors, meta)


def _split_scheme_state(scheme: Scheme) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    tensors, values = {}, {}
    for key, value in scheme.state_dict().items():
        if isinstance(value, torch.Tensor):
            tensors[f"scheme.{key}"] = value
            continue
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError):
            raise GanzooError(
                f"{type(scheme).__name__}.state_dict() gave {key!r} as {type(value).__name__}, which is neither a "
                "tensor nor JSON; give tensors, numbers, strings, lists or dicts of them"
            ) from None
        values[key] = value
    return tensors, values


def _prefixed(prefix: str, tensors: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {f"{prefix}{key}": value for key, value in tensors.items()}
