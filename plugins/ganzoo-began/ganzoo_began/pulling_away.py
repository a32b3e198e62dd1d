"""EBGAN's pulling-away term, which keeps a batch of samples from collapsing onto one mode.

    f_PT(S) = 1 / (N(N − 1)) · Σ_{i≠j} (S_iᵀ S_j / (‖S_i‖ ‖S_j‖))²

over the discriminator's embeddings S of the N generated samples: the mean squared cosine
similarity of every pair of different samples. It is 1 when all embeddings point one way and 0
when they are orthogonal; G adds λ_PT·f_PT to its loss.
"""

from __future__ import annotations

import torch
from torch.nn.functional import normalize


def pulling_away(embeddings: torch.Tensor) -> torch.Tensor:
    """f_PT of a batch of embeddings ``(N, ...)``, N ≥ 2, in float32."""
    n = embeddings.shape[0]
    if n < 2:
        raise ValueError("the pulling-away term compares samples with each other: it needs a batch of 2 or more")
    unit = normalize(embeddings.float().flatten(1), dim=1)
    cosines = unit @ unit.T
    off_diagonal = cosines.pow(2).sum() - cosines.diagonal().pow(2).sum()
    return off_diagonal / (n * (n - 1))
