"""The sampling options of an InfoGAN: ``code`` sets the categorical code, ``c1``, ``c2``, ... the
continuous ones (``ganzoo sample RUN --option code=7 --option c1=-1.0``); codes not given are
drawn with the noise."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import torch

from ganzoo import GanzooError
from ganzoo_infogan.codes import CodeLayout

CODE = "code"


def continuous_name(index: int) -> str:
    """``c1`` for the first continuous code (index 0), as the paper numbers them."""
    return f"c{index + 1}"


def option_help(layout: CodeLayout) -> dict[str, str]:
    """Each sampling option with a line of help, for ``Scheme.sampling_options``."""
    described = {CODE: f"the categorical code, a whole number from 0 to {layout.categories - 1} (default: drawn)"}
    for index in range(layout.continuous):
        described[continuous_name(index)] = "a continuous code, any number; trained on the sampler's range (default: drawn)"
    return described


def with_options(layout: CodeLayout, latent: torch.Tensor, options: Mapping[str, Any]) -> torch.Tensor:
    """``latent`` with the codes the options set; an option out of range is an error."""
    category = options.get(CODE)
    if category is not None and not (_is_whole(category) and 0 <= category < layout.categories):
        raise GanzooError(f"--option code must be a whole number from 0 to {layout.categories - 1}, got {category!r}")
    continuous = {}
    for index in range(layout.continuous):
        value = options.get(continuous_name(index))
        if value is None:
            continue
        if not (_is_number(value) and math.isfinite(value)):
            raise GanzooError(f"--option {continuous_name(index)} must be a finite number, got {value!r}")
        continuous[index] = float(value)
    return layout.with_codes(latent, category, continuous)


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
