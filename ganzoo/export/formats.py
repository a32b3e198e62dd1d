"""Writing a :class:`~ganzoo.export.graph.GeneratorGraph` as a file that runs without ganzoo, and
checking that file against ganzoo's own output.

- ``onnx``: through ``torch.onnx.export`` (the ``torch.export``-based exporter, which needs the
  ``onnx`` and ``onnxscript`` packages: ``pip install 'ganzoo[onnx]'``), checked with
  ``onnxruntime`` when it is installed;
- ``torchscript``: ``torch.jit.trace``, a ``.pt`` file that ``torch.jit.load`` runs with torch alone.

Both take any batch size. The check runs the written file on a fresh batch of inputs (of another
size than the one traced) and compares with ganzoo's output: the largest absolute difference must
stay within :data:`TOLERANCE` of the output's range.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import torch

from ganzoo.errors import GanzooError
from ganzoo.export.graph import GeneratorGraph

TOLERANCE = 1e-4  # of the output's value range: float32 rounding in another runtime, not a different function
FILE_NAMES = {"onnx": "generator.onnx", "torchscript": "generator.pt"}


@dataclass(frozen=True)
class Check:
    runtime: str | None  # what ran the file; None when nothing could
    max_difference: float | None


def write(graph: GeneratorGraph, example: Mapping[str, torch.Tensor], fmt: str, path: Path) -> None:
    writers: dict[str, Callable[[GeneratorGraph, tuple[torch.Tensor, ...], Path], None]] = {
        "onnx": _write_onnx, "torchscript": _write_torchscript}
    writers[fmt](graph, tuple(example[name] for name in graph.input_names), path)


def check(fmt: str, path: Path, graph: GeneratorGraph, inputs: Mapping[str, torch.Tensor], value_range: tuple[float, float]) -> Check:
    """Run the written file on ``inputs`` and compare with ``graph``'s own output."""
    ordered = tuple(inputs[name] for name in graph.input_names)
    with torch.no_grad():
        expected = graph(*ordered).cpu()
    if fmt == "onnx":
        if importlib.util.find_spec("onnxruntime") is None:
            return Check(None, None)
        got, runtime = _run_onnx(path, graph.input_names, ordered), "onnxruntime"
    else:
        with torch.no_grad():
            got, runtime = torch.jit.load(str(path), map_location="cpu")(*(t.cpu() for t in ordered)), "torch.jit"
    difference = float((got.float() - expected).abs().max())
    span = value_range[1] - value_range[0]
    if not difference <= TOLERANCE * span:
        raise GanzooError(f"the exported {path.name} does not reproduce the generator: its outputs differ from ganzoo's by"
                          f" up to {difference:.3g} ({runtime}); please report this with the model's name")
    return Check(runtime, difference)


def _write_torchscript(graph: GeneratorGraph, example: tuple[torch.Tensor, ...], path: Path) -> None:
    with torch.no_grad(), _quiet():
        traced = torch.jit.trace(graph, example, check_trace=False)
    traced.save(str(path))


def _write_onnx(graph: GeneratorGraph, example: tuple[torch.Tensor, ...], path: Path) -> None:
    missing = [name for name in ("onnx", "onnxscript") if importlib.util.find_spec(name) is None]
    if missing:
        raise GanzooError(f"exporting to ONNX needs the {' and '.join(missing)} package(s): pip install 'ganzoo[onnx]'")
    batch = torch.export.Dim("n")
    shapes = (tuple({0: batch} for _ in example),)  # forward(*inputs): one entry, for the tuple of inputs
    try:
        with _quiet():
            torch.onnx.export(graph, example, str(path), input_names=graph.input_names, output_names=["sample"],
                              dynamic_shapes=shapes, dynamo=True, external_data=False, verbose=False)
    except Exception as exc:  # the exporter's errors are many and deep; the user needs the first line
        raise GanzooError(f"torch.onnx could not export this generator: {str(exc).strip().splitlines()[0]}") from None


def _run_onnx(path: Path, names: list[str], inputs: tuple[torch.Tensor, ...]) -> torch.Tensor:
    import onnxruntime

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    fed = {name: tensor.cpu().numpy() for name, tensor in zip(names, inputs)}
    return torch.from_numpy(session.run(None, fed)[0])


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Exporters announce their stages and warn about things a user of ganzoo cannot change."""
    loggers = [logging.getLogger(name) for name in ("torch.onnx", "torch.export", "torch._export", "onnxscript")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
