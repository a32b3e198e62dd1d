"""The inputs a trained generator takes, drawn or given: latent noise, classes, data fields.

A scheme names what its generator takes (:meth:`ganzoo.Scheme.generator_inputs`). Latent noise
comes from the recipe's sampler and a seed; classes are given, or taken in turn so that a grid
shows one class per row; any other input (an image to translate or upscale) must be given.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch

from ganzoo.errors import GanzooError
from ganzoo.parts import LABEL, LATENT, Field, Sampler


def latents(sampler: Sampler, n: int, latent_dim: int, *, generator: torch.Generator, device: torch.device,
            truncation: float | None = None) -> torch.Tensor:
    """``n`` latent vectors; with ``truncation`` ψ every component beyond ±ψ is drawn again until
    none is (the truncation trick of Brock et al. 2019: fewer, more typical samples)."""
    z = sampler(n, latent_dim, generator=generator, device=device)
    if truncation is None:
        return z
    if not truncation > 0:
        raise GanzooError(f"--truncation must be positive, got {truncation}")
    for _ in range(1_000):
        outside = z.abs() > truncation
        if not outside.any():
            return z
        z = torch.where(outside, sampler(n, latent_dim, generator=generator, device=device), z)
    raise GanzooError(f"the latent sampler almost never draws values within ±{truncation}; give a larger --truncation")


def class_blocks(n: int, num_classes: int, device: torch.device) -> torch.Tensor:
    """Classes for ``n`` samples in blocks, one class after another, so a grid has a class per row."""
    per_class = max(1, n // num_classes)
    return (torch.arange(n, device=device) // per_class).clamp_max(num_classes - 1)


def check_label(label: int, field: Field) -> None:
    assert field.num_classes is not None
    if not 0 <= label < field.num_classes:
        raise GanzooError(f"--label must be a class between 0 and {field.num_classes - 1}, got {label}")


def draw_inputs(
    fields: Mapping[str, Field],
    n: int,
    *,
    sampler: Sampler,
    seed: int,
    device: torch.device,
    label: int | None = None,
    given: Mapping[str, torch.Tensor] | None = None,
    truncation: float | None = None,
) -> dict[str, torch.Tensor]:
    """A batch of ``n`` of every input in ``fields``: latent noise from ``seed``, classes
    (all ``label`` if given, else in blocks), and the ``given`` tensors for everything else."""
    given = dict(given or {})
    if label is not None and LABEL not in fields:
        raise GanzooError("--label is for conditional models; this generator takes no labels")
    inputs: dict[str, torch.Tensor] = {}
    for name, field in fields.items():
        if name in given:
            inputs[name] = given[name].to(device)
        elif name == LATENT:
            noise = torch.Generator(device=device).manual_seed(seed)
            inputs[name] = latents(sampler, n, field.shape[0], generator=noise, device=device, truncation=truncation)
        elif name == LABEL and field.num_classes is not None:
            if label is not None:
                check_label(label, field)
                inputs[name] = torch.full((n,), label, device=device)
            else:
                inputs[name] = class_blocks(n, field.num_classes, device)
        else:
            raise GanzooError(f"this generator takes {name!r} ({field.describe()}) as input; give it with --input")
    return inputs
