"""The hinge loss of Lim & Ye (2017), "Geometric GAN", as used by Miyato et al. (2018) for SN-GAN.

    D minimises E[relu(1 − D(x))] + E[relu(1 + D(G(z)))]
    G minimises −E[D(G(z))]

D stops pushing a sample once its output is beyond the margin (≥ 1 for real, ≤ −1 for fake), so
only the samples near the boundary shape it, as in a support vector machine.
"""

import torch
from torch.nn.functional import relu


class Hinge:
    """The margin loss for D, and the critic-style linear loss for G."""

    def discriminator_loss(self, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
        return relu(1 - real_logits).mean() + relu(1 + fake_logits).mean()

    def generator_loss(self, fake_logits: torch.Tensor, real_logits: torch.Tensor | None = None) -> torch.Tensor:
        return -fake_logits.mean()
