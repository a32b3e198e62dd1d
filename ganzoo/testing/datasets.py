"""``check_dataset``: the data a dataset factory returns match what its spec declares."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from ganzoo.parts import LABEL, SAMPLE, Data, DataSpec, InMemoryData, SampledData
from ganzoo.testing import _tensors as t
from ganzoo.testing._resolve import build, fail

if TYPE_CHECKING:
    from ganzoo.plugins import Zoo


def check_dataset(
    dataset: Any,
    *,
    zoo: Zoo | None = None,
    options: Mapping[str, Any] | None = None,
    data_dir: str | Path | None = None,
    split: str = "train",
    draws: int = 64,
) -> Data:
    """Load ``dataset`` as a run would (``factory(data_dir=..., split=..., **options)``) and check it.

    - the factory returns :class:`ganzoo.InMemoryData` or :class:`ganzoo.SampledData` with a
      :class:`ganzoo.DataSpec` of positive sizes, a range with low < high, and a ``source`` sentence;
    - samples are float32 tensors of shape ``(N, *spec.shape)``, finite, inside ``spec.value_range``;
    - labels are int64 of shape ``(N,)`` in ``[0, num_classes)`` when ``spec.num_classes`` is set,
      and absent when it is not;
    - every field that ``spec.fields`` declares comes with the samples (``InMemoryData.fields``, or
      a ``draw`` that returns every field by name), ``N`` rows of its shape inside its range, and
      no field comes that the spec does not declare;
    - a sampled dataset draws ``draws`` samples (on the CPU) using only the ``torch.Generator``
      it is given: the same seed gives the same samples, another seed others, whatever the global
      random state.

    A :class:`ganzoo.GanzooError` from the factory (data not found, say) is passed on. Returns the data.
    """
    data, label = build(
        "dataset", dataset, zoo=zoo, options=options, is_built=lambda part: isinstance(part, (InMemoryData, SampledData)),
        data_dir=None if data_dir is None else Path(data_dir), split=split,
    )
    if not isinstance(data, (InMemoryData, SampledData)):
        raise fail(label, f"the factory returned {type(data).__name__}, not ganzoo.InMemoryData or ganzoo.SampledData")
    _check_spec(label, data.spec)
    if not isinstance(data.source, str) or not data.source.strip():
        raise fail(label, "source should say in words what was loaded, got " + repr(data.source))
    if isinstance(data, InMemoryData):
        if len(data) < 1:
            raise fail(label, "the dataset holds no samples")
        _check_batch(label, "the samples", data.spec, data.samples, data.labels)
        _check_fields(label, "the samples", data.spec, data.columns(), len(data))
    else:
        _check_draws(label, data, draws)
    return data


def _check_spec(label: str, spec: Any) -> None:
    if not isinstance(spec, DataSpec):
        raise fail(label, f"spec is a {type(spec).__name__}, not a ganzoo.DataSpec")
    if not isinstance(spec.shape, tuple) or not spec.shape or not all(isinstance(d, int) and d > 0 for d in spec.shape):
        raise fail(label, f"spec.shape must be a tuple of positive whole numbers, got {spec.shape!r}")
    low, high = spec.value_range
    if math.isnan(low) or math.isnan(high) or not low < high:
        raise fail(label, f"spec.value_range must be (low, high) with low < high, got {spec.value_range!r}")
    if spec.num_classes is not None and not (isinstance(spec.num_classes, int) and spec.num_classes >= 1):
        raise fail(label, f"spec.num_classes must be None or a positive whole number, got {spec.num_classes!r}")


def _check_batch(label: str, what: str, spec: DataSpec, samples: Any, labels: Any) -> None:
    samples = t.tensor(label, what, samples)
    if samples.dtype != torch.float32:
        raise fail(label, f"{what} are {samples.dtype}; ganzoo expects float32")
    n = samples.shape[0] if samples.dim() else 0
    t.shape(label, what, samples, (n, *spec.shape))
    t.finite(label, what, samples)
    t.in_range(label, what, samples, spec.value_range)
    if spec.num_classes is None:
        if labels is not None:
            raise fail(label, f"{what} come with labels but spec.num_classes is None; declare the number of classes")
        return
    labels = t.tensor(label, f"the labels of {what}", labels)
    if labels.dtype != torch.int64:
        raise fail(label, f"the labels of {what} are {labels.dtype}; ganzoo expects int64")
    t.shape(label, f"the labels of {what}", labels, (n,))
    if n and (labels.min().item() < 0 or labels.max().item() >= spec.num_classes):
        raise fail(label, f"the labels of {what} run from {labels.min().item()} to {labels.max().item()}, outside [0, {spec.num_classes}) for num_classes={spec.num_classes}")


def _check_fields(label: str, what: str, spec: DataSpec, columns: Mapping[str, Any], n: int) -> None:
    """The fields beyond samples and labels: each that ``spec.fields`` declares, and no other."""
    declared = spec.all_fields()
    undeclared = sorted(set(columns) - set(declared))
    if undeclared:
        raise fail(label, f"{what} come with the field(s) {', '.join(undeclared)}, which spec.fields does not declare")
    for name, field in spec.fields.items():
        if name not in columns:
            raise fail(label, f"{what} lack the field {name!r} that spec.fields declares")
        described = f"the field {name!r} of {what}"
        value = t.tensor(label, described, columns[name])
        t.shape(label, described, value, (n, *field.shape))
        if field.num_classes is not None and value.dtype != torch.int64:
            raise fail(label, f"{described} is {value.dtype}; a class field must be int64")
        if field.num_classes is None and value.dtype != torch.float32:
            raise fail(label, f"{described} is {value.dtype}; ganzoo expects float32")
        t.finite(label, described, value.float())
        t.in_range(label, described, value, field.value_range)


def _check_draws(label: str, data: SampledData, n: int) -> None:
    if not callable(data.draw):
        raise fail(label, "SampledData.draw is not callable")
    cpu = torch.device("cpu")

    def draw(seed: int, global_seed: int) -> dict[str, Any]:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(global_seed)
            result = data.draw(n, torch.Generator().manual_seed(seed), cpu)
        if isinstance(result, Mapping):
            if SAMPLE not in result:
                raise fail(label, f"draw(n, generator, device) returned the fields {', '.join(map(str, result))} but no {SAMPLE!r}")
            return dict(result)
        if not (isinstance(result, tuple) and len(result) == 2):
            raise fail(label, "draw(n, generator, device) must return (samples, labels_or_None) or every field by name, "
                              f"got {type(result).__name__}")
        samples, labels = result
        return {SAMPLE: samples} if labels is None else {SAMPLE: samples, LABEL: labels}

    columns = draw(0, 0)
    samples = columns[SAMPLE]
    _check_batch(label, f"the {n} drawn samples", data.spec, samples, columns.get(LABEL))
    t.shape(label, f"draw({n}, ...) samples", samples, (n, *data.spec.shape))
    _check_fields(label, f"the {n} drawn samples", data.spec, columns, n)
    for name, value in columns.items():
        if value.device != cpu:
            raise fail(label, f"draw(..., device=cpu) returned {'samples' if name == SAMPLE else repr(name)} on {value.device}")
    again = draw(0, 1)
    if again.keys() != columns.keys() or not all(torch.equal(columns[name], again[name]) for name in columns):
        raise fail(label, "two draws with generators of the same seed differ: draw must use only the generator it is given, not torch's global random state")
    other = draw(1, 0)
    if torch.equal(samples, other[SAMPLE]):
        raise fail(label, "draws with generators of different seeds are identical: draw ignores the generator it is given")
