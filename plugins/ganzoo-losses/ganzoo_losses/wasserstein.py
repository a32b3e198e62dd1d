"""The Wasserstein GAN of Arjovsky et al. (2017) and its gradient penalty variant, WGAN-GP, of
Gulrajani et al. (2017), "Improved Training of Wasserstein GANs".

The critic D estimates the Wasserstein-1 distance between the data and G's samples, which equals
the largest E[D(x)] − E[D(G(z))] over 1-Lipschitz functions D:

    D minimises E[D(G(z))] − E[D(x)]
    G minimises −E[D(G(z))]

The outputs are raw scores, not logits of a probability. The Lipschitz constraint is kept apart
from the loss: WGAN clips D's weights after every D step (the core's scheme option
``weight_clip``), and WGAN-GP adds the penalty :func:`gradient_penalty` to D's loss instead.
"""

from collections.abc import Callable

import torch

from ganzoo.errors import GanzooError


class Wasserstein:
    """The critic and generator losses of WGAN; pair it with ``weight_clip`` or a penalty."""

    def discriminator_loss(self, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
        return fake_logits.mean() - real_logits.mean()

    def generator_loss(self, fake_logits: torch.Tensor, real_logits: torch.Tensor | None = None) -> torch.Tensor:
        return -fake_logits.mean()


class WassersteinGradientPenalty(Wasserstein):
    """WGAN-GP: the Wasserstein losses, plus ``gp_weight`` times the gradient penalty on D."""

    def __init__(self, gp_weight: float = 10.0) -> None:
        if gp_weight < 0:
            raise GanzooError(f"gp_weight must be zero or positive, got {gp_weight}")
        self.gp_weight = gp_weight

    def discriminator_penalty(
        self, discriminator: Callable[[torch.Tensor], torch.Tensor], real: torch.Tensor, fake: torch.Tensor
    ) -> torch.Tensor:
        return self.gp_weight * gradient_penalty(discriminator, real, fake)


def gradient_penalty(
    discriminator: Callable[[torch.Tensor], torch.Tensor], real: torch.Tensor, fake: torch.Tensor
) -> torch.Tensor:
    """E[(‖∇D(x̂)‖₂ − 1)²] on random interpolates x̂ = ε·x + (1 − ε)·G(z).

    Each sample draws its own ε ~ U[0, 1], so that x̂ covers the straight lines between pairs of
    real and fake samples, and the norm is taken per sample, over all of its dimensions: the
    constraint is that D is 1-Lipschitz at every point, not on average over the batch. ε comes
    from torch's global generator, which a run seeds and saves in its checkpoints.

    The gradient is kept in the graph, so the penalty is differentiated with respect to D's weights.
    """
    real, fake = real.detach(), fake.detach().to(real.dtype)
    epsilon = torch.rand((real.shape[0],) + (1,) * (real.dim() - 1), device=real.device, dtype=real.dtype)
    interpolates = (epsilon * real + (1 - epsilon) * fake).requires_grad_(True)
    (grad,) = torch.autograd.grad(discriminator(interpolates).sum(), interpolates, create_graph=True)
    norms = grad.flatten(start_dim=1).norm(2, dim=1)
    return (norms - 1).pow(2).mean()
