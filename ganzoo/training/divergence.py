"""Noticing that training diverged (a logged value or a weight became NaN or infinite) before a
checkpoint of NaN weights replaces the last good one."""

from __future__ import annotations

import math
from collections.abc import Mapping

import torch
from torch import nn

from ganzoo.errors import GanzooError

ADVICE = "try a lower learning rate (--lr), a gradient penalty, or another loss"


class Diverged(GanzooError):
    """Training produced values that are not finite numbers."""


def check_logs(logs: Mapping[str, float], step: int, kept: str) -> None:
    """Stop when a logged value is NaN or infinite; ``kept`` says which checkpoint remains."""
    bad = [name for name, value in logs.items() if not math.isfinite(value)]
    if bad:
        raise Diverged(f"training diverged at step {step}: {', '.join(bad)} became {_what(logs[bad[0]])}; {kept}; {ADVICE}")


def check_weights(modules: Mapping[str, nn.Module], step: int, kept: str) -> None:
    """Stop when a module's weights or buffers hold NaN or infinite values."""
    for name, module in modules.items():
        tensors = [t for t in (*module.parameters(), *module.buffers()) if t.is_floating_point()]
        if tensors and not torch.stack([t.detach().isfinite().all() for t in tensors]).all():
            raise Diverged(f"training diverged by step {step}: the {name}'s weights are no longer finite numbers; {kept}; {ADVICE}")


def _what(value: float) -> str:
    return "NaN" if math.isnan(value) else "infinite"
