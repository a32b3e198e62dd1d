"""The losses of Goodfellow et al. (2014), written in terms of logits for numerical stability.

With D(x) = sigmoid(l(x)), the identities ``-log D(x) = softplus(-l)`` and
``-log(1 - D(x)) = softplus(l)`` give every term without ever taking the log of a rounded
probability.

The discriminator maximises ``log D(x) + log(1 - D(G(z)))``, i.e. minimises
``softplus(-l_real) + softplus(l_fake)``. The two losses differ only in the generator's objective.
"""

import torch
from torch.nn.functional import softplus


def discriminator_cross_entropy(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Binary cross-entropy of D with real labelled 1 and fake labelled 0."""
    return softplus(-real_logits).mean() + softplus(fake_logits).mean()


class Minimax:
    """G minimises ``log(1 - D(G(z))) = -softplus(l_fake)``: the saturating form of the paper's
    minimax game, whose gradient vanishes when D confidently rejects the fakes."""

    def discriminator_loss(self, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
        return discriminator_cross_entropy(real_logits, fake_logits)

    def generator_loss(self, fake_logits: torch.Tensor, real_logits: torch.Tensor | None = None) -> torch.Tensor:
        return -softplus(fake_logits).mean()


class NonSaturating:
    """G minimises ``-log D(G(z)) = softplus(-l_fake)``: the same fixed point as the minimax game,
    with strong gradients exactly when G is losing."""

    def discriminator_loss(self, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
        return discriminator_cross_entropy(real_logits, fake_logits)

    def generator_loss(self, fake_logits: torch.Tensor, real_logits: torch.Tensor | None = None) -> torch.Tensor:
        return softplus(-fake_logits).mean()
