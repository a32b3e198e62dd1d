"""SRGAN (Ledig et al. 2017, "Photo-Realistic Single Image Super-Resolution Using a Generative
Adversarial Network").

G upscales a small image x (the data's ``"low"`` field) to G(x); D tells G(x) from real images y.
With the recipe's loss ℓ (the paper's cross-entropy: ganzoo-losses' ``non-saturating``, whose G
term is the paper's −log D(G(x))) and a content loss c (:mod:`ganzoo_srgan.content`):

    D minimises  ℓ_D(D(y), D(G(x)))
    G minimises  c(G(x), y) + adversarial_weight · ℓ_G(D(G(x)))          (the paper's 10⁻³)

The paper sums −log D(G(x)) over the batch; here it is the mean, like the content loss, so that
10⁻³ weighs the two as the paper's per-image formula does whatever the batch size.

The run starts with the SRResNet phase (``pretrain`` of its steps): G learns from c alone and D
waits, which is the paper's initialisation of SRGAN's generator with a trained SRResNet. Then the
alternating scheme takes over, one D step and one G step (the paper's k = 1), and the rates drop
to a tenth ``drop_at`` of the way through that phase (:mod:`ganzoo_srgan.schedule`).

The scheme logs ``content`` and ``psnr`` (of the step's batch, in dB) every step; in the
adversarial phase also ``adversarial`` (ℓ_G, before its weight), D's ``d_loss``, ``d_real`` and
``d_fake`` (its mean probabilities), and ``g_loss``; and ``lr``, G's rate.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from ganzoo import GanzooError, IncompatibleParts
from ganzoo.parts import LATENT, SAMPLE
from ganzoo.training.alternating import AlternatingScheme
from ganzoo.training.scheme import SchemeContext
from ganzoo_srgan.content import ContentLoss, build_content, check_content, psnr
from ganzoo_srgan.schedule import adversarial_from, check_fractions, rate_factor, set_rates

PAPER_WEIGHT = 1e-3


class SRGAN(AlternatingScheme):
    def __init__(self, context: SchemeContext, content: str = "mse", feature_network: str | Path | None = None,
                 feature_layer: Any = None, adversarial_weight: float = PAPER_WEIGHT, pretrain: float = 0.5,
                 drop_at: float | None = 0.5, **alternating: Any) -> None:
        check_content(content, feature_network, feature_layer)
        check_fractions(pretrain, drop_at)
        if adversarial_weight < 0:
            raise GanzooError(f"adversarial_weight must be zero or more, got {adversarial_weight}")
        super().__init__(context, **alternating)
        field = context.spec.all_fields().get(self.networks.generator_input)
        if self.networks.generator_input == LATENT or field is None or not field.is_image:
            raise IncompatibleParts("srgan upscales an image of the data; pick a super-resolution architecture such as srresnet")
        if content == "features" and context.spec.shape[0] not in (1, 3):
            raise IncompatibleParts(f"the feature content loss takes grey or RGB images, not {context.spec.shape[0]} channels")
        self.adversarial_weight = adversarial_weight
        self.pretrain = pretrain
        self.drop_at = drop_at
        self.any_size_inputs = (self.networks.generator_input,)  # SRResNet is fully convolutional
        # Built to sample, the scheme has no data and needs no feature network (nor its file).
        self.content: ContentLoss | None = None
        if context.batches is not None:
            self.content = build_content(content, feature_network, feature_layer, context.spec.value_range, context.device)
        self._content = self._adversarial = self._psnr = torch.zeros(())

    def in_pretraining(self, step: int, total_steps: int) -> bool:
        return step < adversarial_from(total_steps, self.pretrain)

    def train_step(self, step: int, total_steps: int) -> None:
        factor = rate_factor(step, total_steps, self.pretrain, self.drop_at)
        set_rates(self.optimizers.values(), self.context.recipe.lr_schedule, step, total_steps, factor)
        if self.in_pretraining(step, total_steps):
            self.content_step()
        else:
            super().train_step(step, total_steps)

    def content_step(self) -> None:
        """One update of G on the content loss alone; D is left as it is."""
        batch = self.context.next_batch()
        with self.context.autocast():
            fake = self.generator(batch[self.networks.generator_input])
            loss = self.content_loss(fake, batch[SAMPLE])
        self.context.update(loss, self.optimizer_g)
        self._last = ()

    def content_loss(self, fake: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
        """The content loss, with the values to log taken on the way."""
        assert self.content is not None, "built to sample, not to train"
        self._content = self.content(fake, real)
        self._psnr = psnr(fake, real, self.context.spec.value_range)
        return self._content

    def generator_loss(self, fake: torch.Tensor, fake_condition: torch.Tensor | None, real: torch.Tensor,
                       condition: torch.Tensor | None) -> torch.Tensor:
        self._adversarial = super().generator_loss(fake, fake_condition, real, condition)
        return self.content_loss(fake, real) + self.adversarial_weight * self._adversarial

    def logs(self) -> dict[str, float]:
        values = {"content": float(self._content.detach()), "psnr": float(self._psnr)}
        if self._last:
            alternating = super().logs()
            values["adversarial"] = float(self._adversarial.detach())
            values.update({name: alternating[name] for name in ("d_loss", "d_real", "d_fake", "g_loss")})
        return {**values, "lr": self.optimizer_g.param_groups[0]["lr"]}
