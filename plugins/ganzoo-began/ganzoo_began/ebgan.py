"""EBGAN (Zhao, Mathieu and LeCun 2017, "Energy-based Generative Adversarial Network"), with the
pulling-away term (EBGAN-PT).

With D(v) the discriminator's energy of v (its mean squared reconstruction error), S the
discriminator's embeddings of G's batch, and [·]⁺ = max(0, ·), each step

    D minimises  D(x) + [m − D(G(z_D))]⁺
    G minimises  D(G(z_G)) + λ_PT · f_PT(S)                 (λ_PT = 0.1; 0 is plain EBGAN)

with every term a mean over the batch. Fakes whose energy is already above the margin m give D
nothing to push on. f_PT is :func:`ganzoo_began.pulling_away.pulling_away`.
"""

from __future__ import annotations

import torch
from torch.nn.functional import relu

from ganzoo import SchemeContext
from ganzoo_began.pulling_away import pulling_away
from ganzoo_began.scheme import AutoencoderScheme


def margin_loss(real_energy: torch.Tensor, fake_energy: torch.Tensor, margin: float) -> torch.Tensor:
    """D's loss, mean(D(x)) + mean([m − D(G(z))]⁺)."""
    return real_energy.mean() + relu(margin - fake_energy).mean()


class EBGAN(AutoencoderScheme):
    def __init__(self, context: SchemeContext, margin: float = 1.0, pt_weight: float = 0.1) -> None:
        if not margin > 0 or not pt_weight >= 0:
            raise ValueError(f"margin must be positive and pt_weight zero or more, got {margin} and {pt_weight}")
        if pt_weight and context.recipe.batch_size < 2:
            raise ValueError("the pulling-away term compares the samples of a batch: use a batch of 2 or more, or pt_weight 0")
        super().__init__(context)
        self.margin, self.pt_weight = margin, pt_weight

    def train_step(self, step: int, total_steps: int) -> None:
        c = self.context
        real = self.real_batch()
        n = real.shape[0]
        with c.autocast():
            with torch.no_grad():
                fake = self.fakes(n)
            real_energy, fake_energy = self.energies(real, fake)
            d_loss = margin_loss(real_energy, fake_energy, self.margin)
        c.update(d_loss, self.optimizer_d)

        with self.frozen_discriminator() as discriminator, c.autocast():
            energy, embeddings = discriminator(self.fakes(n), with_embedding=True)
            energy = energy.float().mean()
            pt = pulling_away(embeddings)
            g_loss = energy + self.pt_weight * pt
        c.update(g_loss, self.optimizer_g)
        self._last = {"d_loss": d_loss, "g_loss": g_loss, "energy_real": real_energy.mean(),
                      "energy_fake": fake_energy.mean(), "pt": pt}
