"""What BEGAN and EBGAN share: a generator from latent noise, an autoencoder discriminator whose
output is each picture's energy, and one D update then one G update per step.

Each update draws its own noise (the papers' z_D and z_G). D sees the real and the fake batch in
one forward pass; G's update goes through the discriminator module itself with its weights frozen,
so that under ``torchrun`` no gradient of D is reduced on the way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import torch
from torch import nn

from ganzoo import Field, IncompatibleParts, Scheme, SchemeContext
from ganzoo.parts import LATENT, SAMPLE


class AutoencoderScheme(Scheme):
    """Builds the recipe's networks and one Adam (or the recipe's optimiser) per player at
    ``lr_g`` and ``lr_d``; subclasses write :meth:`train_step` with :meth:`energies` and
    :meth:`fakes`."""

    def __init__(self, context: SchemeContext) -> None:
        super().__init__(context)
        networks = context.build_networks()
        if not hasattr(networks.discriminator, "reconstruct") or networks.generator_input != LATENT or networks.condition:
            raise IncompatibleParts(f"{type(self).__name__.lower()} trains an autoencoder discriminator against a generator of"
                                    f" latent noise; architecture {context.recipe.architecture!r} is not one: pick began or ebgan")
        recipe = context.recipe
        self.generator = self.add_module("generator", networks.generator)
        self.discriminator = self.add_module("discriminator", networks.discriminator)
        self.optimizer_g = self.add_optimizer("generator", context.optimizer(networks.generator.parameters(), lr=recipe.lr_g))
        self.optimizer_d = self.add_optimizer("discriminator", context.optimizer(networks.discriminator.parameters(), lr=recipe.lr_d))
        self._last: dict[str, torch.Tensor] = {}

    def fakes(self, n: int) -> torch.Tensor:
        """G's samples from ``n`` fresh latent vectors, with G's graph."""
        return self.generator(self.context.latent(n))

    def energies(self, real: torch.Tensor, fake: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """D's energies of the real and of the (detached) fake batch, from one forward pass."""
        both = self.discriminator(torch.cat([real, fake.detach()])).float()
        return both[: real.shape[0]], both[real.shape[0]:]

    def real_batch(self) -> torch.Tensor:
        return self.context.next_batch()[SAMPLE]

    @contextmanager
    def frozen_discriminator(self) -> Iterator[nn.Module]:
        """The discriminator module itself (outside any DDP wrapper) with its weights frozen."""
        module = self.modules["discriminator"]
        module.requires_grad_(False)
        try:
            yield module
        finally:
            module.requires_grad_(True)

    def logs(self) -> dict[str, float]:
        names = list(self._last)
        values = torch.stack([self._last[name].detach().float() for name in names]).tolist() if names else []
        return dict(zip(names, values))

    def generator_inputs(self) -> dict[str, Field]:
        return {LATENT: Field.latent(self.context.recipe.latent_dim)}

    def generate(self, inputs: Mapping[str, torch.Tensor], *, modules: Mapping[str, nn.Module], **options: Any) -> torch.Tensor:
        return modules["generator"](inputs[LATENT])
