"""The 2-D toy zoo of the mode-collapse literature for ganzoo."""
