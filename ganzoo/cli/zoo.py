"""The plugins, loaded once per command-line invocation and shared by every command."""

from __future__ import annotations

import functools

from ganzoo.plugins import Zoo, load_zoo


@functools.cache
def current() -> Zoo:
    return load_zoo()
