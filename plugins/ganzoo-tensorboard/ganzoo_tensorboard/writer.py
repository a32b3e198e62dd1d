"""A run's TensorBoard events, in ``RUN/tensorboard/``.

- every value the scheme logs, as the scalar ``train/NAME`` at its step;
- every sample picture the run writes (``RUN/samples/step-NNNNNN.png``), as the image ``samples`` at
  its step, read back from the file so that TensorBoard shows exactly what the run folder holds;
- the resolved recipe, as the text ``recipe`` (JSON).

A resumed run writes into the same folder; events past the step it resumes from (written after the
checkpoint it resumes from) are dropped, so that curves do not fold back on themselves.

    tensorboard --logdir runs/
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from PIL import Image
from torch.utils.tensorboard import SummaryWriter

FOLDER = "tensorboard"
FLUSH_SECONDS = 30
PICTURE = re.compile(r"step-(\d+)\.png")


class EventsWriter:
    def __init__(self, folder: Path, samples: Path, *, purge_step: int | None, recipe: Mapping) -> None:
        """``purge_step``: the first step a resumed run writes again (TensorBoard drops older events
        from that step on); None for a fresh run."""
        self._events = SummaryWriter(str(folder), purge_step=purge_step, flush_secs=FLUSH_SECONDS)
        self._samples = samples
        self._shown = {path for path, step in self._pictures().items() if purge_step is not None and step < purge_step}
        if purge_step is None:
            self._events.add_text("recipe", "```json\n" + json.dumps(recipe, indent=2) + "\n```", 0)

    @classmethod
    def for_run(cls, run) -> EventsWriter:
        resumed = run.resumed_from
        return cls(run.run_dir / FOLDER, run.run_dir / "samples", purge_step=None if resumed is None else resumed + 1,
                   recipe=run.recipe.to_dict())

    def logged(self, step: int, logs: Mapping[str, float]) -> None:
        for name, value in logs.items():
            self._events.add_scalar(f"train/{name}", value, step)
        self._add_new_pictures()

    def close(self) -> None:
        self._add_new_pictures()
        self._events.close()

    def _pictures(self) -> dict[Path, int]:
        found = (PICTURE.fullmatch(path.name) for path in sorted(self._samples.glob("step-*.png")))
        return {self._samples / match.group(0): int(match.group(1)) for match in found if match}

    def _add_new_pictures(self) -> None:
        for path, step in self._pictures().items():
            if path not in self._shown:
                with Image.open(path) as picture:
                    pixels = np.asarray(picture.convert("RGB"))
                self._events.add_image("samples", pixels, step, dataformats="HWC")
                self._shown.add(path)
