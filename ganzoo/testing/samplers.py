"""``check_sampler``: a latent sampler gives the right shape, on the right device, reproducibly."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import torch

from ganzoo.testing import _tensors as t
from ganzoo.testing._resolve import build, fail

if TYPE_CHECKING:
    from ganzoo.plugins import Zoo


def _is_sampler(part: Any) -> bool:
    """A built sampler is a callable taking ``generator=``; a factory (a class, say) is not."""
    if isinstance(part, type) or not callable(part):
        return False
    try:
        return "generator" in inspect.signature(part).parameters
    except (TypeError, ValueError):
        return False


def check_sampler(
    sampler: Any,
    *,
    zoo: Zoo | None = None,
    options: Mapping[str, Any] | None = None,
    latent_dim: int = 16,
    n: int = 32,
    devices: tuple[str, ...] | None = None,
) -> Any:
    """Draw from ``sampler`` and check it; returns the built sampler.

    - ``sample(n, latent_dim, generator=..., device=...)`` returns finite floats of shape
      ``(n, latent_dim)`` on ``device``, also for ``n = 1``;
    - the same seed gives the same latents and another seed others, whatever torch's global random
      state: the sampler uses only the generator it is given (runs must be reproducible and resumable).

    ``devices`` defaults to the CPU, plus CUDA when it is available.
    """
    built, label = build("sampler", sampler, zoo=zoo, options=options, is_built=_is_sampler)
    if not callable(built):
        raise fail(label, f"the factory returned {type(built).__name__}, which is not callable")
    if devices is None:
        devices = ("cpu", "cuda") if torch.cuda.is_available() else ("cpu",)
    for name in devices:
        device = torch.device(name)

        def draw(count: int, seed: int, global_seed: int) -> torch.Tensor:
            with torch.random.fork_rng(devices=[]):
                torch.manual_seed(global_seed)
                generator = torch.Generator(device=device).manual_seed(seed)
                return t.tensor(label, f"the latents on {device}", built(count, latent_dim, generator=generator, device=device))

        z = draw(n, 0, 0)
        t.shape(label, f"sample({n}, {latent_dim}, ...)", z, (n, latent_dim))
        t.floating(label, "the latents", z)
        t.finite(label, "the latents", z)
        if z.device.type != device.type:
            raise fail(label, f"asked for latents on {device}, got them on {z.device}")
        t.shape(label, f"sample(1, {latent_dim}, ...)", draw(1, 0, 0), (1, latent_dim))
        if not torch.equal(z, draw(n, 0, 1)):
            raise fail(label, "two draws with generators of the same seed differ: the sampler must use only the generator it is given, not torch's global random state")
        if torch.equal(z, draw(n, 1, 0)):
            raise fail(label, "draws with generators of different seeds are identical: the sampler ignores the generator it is given")
    return built
