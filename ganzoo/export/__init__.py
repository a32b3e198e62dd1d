"""``ganzoo export``: a trained generator as a standalone file, with its model card.

The export folder holds the generator in the chosen format (:mod:`ganzoo.export.formats`),
``inputs.json`` (what it takes and how to read its output: :func:`ganzoo.export.graph.describe_inputs`)
and ``README.md`` (:mod:`ganzoo.export.card`). The folder appears whole or not at all.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ganzoo.errors import GanzooError
from ganzoo.export import formats
from ganzoo.export.card import model_card
from ganzoo.export.graph import GeneratorGraph, describe_inputs, example_inputs
from ganzoo.files import ensure_folder
from ganzoo.sampling import TrainedGenerator

FORMATS = tuple(formats.FILE_NAMES)
CHECK_BATCH = 5  # another batch size than the traced one, so that the check covers any batch


def export_generator(trained: TrainedGenerator, *, fmt: str, out: Path, model: str | None = None,
                     options: Mapping[str, Any] | None = None, evaluations: Sequence[Mapping[str, Any]] = ()) -> formats.Check:
    """Write ``trained`` to the new folder ``out`` as ``fmt``, checked against ganzoo's own output."""
    if fmt not in FORMATS:
        raise GanzooError(f"unknown export format {fmt!r}; choose {' or '.join(FORMATS)}")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise GanzooError(f"{out} already exists and is not an empty folder; choose another --out")
    graph = GeneratorGraph(trained, options or {}).eval()
    ensure_folder(out.parent)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent) as scratch:
        staged = Path(scratch) / "export"
        staged.mkdir()
        file_name = formats.FILE_NAMES[fmt]
        formats.write(graph, example_inputs(trained), fmt, staged / file_name)
        check = formats.check(fmt, staged / file_name, graph, example_inputs(trained, CHECK_BATCH, seed=1),
                              trained.spec.value_range)
        (staged / "inputs.json").write_text(json.dumps(describe_inputs(trained, options or {}), indent=2) + "\n")
        card = model_card(trained, model=model, fmt=fmt, file_name=file_name, check=describe_check(check),
                          evaluations=evaluations)
        (staged / "README.md").write_text(card)
        if out.exists():
            out.rmdir()
        shutil.move(str(staged), str(out))
    return check


def describe_check(check: formats.Check) -> str:
    if check.runtime is None:
        return "Not run after export: onnxruntime is not installed (pip install 'ganzoo[onnx]')."
    return (f"Run with {check.runtime} on {CHECK_BATCH} fresh inputs after export: its outputs differ from ganzoo's by"
            f" at most {check.max_difference:.2g}.")
