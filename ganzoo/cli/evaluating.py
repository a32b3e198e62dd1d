"""``ganzoo evaluate``: the metrics that apply to a run's dataset, with how each number was made."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

import ganzoo
from ganzoo.cli import zoo as plugins_zoo
from ganzoo.console import err, out
from ganzoo.errors import GanzooError
from ganzoo.recipe import seed_problem



def evaluate(
    source: Annotated[Path, typer.Argument(help="A run folder, or a generator.safetensors file.", metavar="RUN_OR_GENERATOR")],
    n: Annotated[int, typer.Option("--n", help="Samples generated, or held-out images translated, per metric (a metric defined on a fixed number says so).")] = 10_000,
    seed: Annotated[int, typer.Option(help="Seed of the generated samples.")] = 0,
    metric: Annotated[list[str] | None, typer.Option(help="Only this metric (repeatable); default: every metric that applies.")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Folder holding the dataset's files.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    device: Annotated[str | None, typer.Option(help="auto (default), cpu, cuda, cuda:N or mps.")] = None,
) -> None:
    """Measure a trained generator against its dataset."""
    if n < 1:
        raise GanzooError(f"--n must be a positive whole number, got {n}")
    if problem := seed_problem("--seed", seed):
        raise GanzooError(problem)
    from ganzoo.evaluation import EvaluationContext, applicable_metrics
    from ganzoo.evaluation import evaluate as run_metrics
    from ganzoo.sampling import generator_file, load_generator

    zoo = plugins_zoo.current()
    file = generator_file(source)
    trained = load_generator(zoo, file, device)
    dataset = trained.recipe.dataset
    metrics = applicable_metrics(zoo, dataset, trained.spec, metric, recipe=trained.recipe)
    if not metrics:
        raise GanzooError(f"no installed metric applies to dataset {dataset!r}; 'ganzoo list metric' shows what is installed")
    context = EvaluationContext(zoo, trained, dataset, n, seed, data_dir)
    results = run_metrics(context, metrics)
    report = {
        "generator": str(file),
        "step": trained.step,
        "dataset": dataset,
        "n": n,
        "seed": seed,
        "ganzoo_version": ganzoo.__version__,
        "results": [r.to_dict() for r in results],
    }
    if as_json:
        print(json.dumps(report, indent=2))
        return
    out.print(_table(results, title=f"{file} (step {trained.step}) on {dataset}, seed {seed}"))
    for result in results:
        if note := result.values.get("note"):
            out.print(f"{result.metric}: {note}", highlight=False, soft_wrap=True)
    err.print("(--json gives the full report with provenance)")


def _table(results, *, title: str) -> Table:
    """One row per number a metric gives, its name once; how many samples it used goes beside the
    name rather than on every row, and the rest of the provenance stays in --json."""
    from ganzoo.evaluation import measured_numbers

    table = Table("metric", "measure", "value", title=title)
    for result in results:
        numbers = measured_numbers(result.values)
        used = result.values.get("n_used")
        name = f"{result.metric} {result.version}" + (f" (n {used:,})" if isinstance(used, int) else "")
        for row, (key, value) in enumerate(numbers.items()):
            table.add_row(name if row == 0 else "", key, f"{value:.4g}" if isinstance(value, float) else str(value))
        table.add_section()
    return table

