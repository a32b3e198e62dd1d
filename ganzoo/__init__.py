"""ganzoo: a plugin-based GAN zoo for PyTorch.

This module stays light: importing it (and the CLI) never imports torch. The names below are the
public API that plugins are written against; the training-scheme classes, which need torch, are
imported on first use (``ganzoo.Scheme``, ``ganzoo.SchemeContext``, ``ganzoo.AlternatingScheme``).
"""

from typing import Any

from ganzoo.errors import GanzooError, IncompatibleParts
from ganzoo.hookspecs import hookimpl
from ganzoo.parts import DataSpec, Field, InMemoryData, Networks, SampledData
from ganzoo.recipe import Recipe

__version__ = "0.1.0"

_TRAINING_NAMES = {
    "Scheme": "ganzoo.training.scheme",
    "SchemeContext": "ganzoo.training.scheme",
    "AlternatingScheme": "ganzoo.training.alternating",
}

__all__ = [
    "AlternatingScheme",
    "DataSpec",
    "Field",
    "GanzooError",
    "IncompatibleParts",
    "InMemoryData",
    "Networks",
    "Recipe",
    "SampledData",
    "Scheme",
    "SchemeContext",
    "__version__",
    "hookimpl",
]


def __getattr__(name: str) -> Any:
    if name in _TRAINING_NAMES:
        import importlib

        return getattr(importlib.import_module(_TRAINING_NAMES[name]), name)
    raise AttributeError(f"module 'ganzoo' has no attribute {name!r}")
