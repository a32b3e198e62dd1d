"""The variational lower bound L_I of the mutual information between the codes and G's images
(Chen et al. 2016, section 5), as a loss to minimise, and Q's accuracy on the categorical code.

    L_I(G, Q) = E[log Q(c | G(z, c))] + H(c)  ≤  I(c; G(z, c))

H(c) does not depend on G or Q, so maximising L_I is minimising E[-log Q(c | x)], which splits
into one term per code:

- the categorical code: the cross-entropy of Q's logits with the category drawn;
- each continuous code: the negative log-density of a Gaussian with Q's mean and σ = 1,
  ½ (c - μ)² + ½ log 2π. The paper describes a learned σ; the authors' MNIST experiment fixes it
  (``Uniform(1, fix_std=True)`` in their launcher), and so does this.
"""

from __future__ import annotations

import math

import torch
from torch.nn.functional import cross_entropy

from ganzoo_infogan.codes import CodeLayout

HALF_LOG_TWO_PI = 0.5 * math.log(2 * math.pi)


def information_loss(recognised: torch.Tensor, latent: torch.Tensor, layout: CodeLayout,
                     categorical_weight: float, continuous_weight: float) -> torch.Tensor:
    """λ_cat · cross-entropy of the categorical code + λ_cont · Gaussian NLL of the continuous codes
    (summed over the codes), averaged over the batch; ``recognised`` is Q's output on the images
    G made from ``latent``."""
    logits, means = layout.recognised(recognised.float())
    categorical = cross_entropy(logits, layout.category(latent))
    continuous = (0.5 * (layout.continuous_codes(latent).float() - means) ** 2 + HALF_LOG_TWO_PI).sum(dim=1).mean()
    return categorical_weight * categorical + continuous_weight * continuous


def code_accuracy(recognised: torch.Tensor, latent: torch.Tensor, layout: CodeLayout) -> torch.Tensor:
    """The share of images whose categorical code Q guesses right (its most likely category)."""
    logits, _ = layout.recognised(recognised)
    return (logits.argmax(dim=1) == layout.category(latent)).float().mean()
