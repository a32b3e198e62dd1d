"""What a checkpoint and an exported generator must hold, checked once when the file is read.

A file may come from anywhere: edited by hand, written by another program, or by a later ganzoo.
``ganzoo.training.state.load`` hands every file (format 1 files once mapped onto format 2) to
:func:`check`, which compares its JSON metadata and its few tensors of fixed kind against the
declarations below and raises a :class:`ganzoo.GanzooError` of one line that names the file, the
key and what is wrong with it. Everything after loading can then rely on the types and ranges
declared here. Keys that are not declared are left alone, so that files with more in them still load.

A declaration is a small tree of checkers (:class:`Whole`, :class:`Number`, :class:`Text`,
:class:`ListOf`, :class:`MapOf`, :class:`Record`, ...): each checks one value and names the place
of any problem, as in ``optimizers.generator.param_groups[0].lr``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from ganzoo.errors import GanzooError
from ganzoo.parts import DataSpec
from ganzoo.recipe import InvalidRecipe, Recipe
from ganzoo.training.checkpoint import Loaded

LARGEST = 2**63 - 1  # counters are saved as int64 tensors in places, and torch's seeds fit them


class Invalid(Exception):
    """A value that does not fit its declaration: ``where`` it is, and ``problem`` in words."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where, self.problem = where, problem


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Checker:
    """Checks one value; ``expected`` completes "must be ..." in messages."""

    expected = "a value"

    def check(self, value: Any, where: str) -> None:
        raise NotImplementedError

    def fail(self, value: Any, where: str) -> Invalid:
        return Invalid(where, f"must be {self.expected}, got {_shown(value)}")


class Anything(Checker):
    """Any JSON value: the contents belong to someone else (a scheme's state, an optimiser's scalars)."""

    def check(self, value: Any, where: str) -> None:
        return None


@dataclass(frozen=True)
class Whole(Checker):
    """A whole number (not a boolean) from ``minimum`` to ``maximum``."""

    minimum: int = 0
    maximum: int = LARGEST

    @property
    def expected(self) -> str:  # type: ignore[override]
        if self.maximum == LARGEST:
            return f"a whole number ≥ {self.minimum}"
        return f"a whole number from {self.minimum} to {self.maximum}"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not self.minimum <= value <= self.maximum:
            raise self.fail(value, where)


@dataclass(frozen=True)
class Number(Checker):
    """A real number (not a boolean, never NaN) of at least ``minimum``; infinite only if ``infinite``."""

    minimum: float = -math.inf
    infinite: bool = False

    @property
    def expected(self) -> str:  # type: ignore[override]
        kind = "a number" if self.infinite else "a finite number"
        return kind if self.minimum == -math.inf else f"{kind} ≥ {self.minimum:g}"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise self.fail(value, where)
        if isinstance(value, float) and (math.isnan(value) or (math.isinf(value) and not self.infinite)):
            raise self.fail(value, where)
        if value < self.minimum:
            raise self.fail(value, where)


class Flag(Checker):
    """true or false."""

    expected = "true or false"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, bool):
            raise self.fail(value, where)


@dataclass(frozen=True)
class Text(Checker):
    """A string; non-empty if ``nonempty``."""

    nonempty: bool = False

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "a non-empty string" if self.nonempty else "a string"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, str) or (self.nonempty and not value):
            raise self.fail(value, where)


@dataclass(frozen=True)
class Nullable(Checker):
    """``None`` (JSON null) or what ``inner`` accepts."""

    inner: Checker

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"{self.inner.expected} or null"

    def check(self, value: Any, where: str) -> None:
        if value is not None:
            try:
                self.inner.check(value, where)
            except Invalid as exc:
                raise (self.fail(value, where) if exc.where == where else exc) from None


@dataclass(frozen=True)
class ListOf(Checker):
    """A list whose every item ``item`` accepts; exactly ``length`` long when given."""

    item: Checker
    length: int | None = None

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "a list" if self.length is None else f"a list of {self.length}"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, list) or (self.length is not None and len(value) != self.length):
            raise self.fail(value, where)
        for index, item in enumerate(value):
            self.item.check(item, f"{where}[{index}]")


