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


@dataclass(frozen=True)
class Recipe:
    """Everything a run needs to know to train a model, and nothing about how it is displayed.

    Part names may be qualified as ``plugin:name`` to pick one provider. ``steps`` counts generator
    updates; each is preceded by ``n_critic`` discriminator updates, each on a fresh real batch.
    ``scheme`` names a registered training scheme; ``None`` is the core's alternating scheme, whose
    ``scheme_options`` are ``weight_clip`` (clamp D's weights after each of its steps, as WGAN does)
    and ``r1_gamma`` (the R1 penalty on real data). ``ema`` is the decay of an exponential moving
    average of G's weights, used for samples and the exported generator; ``None`` keeps none.
    ``lr_schedule`` is ``"constant"``, or ``"linear"``: both learning rates fall in a straight line
    from their values at step 0 to zero at ``steps``, so that a short run can start fast and still
    settle at the end.
    """

    architecture: str
    loss: str
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
        problems = []
        for name in ("latent_dim", "batch_size", "steps", "n_critic", "log_every", "sample_every", "checkpoint_every"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append(f"{name} must be a positive whole number, got {value!r}")
        for name in ("lr_g", "lr_d"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0 < value < 10:
                problems.append(f"{name} must be a learning rate between 0 and 10, got {value!r}")
        if len(self.betas) != 2 or not all(0 <= b < 1 for b in self.betas):
            problems.append(f"betas must be two numbers in [0, 1), got {self.betas!r}")
        if self.ema is not None and not (isinstance(self.ema, float) and 0 < self.ema < 1):
            problems.append(f"ema must be a decay between 0 and 1 (e.g. 0.999), got {self.ema!r}")
        if self.optimizer not in OPTIMIZERS:
            problems.append(f"optimizer must be one of {', '.join(OPTIMIZERS)}, got {self.optimizer!r}")
        if self.lr_schedule not in LR_SCHEDULES:
            problems.append(f"lr_schedule must be one of {', '.join(LR_SCHEDULES)}, got {self.lr_schedule!r}")
        if problems:
            raise GanzooError("invalid recipe: " + "; ".join(problems))

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
        if "betas" in values:
            values["betas"] = tuple(values["betas"])
        try:
            return cls(**values)
        except TypeError as exc:
            raise GanzooError(f"the recipe is incomplete: {exc}") from None

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)
