"""``ganzoo export``: a trained generator as an ONNX or TorchScript file that runs without ganzoo,
with ``inputs.json`` and a model card."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ganzoo.cli import zoo as plugins_zoo
from ganzoo.cli.sampling import parse_options
from ganzoo.console import err


def export(
    source: Annotated[Path, typer.Argument(help="A run folder, or a generator.safetensors file.", metavar="RUN_OR_GENERATOR")],
    fmt: Annotated[str, typer.Option("--format", help="onnx (needs pip install 'ganzoo[onnx]') or torchscript.", metavar="onnx|torchscript")] = "onnx",
    out: Annotated[Path | None, typer.Option(help="A new folder for the export (default: RUN/export-FORMAT).")] = None,
    options: Annotated[list[str] | None, typer.Option("--option", help="A sampling option of the model's scheme to fix in the export, NAME=VALUE (JSON value).", metavar="NAME=VALUE")] = None,
    evaluation: Annotated[list[Path] | None, typer.Option(help="A report saved by 'ganzoo evaluate RUN --json > FILE', for the model card (repeatable).", metavar="FILE")] = None,
    device: Annotated[str | None, typer.Option(help="auto (default), cpu, cuda, cuda:N or mps.")] = "cpu",
) -> None:
    """Export a trained generator as a standalone ONNX or TorchScript file, with a model card."""
    from ganzoo.export import describe_check, export_generator
    from ganzoo.report.collect import read_json
    from ganzoo.sampling import generator_file, load_generator

    path = generator_file(source)
    trained = load_generator(plugins_zoo.current(), path, device)
    target = out or path.parent / f"export-{fmt}"
    evaluations = [read_json(file, "a report of 'ganzoo evaluate --json'") for file in evaluation or []]
    check = export_generator(trained, fmt=fmt, out=target, model=trained.model, options=parse_options(options or []),
                             evaluations=evaluations)
    err.print(f"exported to {target}: {describe_check(check)}", highlight=False)
