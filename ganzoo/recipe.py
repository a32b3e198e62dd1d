"""Named models are recipes: which parts to combine, and the hyperparameters to train them with."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ganzoo.errors import GanzooError

OPTIMIZERS = ("adam", "rmsprop", "sgd")
LR_SCHEDULES = ("constant", "linear")
SEED_LIMIT = 2**63  # a seed must fit a signed 64-bit integer: 0 <= seed < SEED_LIMIT


class InvalidRecipe(GanzooError):
    """A recipe whose fields have the wrong type or lie out of range; ``problems`` says which, one
    sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid recipe: " + "; ".join(problems))
        self.problems = problems


def seed_problem(name: str, value: object) -> str | None:
    """What is wrong with ``value`` as a seed (named ``name`` in the message), or None."""
    if not _is_int(value) or not 0 <= value < SEED_LIMIT:  # type: ignore[operator]
        return f"{name} must be a whole number from 0 to 2**63 - 1, got {value!r}"
    return None


@dataclass(frozen=True)
class Recipe:
    """Everything a run needs to know to train a model, and nothing about how it is displayed.

    Part names may be qualified as ``plugin:name`` to pick one provider; ``loss`` may be ``None``
    for a scheme that computes losses of its own (BEGAN's, say). ``steps`` counts generator
    updates; each is preceded by ``n_critic`` discriminator updates, each on a fresh real batch.
    ``scheme`` names a registered training scheme; ``None`` is the core's alternating scheme, whose
    ``scheme_options`` include ``weight_clip`` (clamp D's weights after each of its steps, as WGAN
    does), ``r1_gamma`` (the R1 penalty on real data) and ``augment`` (an augmentation D sees every
    image through, with ``augment_options``). ``ema`` is the decay of an exponential moving
    average of G's weights, used for samples and the exported generator; ``None`` keeps none.
    ``lr_schedule`` is ``"constant"``, or ``"linear"``: both learning rates fall in a straight line
    from their values at step 0 to zero at ``steps``, so that a short run can start fast and still
    settle at the end.
    """

    architecture: str
    loss: str | None
    dataset: str
    sampler: str = "normal"
    architecture_options: Mapping[str, Any] = field(default_factory=dict)
    loss_options: Mapping[str, Any] = field(default_factory=dict)
    dataset_options: Mapping[str, Any] = field(default_factory=dict)
    sampler_options: Mapping[str, Any] = field(default_factory=dict)
    scheme: str | None = None
    scheme_options: Mapping[str, Any] = field(default_factory=dict)
    latent_dim: int = 100
    batch_size: int = 64
    steps: int = 10_000
    optimizer: str = "adam"
    lr_g: float = 2e-4
    lr_d: float = 2e-4
    betas: tuple[float, float] = (0.5, 0.999)
    lr_schedule: str = "constant"
    n_critic: int = 1
    ema: float | None = None
    seed: int = 0
    log_every: int = 50
    sample_every: int = 1_000
    checkpoint_every: int = 1_000

    def __post_init__(self) -> None:
        problems = [problem for name, check in _CHECKS.items() if (problem := check(name, getattr(self, name))) is not None]
        if problems:
            raise InvalidRecipe(problems)

    @classmethod
    def nullable_fields(cls) -> tuple[str, ...]:
        """The fields that may be ``None`` (``scheme``, ``ema``)."""
        return tuple(f.name for f in dataclasses.fields(cls) if "None" in str(f.type))

    def with_overrides(self, **changes: Any) -> Recipe:
        """A copy with the given fields replaced (``None`` included: ``ema=None`` keeps no average)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise GanzooError(f"unknown recipe field(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["betas"] = list(self.betas)
        return {k: dict(v) if isinstance(v, Mapping) else v for k, v in data.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recipe:
        """A recipe as :meth:`to_dict` wrote it; also as ganzoo 0.1 did (``update`` is ``scheme`` now)."""
        renamed = {"update": "scheme", "update_options": "scheme_options"}
        data = {renamed.get(k, k): v for k, v in data.items()}
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if isinstance(values.get("betas"), list):
            values["betas"] = tuple(values["betas"])
        try:
            return cls(**values)
        except TypeError as exc:
            raise GanzooError(f"the recipe is incomplete: {exc}") from None

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)


# One check per field: every field of Recipe has exactly one (a test holds them in step), so that a
# recipe from a plugin, a --set, a checkpoint or Python gets the same one-line errors.


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _part_name(name: str, value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"{name} must be the name of a part (a non-empty string), got {value!r}"
    return None


def _optional_part_name(name: str, value: object) -> str | None:
    return None if value is None else _part_name(name, value)


def _options(name: str, value: object) -> str | None:
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        return f"{name} must be a mapping of option names to values, got {value!r}"
    return None


def _count(name: str, value: object) -> str | None:
    if not _is_int(value) or value < 1:  # type: ignore[operator]
        return f"{name} must be a positive whole number, got {value!r}"
    return None


def _learning_rate(name: str, value: object) -> str | None:
    if not _is_number(value) or not 0 < value < 10:  # type: ignore[operator]
        return f"{name} must be a learning rate between 0 and 10, got {value!r}"
    return None


def _betas(name: str, value: object) -> str | None:
    if not isinstance(value, (tuple, list)) or len(value) != 2 or not all(_is_number(b) and 0 <= b < 1 for b in value):
        return f"{name} must be two numbers in [0, 1), got {value!r}"
    return None


def _choice(choices: tuple[str, ...]):  # type: ignore[no-untyped-def]
    def check(name: str, value: object) -> str | None:
        if not isinstance(value, str) or value not in choices:
            return f"{name} must be one of {', '.join(choices)}, got {value!r}"
        return None

    return check


def _decay(name: str, value: object) -> str | None:
    if value is not None and not (_is_number(value) and 0 < value < 1):  # type: ignore[operator]
        return f"{name} must be a decay between 0 and 1 (e.g. 0.999), or null for none, got {value!r}"
    return None


_CHECKS = {
    "architecture": _part_name,
    "loss": _optional_part_name,
    "dataset": _part_name,
    "sampler": _part_name,
    "architecture_options": _options,
    "loss_options": _options,
    "dataset_options": _options,
    "sampler_options": _options,
    "scheme": _optional_part_name,
    "scheme_options": _options,
    "latent_dim": _count,
    "batch_size": _count,
    "steps": _count,
    "optimizer": _choice(OPTIMIZERS),
    "lr_g": _learning_rate,
    "lr_d": _learning_rate,
    "betas": _betas,
    "lr_schedule": _choice(LR_SCHEDULES),
    "n_critic": _count,
    "ema": _decay,
    "seed": seed_problem,
    "log_every": _count,
    "sample_every": _count,
    "checkpoint_every": _count,
}
