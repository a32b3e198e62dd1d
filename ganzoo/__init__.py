"""ganzoo: a plugin-based GAN zoo for PyTorch.

This module stays light: importing it (and the CLI) never imports torch, and importing it alone
imports nothing at all, so that the ``ganzoo`` command can take over Ctrl-C before anything loads.
The names below are the public API: ``train`` and ``load`` for notebooks and scripts, the rest for
writing plugins. Each is imported on first use (``train``, ``load``, ``ganzoo.Scheme``,
``ganzoo.SchemeContext`` and ``ganzoo.AlternatingScheme`` bring in torch).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_HOMES = {
    "train": "ganzoo.api",
    "load": "ganzoo.api",
    "GanzooError": "ganzoo.errors",
    "IncompatibleParts": "ganzoo.errors",
    "hookimpl": "ganzoo.hookspecs",
    "Augmentation": "ganzoo.parts",
    "DataSpec": "ganzoo.parts",
    "Field": "ganzoo.parts",
    "LABEL": "ganzoo.parts",
    "LATENT": "ganzoo.parts",
    "SAMPLE": "ganzoo.parts",
    "InMemoryData": "ganzoo.parts",
    "Networks": "ganzoo.parts",
    "SampledData": "ganzoo.parts",
    "Pixels": "ganzoo.pixels",
    "Recipe": "ganzoo.recipe",
    "Scheme": "ganzoo.training.scheme",
    "SchemeContext": "ganzoo.training.scheme",
    "AlternatingScheme": "ganzoo.training.alternating",
}

__all__ = sorted([*_HOMES, "__version__"])

if TYPE_CHECKING:
    from ganzoo.api import load, train
    from ganzoo.errors import GanzooError, IncompatibleParts
    from ganzoo.hookspecs import hookimpl
    from ganzoo.parts import LABEL, LATENT, SAMPLE, Augmentation, DataSpec, Field, InMemoryData, Networks, SampledData
    from ganzoo.pixels import Pixels
    from ganzoo.recipe import Recipe
    from ganzoo.training.alternating import AlternatingScheme
    from ganzoo.training.scheme import Scheme, SchemeContext


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'ganzoo' has no attribute {name!r}")
