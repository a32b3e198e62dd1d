"""Periodic evaluation while training (``ganzoo train --eval-every N``).

At the first checkpoint at or past every multiple of ``every`` steps, and at the end, the exported
generator is measured as ``ganzoo evaluate`` would measure it (the metrics that apply, or those
named), and the results go to ``RUN/evaluations.jsonl``, one line per step. With ``keep_best``
(a value of a metric and whether lower or higher is better) the generator that scored best so far
is kept beside the last one as ``RUN/best-generator.safetensors``, described by ``RUN/best.json``.
A resumed run keeps the lines and the best up to the step it resumes from.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ganzoo.console import err
from ganzoo.errors import GanzooError
from ganzoo.hookspecs import hookimpl

EVALUATIONS_NAME = "evaluations.jsonl"
BEST_GENERATOR_NAME = "best-generator.safetensors"
BEST_NAME = "best.json"


@dataclass(frozen=True)
class BestBy:
    """The value ``metric``/``value`` of an evaluation, and whether ``lower`` is better."""

    metric: str
    value: str
    lower: bool

    @classmethod
    def parse(cls, text: str) -> BestBy:
        """``classifier-fd/fd:min`` or ``paired-fidelity/psnr:max``."""
        name, _, direction = text.rpartition(":")
        metric, _, value = name.partition("/")
        if not metric or not value or direction not in ("min", "max"):
            raise GanzooError(f"--keep-best takes METRIC/VALUE:min or METRIC/VALUE:max (e.g. classifier-fd/fd:min), got {text!r}")
        return cls(metric, value, direction == "min")

    def better(self, score: float, best: float | None) -> bool:
        return best is None or (score < best if self.lower else score > best)


@dataclass(frozen=True, kw_only=True)
class EvaluationSettings:
    every: int
    metrics: tuple[str, ...] = ()  # none: every metric that applies
    n: int = 1_000
    seed: int = 0
    keep_best: BestBy | None = None
    data_dir: Path | None = None


class PeriodicEvaluation:
    def __init__(self, zoo, settings: EvaluationSettings) -> None:
        self.zoo, self.settings = zoo, settings
        self._done_upto = 0
        self._best: float | None = None

    @hookimpl
    def ganzoo_train_start(self, run) -> None:
        from ganzoo.builtin.metrics import lines_upto
        from ganzoo.files import write_atomically

        self._done_upto = run.step // self.settings.every
        if not run.is_main:
            return
        path = run.run_dir / EVALUATIONS_NAME
        kept = lines_upto(path, run.resumed_from) if run.resumed_from is not None and path.exists() else []
        write_atomically(path, "".join(line + "\n" for line in kept).encode())
        self._best = self._resumed_best(run)

    @hookimpl
    def ganzoo_checkpoint_saved(self, run, step: int, path: Path) -> None:
        due = step // self.settings.every
        if not run.is_main or (due <= self._done_upto and step < run.total_steps):
            return
        self._done_upto = due
        results = self._measure(run)
        with (run.run_dir / EVALUATIONS_NAME).open("a") as log:
            log.write(json.dumps({"step": step, "results": results}) + "\n")
        err.print(f"evaluated at step {step:,}: {_summary(results)}", highlight=False)
        if self.settings.keep_best is not None:
            self._keep_if_best(run, step, results)

    def _measure(self, run) -> list[dict[str, Any]]:
        from ganzoo.evaluation import EvaluationContext, applicable_metrics, evaluate
        from ganzoo.sampling import load_generator
        from ganzoo.training.checkpoint import GENERATOR_NAME

        settings = self.settings
        trained = load_generator(self.zoo, run.run_dir / GENERATOR_NAME, str(run.device))
        metrics = applicable_metrics(self.zoo, trained.recipe.dataset, trained.spec, list(settings.metrics) or None,
                                     recipe=trained.recipe)
        context = EvaluationContext(self.zoo, trained, trained.recipe.dataset, settings.n, settings.seed, settings.data_dir)
        return [result.to_dict() for result in evaluate(context, metrics)]

    def _keep_if_best(self, run, step: int, results: list[dict[str, Any]]) -> None:
        from ganzoo.files import write_atomically
        from ganzoo.training.checkpoint import GENERATOR_NAME

        best_by = self.settings.keep_best
        score = next((r.get(best_by.value) for r in results if r["metric"] == best_by.metric), None)
        if not isinstance(score, (int, float)) or not math.isfinite(score):
            raise GanzooError(f"--keep-best {best_by.metric}/{best_by.value}: the evaluation at step {step} gave no such number")
        if best_by.better(score, self._best):
            self._best = float(score)
            write_atomically(run.run_dir / BEST_GENERATOR_NAME, (run.run_dir / GENERATOR_NAME).read_bytes())
            record = {"step": step, "metric": best_by.metric, "value": best_by.value, "score": score, "lower_is_better": best_by.lower}
            write_atomically(run.run_dir / BEST_NAME, (json.dumps(record, indent=2) + "\n").encode())

    def _resumed_best(self, run) -> float | None:
        """The best score kept before a stop, if it was measured on weights the resume keeps."""
        path = run.run_dir / BEST_NAME
        if run.resumed_from is None or not path.exists():
            return None
        record = json.loads(path.read_text())
        return float(record["score"]) if record.get("step", math.inf) <= run.resumed_from else None


def _summary(results: list[dict[str, Any]]) -> str:
    from ganzoo.evaluation import measured_numbers

    shown = []
    for result in results:
        numbers = [f"{key} {value:.4g}" for key, value in measured_numbers(result).items()][:3]
        shown.append(f"{result['metric']} " + " ".join(numbers))
    return "; ".join(shown)
