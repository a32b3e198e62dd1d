"""``sr-pairs``: super-resolution pairs of any registered image dataset.

The dataset named by ``of`` is loaded as a run would load it (same ``--data-dir`` and split, with
``of_options`` as its options); each image stays the target (``"sample"``, C×H×W) and its copy
shrunk ``factor`` times becomes the field ``"low"`` (C×H/f×W/f), by area averaging (the default) or
antialiased bicubic interpolation (see :func:`ganzoo_pairs.filters.downsample`). Labels, the value
range and the source's metadata (under ``"of_metadata"``) are kept.

A dataset held in memory is shrunk once, at load; one drawn on the fly is shrunk at each draw.
MNIST's 28×28 divides by 2 and 4 but not 8: ``factor=4`` makes 7×7 inputs for 28×28 targets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import torch

from ganzoo import LABEL, SAMPLE, Field, GanzooError, IncompatibleParts, InMemoryData, SampledData
from ganzoo.parts import Data
from ganzoo_pairs import common, filters


def sr_pairs(
    data_dir: Path | None = None,
    split: str = "train",
    of: str = "mnist-sample",
    factor: int = 4,
    downsampling: str = "area",
    of_options: Mapping[str, Any] | None = None,
) -> Data:
    """Super-resolution pairs of the registered dataset ``of``."""
    factor = common.factor_option("sr-pairs", factor)
    downsampling = common.choice("sr-pairs", "downsampling", downsampling, common.DOWNSAMPLINGS)
    if not isinstance(of, str) or not of:
        raise GanzooError(f"sr-pairs's of must name a registered dataset (see 'ganzoo list dataset'), got {of!r}")
    if of_options is not None and not (isinstance(of_options, Mapping) and all(isinstance(k, str) for k in of_options)):
        raise GanzooError(f"sr-pairs's of_options must map option names of {of!r} to values, got {of_options!r}")
    data = load_dataset(of, dict(of_options or {}), data_dir, split)
    return super_resolution(data, factor, downsampling, name=f"sr-pairs of {of!r}", of=of)


def load_dataset(name: str, options: Mapping[str, Any], data_dir: Path | None, split: str) -> Data:
    """The dataset registered as ``name``, built as a run builds its dataset.

    The registry is the command line's (``ganzoo.cli.zoo.current()``, which the ``ganzoo_zoo`` test
    fixture replaces): a dataset factory is not handed the zoo of the run it serves."""
    from ganzoo.cli import zoo
    from ganzoo.training.build import call_factory

    try:
        entry = zoo.current().registry.get("dataset", name)
    except GanzooError as exc:
        raise GanzooError(f"sr-pairs's option of: {exc}") from None
    return call_factory(entry, options, data_dir=data_dir, split=split)


def super_resolution(data: Data, factor: int, downsampling: str, *, name: str, of: str | None = None) -> Data:
    """``data``'s images as targets with their ``factor``-times smaller copies in the field ``"low"``."""
    spec = data.spec
    if not spec.is_image:
        raise IncompatibleParts(f"{name}: super-resolution needs images (channels, height, width), but the samples are "
                                f"{spec.describe()}; pick an image dataset")
    if spec.fields:
        raise IncompatibleParts(f"{name}: the dataset already has the field(s) {', '.join(spec.fields)}; super-resolution "
                                "pairs are made of datasets of single images")
    channels, height, width = spec.shape
    if height % factor or width % factor:
        fits = [f for f in common.FACTORS if not height % f and not width % f]
        raise GanzooError(f"{name}: factor {factor} does not divide the {height}×{width} images"
                          + (f"; use {' or '.join(map(str, fits))}" if fits else "; no factor of 2, 4 or 8 does"))
    low_shape = (channels, height // factor, width // factor)
    metadata = {"task": "super-resolution", "pairing": "paired", "input_field": common.LOW, "target_field": SAMPLE,
                "factor": factor, "downsampling": downsampling, "low_shape": list(low_shape)}
    if of is not None:
        metadata["of"] = of
    if spec.metadata:
        metadata["of_metadata"] = dict(spec.metadata)
    sr_spec = replace(spec, fields=common.frozen({common.LOW: Field(low_shape, spec.value_range)}), metadata=common.frozen(metadata))
    how = f"{downsampling} downsampling by {factor} to {'×'.join(map(str, low_shape))}"

    def shrink(images: torch.Tensor) -> torch.Tensor:
        return filters.downsample(images, factor, downsampling, spec.value_range)

    if isinstance(data, InMemoryData):
        return InMemoryData(samples=data.samples, labels=data.labels, spec=sr_spec, source=f"super-resolution pairs ({how}) of {data.source}",
                            fields=common.frozen({common.LOW: shrink(data.samples)}))

    def draw(n: int, generator: torch.Generator, device: torch.device) -> dict[str, torch.Tensor]:
        drawn = data.draw(n, generator, device)
        columns = dict(drawn) if isinstance(drawn, Mapping) else {SAMPLE: drawn[0], **({LABEL: drawn[1]} if drawn[1] is not None else {})}
        columns[common.LOW] = shrink(columns[SAMPLE])
        return columns

    return SampledData(draw=draw, spec=sr_spec, source=f"super-resolution pairs ({how}) of {data.source}")
