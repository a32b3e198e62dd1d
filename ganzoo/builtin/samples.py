"""Pictures of the run's fixed latent batch, every ``sample_every`` steps and at the end.

Images become a grid (one row per class for a conditional model; for a model whose input comes from
the data, the scheme's panels side by side, such as input | output | target); points in the plane
become a scatter plot over real data. Pictures land in ``RUN/samples/step-NNNNNN.png``; the last one is also
written as ``RUN/samples.png``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ganzoo.hookspecs import hookimpl

REFERENCE_POINTS = 2_000


class SampleGrids:
    def __init__(self) -> None:
        self._written_upto = 0
        self._reference = None

    def _write(self, run, name: str) -> None:
        from ganzoo import images

        spec = run.data.spec
        if not run.is_main:
            return
        if spec.is_image:
            shown = run.sample_panels()
            if len(shown) > 1:  # input | output | target, one example a row
                images.save_grid(images.panels(shown), run.run_dir / name, spec.value_range, len(shown))
                return
            labels = run.sample_inputs.get("label")
            columns = None if labels is None else len(labels) // spec.num_classes
            images.save_grid(shown[0], run.run_dir / name, spec.value_range, columns)
        elif spec.shape == (2,):
            images.save_scatter(run.generate(), self._reference_points(run), run.run_dir / name)

    def _reference_points(self, run):
        if self._reference is None:
            import torch

            from ganzoo.parts import SAMPLE, InMemoryData
            from ganzoo.training.batches import as_batch

            if isinstance(run.data, InMemoryData):
                self._reference = run.data.samples[:REFERENCE_POINTS]
            else:  # draw may give (samples, labels) or every field by name
                generator = torch.Generator(device=run.device).manual_seed(run.recipe.seed + 2)
                self._reference = as_batch(run.data.draw(REFERENCE_POINTS, generator, run.device))[SAMPLE]
        return self._reference

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
