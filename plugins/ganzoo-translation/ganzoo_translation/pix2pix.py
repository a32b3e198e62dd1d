"""pix2pix (Isola et al. 2017, "Image-to-Image Translation with Conditional Adversarial Networks").

A conditional GAN whose generator translates an input image x into an output G(x), and whose
discriminator judges (image, x) pairs: real pairs (y, x) of the data against (G(x), x). With the
recipe's loss ℓ (the paper's cross-entropy: ganzoo-losses' ``non-saturating``, whose G term is the
paper's −log D(x, G(x))):

    D minimises  d_loss_weight · ℓ_D(D(y, x), D(G(x), x))          (the paper halves it: 0.5)
    G minimises  ℓ_G(D(G(x), x)) + λ · ‖y − G(x)‖₁                   (λ = l1_weight = 100)

where D's outputs are PatchGAN maps and ℓ is averaged over every patch of every image: the
discriminator of :mod:`ganzoo_translation.patchgan` is called with ``patches=True``. Any other
discriminator (one logit per sample) works too.

The rest is ganzoo's alternating scheme: one D step on a real batch and G's outputs for its inputs,
then one G step through the frozen D on the same outputs (the paper alternates one and one, too).
``decay_from`` (a fraction of the run, or ``None`` for the paper's constant rate) makes the rates
fall linearly to zero from that point on, as the authors' code does over its second 100 epochs.
"""

from __future__ import annotations

import inspect
from typing import Any

import torch
from torch import nn

from ganzoo import IncompatibleParts
from ganzoo.parts import LATENT
from ganzoo.training.alternating import AlternatingScheme
from ganzoo.training.scheme import SchemeContext
from ganzoo_translation.schedule import check_decay_from, set_rates


def takes_patches(discriminator: nn.Module) -> bool:
    return "patches" in inspect.signature(discriminator.forward).parameters


def patch_logits(discriminator: nn.Module, x: torch.Tensor, condition: torch.Tensor | None, patches: bool) -> torch.Tensor:
    """Every logit D gives for ``x`` (one per patch when it can), as a float vector."""
    arguments = (x,) if condition is None else (x, condition)
    out = discriminator(*arguments, patches=True) if patches else discriminator(*arguments)
    return out.reshape(-1).float()


class Pix2Pix(AlternatingScheme):
    def __init__(self, context: SchemeContext, l1_weight: float = 100.0, d_loss_weight: float = 0.5,
                 decay_from: float | None = None, **alternating: Any) -> None:
        if l1_weight < 0:
            raise ValueError(f"l1_weight must be zero or more, got {l1_weight}")
        if not d_loss_weight > 0:
            raise ValueError(f"d_loss_weight must be positive, got {d_loss_weight}")
        self.decay_from = check_decay_from(decay_from)
        super().__init__(context, **alternating)
        networks = self.networks
        if networks.generator_input == LATENT or not context.spec.all_fields()[networks.generator_input].is_image:
            raise IncompatibleParts("pix2pix translates an image of the data; pick an image-to-image architecture such as unet")
        if context.spec.all_fields()[networks.generator_input].shape[1:] != context.spec.shape[1:]:
            raise IncompatibleParts("pix2pix's L1 term compares G's output with the target: they must have the same size")
        self.l1_weight = l1_weight
        self.d_loss_weight = d_loss_weight
        self.patches = takes_patches(self.frozen_discriminator)
        self._l1 = torch.zeros(())
        self._factor = 1.0

    def train_step(self, step: int, total_steps: int) -> None:
        if self.decay_from is not None:
            self._factor = set_rates(self.optimizers.values(), self.context.recipe.lr_schedule, step, total_steps, self.decay_from)
        super().train_step(step, total_steps)

    def discriminator_loss(self, real: torch.Tensor, condition: torch.Tensor | None, fake: torch.Tensor,
                           fake_condition: torch.Tensor | None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        real_logits = patch_logits(self.discriminator, real, condition, self.patches)
        fake_logits = patch_logits(self.discriminator, fake, fake_condition, self.patches)
        loss = self.context.loss.discriminator_loss(real_logits, fake_logits)
        return self.d_loss_weight * loss, real_logits, fake_logits

    def generator_loss(self, fake: torch.Tensor, fake_condition: torch.Tensor | None, real: torch.Tensor,
                       condition: torch.Tensor | None) -> torch.Tensor:
        loss = self.context.loss
        fake_logits = patch_logits(self.frozen_discriminator, fake, fake_condition, self.patches)
        needs_real = getattr(loss, "needs_real_logits_for_generator", False)
        real_logits = patch_logits(self.frozen_discriminator, real, condition, self.patches) if needs_real else None
        self._l1 = (fake.float() - real.float()).abs().mean()
        return loss.generator_loss(fake_logits, real_logits) + self.l1_weight * self._l1

    def logs(self) -> dict[str, float]:
        return {**super().logs(), "l1": float(self._l1.detach()), "lr_factor": self._factor}
