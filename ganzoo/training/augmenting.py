"""Showing the discriminator augmented images (``augment`` of the alternating scheme).

The augmentation is applied by a forward pre-hook on D rather than by wrapping it, so that every
call of D sees transformed images, whoever makes it: D's step and G's, a loss's gradient penalty,
and the subclasses that call D in their own way (with ``patches=True``, ``classes=True``) or read
its ``forward``'s signature. D stays the very module the scheme declared and saves.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from ganzoo.parts import Augmentation, Networks
from ganzoo.training.scheme import SchemeContext


def augment_discriminator(networks: Networks, augmentation: Augmentation, context: SchemeContext) -> None:
    """Make every call of ``networks.discriminator`` see its images through ``augmentation``, drawn
    from the run's noise generator. A condition that is an image of the same size as the samples
    (pix2pix's input) is transformed with them, as further channels, so that a pair stays aligned."""
    condition = context.spec.all_fields().get(networks.condition) if networks.condition is not None else None
    joint = condition is not None and condition.is_image and condition.shape[1:] == context.spec.shape[1:]

    def hook(module: nn.Module, inputs: tuple[Any, ...]) -> tuple[Any, ...]:
        images, *rest = inputs
        if joint and rest:
            together = augmentation(torch.cat([images, rest[0]], dim=1), generator=context.noise)
            return (*together.split([images.shape[1], rest[0].shape[1]], dim=1), *rest[1:])
        return (augmentation(images, generator=context.noise), *rest)

    networks.discriminator.register_forward_pre_hook(hook)
