"""The model card written beside an exported generator: what it is, what it was trained on and how
long, how well it does (with how each number was made), and the terms of its data."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ganzoo.sampling import TrainedGenerator

NO_LICENCE = ("The dataset's plugin states no licence; the generator is a work derived from that data, so check the"
              " data's terms before you share it.")


def model_card(trained: TrainedGenerator, *, model: str | None, fmt: str, file_name: str, check: str,
               evaluations: Sequence[Mapping[str, Any]]) -> str:
    recipe, spec = trained.recipe, trained.spec
    lines = [
        f"# {model or recipe.architecture}: an exported ganzoo generator",
        "",
        f"`{file_name}` ({fmt}) draws {spec.describe()} samples in [{spec.value_range[0]}, {spec.value_range[1]}]"
        f" and runs without ganzoo. `inputs.json` says what it takes and how to read its output.",
        "",
        "## Model",
        "",
        *_table({"architecture": recipe.architecture, "options": recipe.architecture_options, "loss": recipe.loss,
                 "training scheme": recipe.scheme or "alternating (ganzoo's default)", "latent sampler": recipe.sampler}),
        "",
        "## Data",
        "",
        *_table({"dataset": recipe.dataset, "options": recipe.dataset_options, "samples": spec.describe(),
                 "classes": spec.num_classes, "fields": ", ".join(spec.fields) or None}),
        "",
        "## Training",
        "",
        *_table({"steps trained": f"{trained.step:,}", "batch size": recipe.batch_size, "optimiser": recipe.optimizer,
                 "learning rates (G, D)": f"{recipe.lr_g:g}, {recipe.lr_d:g}", "betas": list(recipe.betas),
                 "moving average of G": recipe.ema, "seed": recipe.seed}),
        "",
        "## Metrics",
        "",
        *(_metrics(evaluations) or ["Not measured: pass `--evaluation FILE` (saved from `ganzoo evaluate RUN --json`)."]),
        "",
        "## Checked",
        "",
        check,
        "",
        "## Licence of the data",
        "",
        licence(spec.metadata) or NO_LICENCE,
        "",
    ]
    return "\n".join(lines)


def licence(metadata: Mapping[str, Any]) -> str | None:
    """The licence a dataset declares in its metadata, or that of the dataset it was made from."""
    if isinstance(metadata.get("licence"), str):
        return metadata["licence"]
    source = metadata.get("of_metadata")
    return licence(source) if isinstance(source, Mapping) else None


def _table(rows: Mapping[str, Any]) -> list[str]:
    shown = [(name, value) for name, value in rows.items() if value not in (None, {}, "")]
    return ["| | |", "| --- | --- |", *(f"| {name} | {_cell(value)} |" for name, value in shown)]


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _metrics(evaluations: Sequence[Mapping[str, Any]]) -> list[str]:
    lines = []
    for report in evaluations:
        lines.append(f"`ganzoo evaluate` at step {report.get('step')}, n {report.get('n')}, seed {report.get('seed')},"
                     f" ganzoo {report.get('ganzoo_version')}:")
        lines.append("")
        for result in report.get("results", []):
            values = {k: v for k, v in result.items() if k not in ("metric", "plugin", "version")}
            numbers = {k: v for k, v in values.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
            made = {k: v for k, v in values.items() if k not in numbers}
            shown = ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in numbers.items())
            lines.append(f"- {result.get('metric')} {result.get('version', '')}: {shown}"
                         + (f" (made with {json.dumps(made)})" if made else ""))
        lines.append("")
    return lines
