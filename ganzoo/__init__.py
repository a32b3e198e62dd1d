"""ganzoo: a plugin-based GAN zoo for PyTorch.

This module stays light: importing it (and the CLI) never imports torch. The names below are the
public API that plugins are written against.
"""

from ganzoo.errors import GanzooError, IncompatibleParts
from ganzoo.hookspecs import hookimpl
from ganzoo.parts import DataSpec, InMemoryData, Networks, SampledData
from ganzoo.recipe import Recipe

__version__ = "0.1.0"

__all__ = [
    "DataSpec",
    "GanzooError",
    "IncompatibleParts",
    "InMemoryData",
    "Networks",
    "Recipe",
    "SampledData",
    "__version__",
    "hookimpl",
]
