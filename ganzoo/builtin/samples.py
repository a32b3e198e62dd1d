"""Sample grids of the run's fixed latent batch, every ``sample_every`` steps and at the end.

Grids land in ``RUN/samples/step-NNNNNN.png``; the last one is also written as ``RUN/samples.png``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ganzoo.hookspecs import hookimpl


class SampleGrids:
    def __init__(self) -> None:
        self._written_upto = 0

    def _write(self, run, name: str) -> None:
        from ganzoo.images import save_grid

        spec = run.data.spec
        if run.is_main and spec.is_image:
            save_grid(run.generate(), run.run_dir / name, spec.value_range)

    @hookimpl
    def ganzoo_train_start(self, run) -> None:
        self._written_upto = run.step // run.recipe.sample_every

    @hookimpl
    def ganzoo_train_step(self, run, step: int, logs: Mapping[str, float]) -> None:
        # The hook fires only on logging steps, so write at the first one at or past each multiple.
        due = step // run.recipe.sample_every
        if due > self._written_upto:
            self._written_upto = due
            self._write(run, f"samples/step-{step:06d}.png")

    @hookimpl
    def ganzoo_train_end(self, run, step: int, interrupted: bool) -> None:
        self._write(run, f"samples/step-{step:06d}.png")
        self._write(run, "samples.png")
