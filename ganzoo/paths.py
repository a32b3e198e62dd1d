"""Where ganzoo keeps things on disk by default."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The user cache: ``$GANZOO_CACHE_DIR``, else ``$XDG_CACHE_HOME/ganzoo``, else ``~/.cache/ganzoo``."""
    if explicit := os.environ.get("GANZOO_CACHE_DIR"):
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "ganzoo"


def data_dir_from_env() -> Path | None:
    """``$GANZOO_DATA_DIR`` when set: where the user keeps datasets."""
    value = os.environ.get("GANZOO_DATA_DIR")
    return Path(value).expanduser() if value else None


def offline() -> bool:
    """True when ``$GANZOO_OFFLINE`` is set to a true value: never download anything."""
    return os.environ.get("GANZOO_OFFLINE", "").lower() in {"1", "true", "yes", "on"}
