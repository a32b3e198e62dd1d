"""The least squares GAN of Mao et al. (2017), "Least Squares Generative Adversarial Networks".

D's raw output is regressed onto target values instead of being squashed by a sigmoid. With the
paper's a-b-c coding a = 0 (fake), b = 1 (real), c = 1 (what G wants D to believe):

    D minimises ½·E[(D(x) − 1)²] + ½·E[D(G(z))²]
    G minimises ½·E[(D(G(z)) − 1)²]

Fakes that D classifies correctly but that lie far from the real data are still penalised, so G
keeps receiving gradients where the cross-entropy loss would saturate.
"""

import torch


class LeastSquares:
    """LSGAN with targets 0 for fakes and 1 for real samples, on D's raw (unsquashed) outputs."""

    def discriminator_loss(self, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
        return 0.5 * (real_logits - 1).pow(2).mean() + 0.5 * fake_logits.pow(2).mean()

    def generator_loss(self, fake_logits: torch.Tensor, real_logits: torch.Tensor | None = None) -> torch.Tensor:
        return 0.5 * (fake_logits - 1).pow(2).mean()
