"""What a run leaves in its folder: ``config.json``, the checkpoint and the exported generator.

Only rank 0 writes, and only while it holds the folder's lock. Every file is written atomically,
so a run killed at any moment leaves the previous file intact; the temporary files of writes that
were interrupted are removed when the next run opens the folder.
"""

from __future__ import annotations

import json
from typing import Any

import ganzoo
from ganzoo.console import warn
from ganzoo.files import ensure_folder, remove_temporaries
from ganzoo.parts import InMemoryData
from ganzoo.training import checkpoint, state
from ganzoo.training.build import ResolvedParts
from ganzoo.training.checkpoint import CHECKPOINT_NAME, GENERATOR_NAME
from ganzoo.training.lock import RunLock
from ganzoo.training.run import Run

CONFIG_NAME = "config.json"
METRICS_NAME = "metrics.jsonl"


class RunFolder:
    def __init__(self, run: Run, parts: ResolvedParts, world_size: int) -> None:
        self.run = run
        self.parts = parts
        self.world_size = world_size
        self.saved_step = run.resumed_from  # the step of the checkpoint on disk, if any
        self._lock = RunLock(run.run_dir)

    def open(self) -> None:
        """Take the folder for this process, clear what interrupted writes left, write the config."""
        self._lock.acquire()
        for folder in (self.run.run_dir, self.run.run_dir / "samples"):
            if left := remove_temporaries(folder):
                warn(f"removed {len(left)} temporary file(s) of an interrupted write from {folder}")
        self.write_config()

    def close(self) -> None:
        self._lock.release()

    def kept(self) -> str:
        """Which checkpoint the folder holds, in words."""
        if self.saved_step is None:
            return "no checkpoint had been written yet"
        return f"the checkpoint of step {self.saved_step} in {self.run.run_dir} is kept"

    def description(self) -> dict[str, Any]:
        """What was trained, from which plugins, on which data: in the config, checkpoint and export."""
        run = self.run
        return {
            "ganzoo_version": ganzoo.__version__,
            "model": run.model,
            "recipe": run.recipe.to_dict(),
            "parts": self.parts.providers(),
            "data": {"source": run.data.source, "samples": len(run.data) if isinstance(run.data, InMemoryData) else None,
                     **run.data.spec.to_dict()},
        }

    def write_config(self) -> None:
        run = self.run
        ensure_folder(run.run_dir)
        context = run.scheme.context
        config = {**self.description(), "device": str(run.device), "precision": context.precision.name,
                  "compiled": context.compile, "channels_last": context.channels_last, "world_size": self.world_size}
        if run.resumed_from is not None:
            config["resumed_from_step"] = run.resumed_from
        checkpoint.write_atomically(run.run_dir / CONFIG_NAME, (json.dumps(config, indent=2) + "\n").encode())

    def save(self, training: state.TrainingState) -> None:
        """The checkpoint to resume from, then the generator to sample from."""
        run = self.run
        run.measure_averages()
        description = self.description()
        tensors, meta = state.collect(training, step=run.step)
        checkpoint.save(run.run_dir / CHECKPOINT_NAME, tensors, {**meta, **description})
        inputs = {name: field.to_dict() for name, field in run.scheme.generator_inputs().items()}
        export = {"format": state.GENERATOR_FORMAT, "step": run.step, "inputs": inputs, **description}
        checkpoint.save(run.run_dir / GENERATOR_NAME, state.exported_tensors(run.scheme, training.averages), export)
        self.saved_step = run.step
