"""Balanced consistency regularisation, bCR (Zhao, Singh, Lee, Zhang, Odena and Zhang 2021,
"Improved Consistency Regularization for GANs").

D is asked to score an image and a transformed copy of it alike, the real images and the fakes:

    D minimises  adversarial loss + λ_real · E[(D(x) − D(T(x)))²] + λ_fake · E[(D(G(z)) − D(T(G(z))))²]

on its raw outputs (its logits), with λ_real and λ_fake the options ``real_weight`` and
``fake_weight`` (10 each, as the paper). T draws a transformation per image from ADA's pipeline,
applied to every image (p = 1, never adapted): ``transforms`` lists them by ADA's names, by default
``xflip,xint``, a left-right flip half the time and a shift by whole pixels of up to 1/8 of the
image, the flip-and-shift the paper uses. Regularising the fakes too is what the paper adds to
CR-GAN (Zhang et al. 2020), which regularised only the real images and let G learn the
transformations. Only D's loss changes: G trains through D exactly as in the alternating scheme,
never through T. The rest of that scheme (its options, penalties and logs) applies as usual, and
``logs()`` adds ``consistency``, the last D step's weighted penalty.
"""

from __future__ import annotations

from typing import Any

import torch

from ganzoo import GanzooError
from ganzoo.training.alternating import AlternatingScheme, logits
from ganzoo.training.scheme import SchemeContext


class ConsistencyScheme(AlternatingScheme):
    def __init__(self, context: SchemeContext, real_weight: float = 10.0, fake_weight: float = 10.0,
                 transforms: str = "xflip,xint", **alternating: Any) -> None:
        if real_weight < 0 or fake_weight < 0:
            raise GanzooError(f"real_weight and fake_weight must be zero or positive, got {real_weight} and {fake_weight}")
        super().__init__(context, **alternating)
        self.real_weight, self.fake_weight = real_weight, fake_weight
        self.transform = None
        if context.batches is not None:  # built to sample, it needs none
            self.transform = context.augmentation("ada", {"p": 1.0, "target": None, "transforms": transforms})
        self._consistency = torch.zeros(())

    def discriminator_loss(
        self, real: torch.Tensor, condition: torch.Tensor | None, fake: torch.Tensor, fake_condition: torch.Tensor | None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        d_loss, real_logits, fake_logits = super().discriminator_loss(real, condition, fake, fake_condition)
        penalty = (self.gap(self.real_weight, real, condition, real_logits)
                   + self.gap(self.fake_weight, fake, fake_condition, fake_logits))
        self._consistency = penalty.detach()
        return d_loss + penalty, real_logits, fake_logits

    def gap(self, weight: float, images: torch.Tensor, condition: torch.Tensor | None, scores: torch.Tensor) -> torch.Tensor:
        """``weight`` times the mean squared difference between D's ``scores`` of ``images`` and its
        scores of their transformed copies; nothing is computed for a weight of 0."""
        if not weight:
            return torch.zeros((), device=scores.device)
        moved = logits(self.discriminator, self.transform(images, generator=self.context.noise), condition)
        return weight * (moved - scores).pow(2).mean()

    def logs(self) -> dict[str, float]:
        return {**super().logs(), "consistency": self._consistency.item()}
