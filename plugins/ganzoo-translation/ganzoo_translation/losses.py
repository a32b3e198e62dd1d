"""The least-squares adversarial loss as CycleGAN states it (Zhu et al. 2017, section 4, after Mao
et al. 2017): on D's raw outputs,

    D minimises  E[(D(y) − 1)²] + E[D(G(x))²]
    G minimises  E[(D(G(x)) − 1)²]

ganzoo-losses' ``lsgan`` follows Mao et al.'s ½ on both players; CycleGAN's objective weighs G's
term against the cycle loss (λ = 10) without it, so this plugin states it as the paper does. The
cyclegan scheme halves D's term itself (the paper's "we divide the objective by 2 while optimising
D"), as pix2pix's does with the cross-entropy.
"""

import torch


class CycleGANLeastSquares:
    def discriminator_loss(self, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
        return (real_logits - 1).pow(2).mean() + fake_logits.pow(2).mean()

    def generator_loss(self, fake_logits: torch.Tensor, real_logits: torch.Tensor | None = None) -> torch.Tensor:
        return (fake_logits - 1).pow(2).mean()
