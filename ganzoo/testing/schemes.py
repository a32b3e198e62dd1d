"""``build_scheme``: a recipe's training scheme, built as a run builds it, to step by hand in tests."""

from __future__ import annotations

from typing import Any

import torch

from ganzoo.parts import InMemoryData, SampledData
from ganzoo.plugins import Zoo, load_zoo
from ganzoo.recipe import Recipe
from ganzoo.training.scheme import Scheme


def build_scheme(
    model: str | Recipe,
    *,
    zoo: Zoo | None = None,
    data: InMemoryData | SampledData | None = None,
    batch_size: int = 8,
    device: str = "cpu",
    **overrides: Any,
) -> Scheme:
    """The training scheme of ``model`` (a registered name or a :class:`ganzoo.Recipe`), built with
    its networks, optimisers and data exactly as ``ganzoo train`` would (seeded by the recipe, so
    two calls give identical schemes), on the recipe's dataset or on ``data``. Other recipe fields
    may be overridden by keyword. Call ``scheme.train_step(step, total)`` and ``scheme.logs()``
    to test what one step does, without a run folder."""
    from ganzoo.testing.models import DATA_NAME, PROVIDER, _with_data
    from ganzoo.training import build, distributed
    from ganzoo.training.trainer import build_training_state

    zoo = load_zoo() if zoo is None else zoo
    recipe = model if isinstance(model, Recipe) else zoo.registry.get("model", model).recipe
    changes: dict[str, Any] = {"batch_size": batch_size}
    if data is not None:
        zoo = _with_data(zoo, data)
        changes.update(dataset=f"{PROVIDER}:{DATA_NAME}", dataset_options={})
    recipe = recipe.with_overrides(**{**changes, **overrides})
    parts = build.ResolvedParts.lookup(zoo.registry, recipe)
    built = build.build_data(parts.dataset, recipe, None)
    return build_training_state(recipe, parts, built, torch.device(device), distributed.Topology()).scheme
