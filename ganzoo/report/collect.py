"""What a report shows, read from run folders and evaluation reports: JSON and file names only.

The names are those training writes (``ganzoo.training.folder`` and ``ganzoo.builtin.samples``);
they are spelt out here because importing the training machinery would import torch.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ganzoo.console import warn
from ganzoo.errors import GanzooError

CONFIG_NAME = "config.json"
METRICS_NAME = "metrics.jsonl"
FINAL_SAMPLES = "samples.png"
TIMELINE_PICTURE = re.compile(r"step-(\d+)\.png")

Curve = list[tuple[int, float | None]]  # (step, value) in step order; None: not finite when logged


@dataclass(frozen=True)
class Picture:
    step: int
    path: Path


@dataclass(frozen=True)
class RunRecord:
    """One run folder as the report shows it."""

    folder: Path
    label: str
    config: Mapping[str, Any]
    curves: Mapping[str, Curve]  # by logged name, in the order the names were first logged
    timeline: Sequence[Picture]  # in step order
    final: Path | None


@dataclass(frozen=True)
class Evaluation:
    """One report of ``ganzoo evaluate --json``, and the run it measured, when it is in the report."""

    source: Path
    report: Mapping[str, Any]
    results: Sequence[Mapping[str, Any]]
    run_label: str | None


def read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GanzooError(f"could not read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise GanzooError(f"{path} is not {what}: it is not valid JSON ({exc})") from None


def read_curves(path: Path) -> dict[str, Curve]:
    """The numbers of ``metrics.jsonl`` by name. A damaged line (a crash while writing it, or a run
    still writing it) is skipped with a warning; values that are not numbers are left out."""
    curves: dict[str, Curve] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            logged = json.loads(line)
            step = int(logged.pop("step"))
        except (ValueError, KeyError, TypeError, AttributeError):
            warn(f"{path}: line {number} is cut short or damaged; left out of the report")
            continue
        for name, value in logged.items():
            if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
                curves.setdefault(name, []).append((step, None if value is None else float(value)))
    for curve in curves.values():
        curve.sort(key=lambda point: point[0])
    return curves


def read_timeline(folder: Path) -> list[Picture]:
    """The pictures written during training (``samples/step-NNNNNN.png``), in step order."""
    pictures = [Picture(int(match[1]), path) for path in (folder / "samples").glob("step-*.png")
                if (match := TIMELINE_PICTURE.fullmatch(path.name))]
    return sorted(pictures, key=lambda picture: picture.step)


def read_run(folder: Path, label: str) -> RunRecord:
    if not (folder / CONFIG_NAME).is_file():
        what = "does not exist" if not folder.exists() else f"has no {CONFIG_NAME}"
        raise GanzooError(f"{folder} is not a run folder: it {what} (ganzoo train --out makes one)")
    config = read_json(folder / CONFIG_NAME, "a run's config")
    if not isinstance(config, dict):
        raise GanzooError(f"{folder / CONFIG_NAME} is not a run's config: it holds no JSON object")
    metrics = folder / METRICS_NAME
    curves = read_curves(metrics) if metrics.is_file() else {}
    if not curves:
        raise GanzooError(f"{folder} has no logged values yet: {metrics} is missing or empty "
                          f"(a run logs every log_every steps); report on it once it has trained a while")
    final = folder / FINAL_SAMPLES
    return RunRecord(folder, label, config, curves, read_timeline(folder), final if final.is_file() else None)


def labels(folders: Sequence[Path]) -> list[str]:
    """Each run's folder name, or the path as given where two runs share a name."""
    counts = Counter(folder.name for folder in folders)
    return [folder.name if counts[folder.name] == 1 else str(folder) for folder in folders]


def read_runs(folders: Sequence[Path]) -> list[RunRecord]:
    return [read_run(folder, label) for folder, label in zip(folders, labels(folders))]


def read_evaluation(path: Path, runs: Sequence[RunRecord]) -> Evaluation:
    """A saved ``ganzoo evaluate --json`` report, tied to the run whose generator it measured."""
    report = read_json(path, "a report of 'ganzoo evaluate --json'")
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        raise GanzooError(f"{path} is not a report of 'ganzoo evaluate --json': it has no list of results")
    generator = Path(str(report.get("generator", "")))
    measured = {generator.resolve(), generator.resolve().parent}
    run_label = next((run.label for run in runs if run.folder.resolve() in measured), None)
    results = [result for result in report["results"] if isinstance(result, dict)]
    return Evaluation(path, report, results, run_label)

