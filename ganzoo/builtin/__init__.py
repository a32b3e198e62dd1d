"""Plugins that ship with the core: they use the same hooks as everyone else's."""