@dataclass(frozen=True)
class MapOf(Checker):
    """A JSON object whose every value ``value`` accepts; keys match ``keys`` (a regular expression)
    when given."""

    value: Checker = field(default_factory=Anything)
    keys: str | None = None
    keys_described: str = ""

    expected = "a mapping (a JSON object)"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise self.fail(value, where)
        for key, item in value.items():
            if self.keys is not None and not re.fullmatch(self.keys, key):
                raise Invalid(where, f"has the key {_shown(key)}, which is not {self.keys_described}")
            self.value.check(item, f"{where}.{key}")


@dataclass(frozen=True)
class Record(Checker):
    """A JSON object with the ``required`` keys and perhaps the ``optional`` ones, each checked by
    its own checker. Other keys are allowed and not checked."""

    required: Mapping[str, Checker]
    optional: Mapping[str, Checker] = field(default_factory=dict)

    expected = "a mapping (a JSON object)"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise self.fail(value, where)
        for key, checker in self.required.items():
            if key not in value:
                raise Invalid(_join(where, key), "is missing")
            checker.check(value[key], _join(where, key))
        for key, checker in self.optional.items():
            if key in value:
                checker.check(value[key], _join(where, key))


@dataclass(frozen=True)
class Satisfies(Checker):
    """What ``first`` accepts, then ``test``: a function that returns what is wrong, or None."""

    first: Checker
    test: Callable[[Any], str | None]

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.first.expected

    def check(self, value: Any, where: str) -> None:
        self.first.check(value, where)
        if (problem := self.test(value)) is not None:
            raise Invalid(where, f"is invalid: {problem}")


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _dtype(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


@dataclass(frozen=True)
class TensorOf:
    """A tensor of ``dtype`` with ``ndim`` dimensions; of ``size`` elements when given (a function,
    so that the size can be asked of torch when a file is checked)."""

    dtype: torch.dtype
    ndim: int
    size: Callable[[], int] | None = None

    def check(self, value: torch.Tensor, where: str) -> None:
        if value.dtype != self.dtype or value.dim() != self.ndim or value.numel() == 0:
            raise Invalid(where, f"must be a non-empty {self.ndim}-dimensional {_dtype(self.dtype)} tensor, "
                                 f"got {_dtype(value.dtype)} of shape {tuple(value.shape)}")
        if self.size is not None and value.numel() != (size := self.size()):
            raise Invalid(where, f"must hold {size} elements (a random generator's state), got {value.numel()}")


@dataclass(frozen=True)
class FileSchema:
    """What one format of file must hold: metadata, tensors by name, and checks across both."""

    what: str  # "checkpoint", "exported generator": completes "is not a usable ganzoo ..."
    meta: Record
    tensors: Mapping[str, TensorOf] = field(default_factory=dict)
    optional_tensors: Mapping[str, TensorOf] = field(default_factory=dict)
    across: tuple[Callable[[Loaded], None], ...] = ()


# Checks that build the core's own objects from what the file holds, so that what they refuse is
# refused here, with the file's name, rather than later.


def _recipe_problem(value: dict[str, Any]) -> str | None:
    try:
        Recipe.from_dict(value)
    except InvalidRecipe as exc:
        return "; ".join(exc.problems)
    except GanzooError as exc:
        return str(exc)
    return None


def _value_range_problem(value: list[float]) -> str | None:
    low, high = value
    return None if low <= high else f"its low end is above its high end, {_shown(value)}"


def _data_problem(value: dict[str, Any]) -> str | None:
    try:
        DataSpec.from_dict(value)
    except (ValueError, TypeError, KeyError) as exc:
        return str(exc)
    return None


def _optimizer_tensors(loaded: Loaded) -> None:
    """Every tensor of an optimiser in the metadata is named ``optimizer.NAME.INDEX.KEY`` (INDEX a
    parameter's number) and holds floating-point (or complex) numbers, as torch's optimisers keep."""
    for name in loaded.meta["optimizers"]:
        for key, tensor in loaded.prefixed(f"optimizer.{name}.").items():
            where = f"tensor 'optimizer.{name}.{key}'"
            if not re.fullmatch(r"\d+\..+", key):
                raise Invalid(where, "must be named optimizer.NAME.INDEX.KEY, INDEX a whole number")
            if not (tensor.is_floating_point() or tensor.is_complex()):
                raise Invalid(where, f"must hold floating-point numbers, got {_dtype(tensor.dtype)}")


SHAPE = ListOf(Whole(minimum=1))
VALUE_RANGE = Satisfies(ListOf(Number(infinite=True), length=2), _value_range_problem)
FIELD = Record(
    required={"shape": SHAPE, "value_range": VALUE_RANGE},
    optional={"num_classes": Nullable(Whole(minimum=1))},
)
DATA = Satisfies(
    Record(
        required={"shape": SHAPE, "value_range": VALUE_RANGE},
        optional={"num_classes": Nullable(Whole(minimum=1)), "fields": MapOf(FIELD), "metadata": MapOf(),
                  "source": Text(), "samples": Nullable(Whole())},
    ),
    _data_problem,
)
RECIPE = Satisfies(MapOf(), _recipe_problem)
PARTS = MapOf(Record(
    required={"name": Text(nonempty=True)},
    optional={"plugin": Nullable(Text()), "distribution": Nullable(Text()), "version": Nullable(Text())},
))
RATE = Number(minimum=0)
PARAM_GROUP = Record(  # the settings of torch's optimisers that a file may set (others are the optimiser's business)
    required={"params": ListOf(Whole()), "lr": RATE},
    optional={
        "initial_lr": RATE, "betas": ListOf(Number(minimum=0), length=2), "eps": RATE, "weight_decay": RATE,
        "momentum": RATE, "dampening": RATE, "alpha": RATE, "amsgrad": Flag(), "maximize": Flag(), "nesterov": Flag(),
        "centered": Flag(), "capturable": Flag(), "differentiable": Flag(), "foreach": Nullable(Flag()),
        "fused": Nullable(Flag()), "decoupled_weight_decay": Flag(),
    },
)
OPTIMIZER = Record(required={
    "param_groups": ListOf(PARAM_GROUP),
    "scalars": MapOf(keys=r"\d+\..+", keys_described="INDEX.KEY, INDEX a whole number"),
})
DESCRIPTION = {"parts": PARTS, "model": Nullable(Text()), "ganzoo_version": Text()}  # what every file may say about its run
RNG_STATE = TensorOf(torch.uint8, 1)
CPU_RNG_STATE = TensorOf(torch.uint8, 1, size=lambda: torch.get_rng_state().numel())

SCHEMAS = {
    "ganzoo-checkpoint-2": FileSchema(
        what="checkpoint",
        meta=Record(
            required={"format": Text(), "step": Whole(), "batches_taken": Whole(), "recipe": RECIPE, "data": DATA,
                      "optimizers": MapOf(OPTIMIZER)},
            optional={**DESCRIPTION, "scheme_state": MapOf()},
        ),
        tensors={"rng.noise": RNG_STATE, "rng.data": RNG_STATE, "rng.torch": CPU_RNG_STATE},
        optional_tensors={"rng.cuda": RNG_STATE},
        across=(_optimizer_tensors,),
    ),
    "ganzoo-generator-2": FileSchema(
        what="exported generator",
        meta=Record(
            required={"format": Text(), "step": Whole(), "recipe": RECIPE, "data": DATA},
            optional={**DESCRIPTION, "inputs": MapOf(FIELD)},
        ),
    ),
}


def check(path: Path | str, loaded: Loaded) -> None:
    """Raise a one-line :class:`GanzooError` naming ``path`` if ``loaded`` (of a current format)
    does not hold what its format declares."""
    schema = SCHEMAS[loaded.meta["format"]]
    try:
        schema.meta.check(loaded.meta, "")
        for name, tensor in schema.tensors.items():
            if name not in loaded.tensors:
                raise Invalid(f"tensor {name!r}", "is missing")
            tensor.check(loaded.tensors[name], f"tensor {name!r}")
        for name, tensor in schema.optional_tensors.items():
            if name in loaded.tensors:
                tensor.check(loaded.tensors[name], f"tensor {name!r}")
        for across in schema.across:
            across(loaded)
    except Invalid as exc:
        where = exc.where if exc.where.startswith("tensor ") else f"{exc.where!r}"
        raise GanzooError(
            f"{path} is not a usable ganzoo {schema.what}: {where} {exc.problem} "
            "(was the file edited, or written by another program?)"
        ) from None
