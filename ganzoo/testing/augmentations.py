"""``check_augmentation``: an augmentation keeps the images' shape, lets gradients through, draws
only from the generator it is given, and saves its state as a checkpoint can hold it."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import torch

from ganzoo.parts import Augmentation, DataSpec
from ganzoo.testing import _tensors as t
from ganzoo.testing._resolve import build, fail
from ganzoo.testing.tiny import TINY_SPEC

if TYPE_CHECKING:
    from ganzoo.plugins import Zoo


def check_augmentation(
    augmentation: Any,
    spec: DataSpec = TINY_SPEC,
    *,
    zoo: Zoo | None = None,
    options: Mapping[str, Any] | None = None,
    batch_size: int = 16,
) -> Augmentation:
    """Build ``augmentation`` for data of ``spec`` and check it on CPU; returns it.

    - the factory returns a :class:`ganzoo.Augmentation`;
    - a batch comes back finite, of the same shape and dtype, and with a gradient for every image;
    - the same seed gives the same batch whatever torch's global random state (it draws only from
      the generator it is given, so that runs are reproducible and resume exactly);
    - after it has observed a few batches of D's logits, ``state_dict()`` holds only tensors and
      JSON values, and (unless ``augmentation`` is given built) a second one built alike takes it
      with ``load_state_dict`` and then transforms exactly as the first does; ``logs()`` gives
      finite numbers.
    """
    def make() -> tuple[Any, str]:
        return build("augmentation", augmentation, spec, zoo=zoo, options=options, is_built=lambda p: isinstance(p, Augmentation))

    built, label = make()
    if not isinstance(built, Augmentation):
        raise fail(label, f"the factory returned {type(built).__name__}, not a ganzoo.Augmentation")
    images = torch.rand(batch_size, *spec.shape) * (spec.value_range[1] - spec.value_range[0]) + spec.value_range[0]

    def apply(part: Augmentation, seed: int, global_seed: int) -> torch.Tensor:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(global_seed)
            return t.tensor(label, "the augmented batch", part(images, generator=torch.Generator().manual_seed(seed)))

    _check_output(label, built, images)
    if not torch.equal(apply(built, 0, 0), apply(built, 0, 1)):
        raise fail(label, "two batches with generators of the same seed differ: it must draw only from the generator it is given")
    for _ in range(8):
        built.observe(torch.randn(batch_size) + 2, mean_over_processes=lambda value: value)
    state = built.state_dict()
    _check_state(label, state)
    if not isinstance(augmentation, Augmentation):  # one given built cannot be built again
        copy = make()[0]
        copy.load_state_dict(state)
        if not torch.equal(apply(built, 1, 0), apply(copy, 1, 0)):
            raise fail(label, "a copy given its state_dict() transforms differently: the state does not hold all it depends on")
    logs = built.logs()
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in logs.values()):
        raise fail(label, f"logs() must give finite numbers by name, got {logs}")
    return built


def _check_output(label: str, built: Augmentation, images: torch.Tensor) -> None:
    given = images.clone().requires_grad_(True)
    out = t.tensor(label, "the augmented batch", built(given, generator=torch.Generator().manual_seed(0)))
    t.shape(label, "the augmented batch", out, tuple(images.shape))
    if out.dtype != images.dtype:
        raise fail(label, f"the augmented batch is {out.dtype}, the images were {images.dtype}")
    t.finite(label, "the augmented batch", out)
    if not out.requires_grad:
        raise fail(label, "the augmented batch has no gradient: G learns through the augmentation, which must be differentiable")
    (grad,) = torch.autograd.grad(out.square().sum(), given)
    t.finite(label, "the gradient through the augmentation", grad)
    if (grad.flatten(1).abs().sum(1) == 0).any():
        raise fail(label, "some images get no gradient through the augmentation")


def _check_state(label: str, state: Mapping[str, Any]) -> None:
    for key, value in state.items():
        if isinstance(value, torch.Tensor):
            continue
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError):
            raise fail(label, f"state_dict() gives {key!r} as {type(value).__name__}, neither a tensor nor JSON") from None
