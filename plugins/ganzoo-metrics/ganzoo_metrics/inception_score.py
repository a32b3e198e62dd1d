"""The Inception Score, computed with the dataset's own classifier instead of Inception-v3.

IS = exp(Eₓ KL(p(y|x) ‖ p(y))), where p(y) = Eₓ p(y|x) over the same samples (Salimans et al.
2016). It is high when each sample is classified confidently and the classes are used evenly; its
maximum is the number of classes. Computed on all the samples at once, not averaged over ten
splits as for Inception-v3: with 10 classes the splits' spread says little.
"""

from __future__ import annotations

import math

import torch


def inception_score(probabilities: torch.Tensor) -> float:
    """IS of the rows of ``probabilities`` ``(n, K)``, each a distribution over the K classes."""
    p = probabilities.to(torch.float64)
    marginal = p.mean(dim=0, keepdim=True)
    kl = (torch.special.xlogy(p, p) - torch.special.xlogy(p, marginal)).sum(dim=1)  # 0 · log 0 = 0
    return math.exp(float(kl.mean()))
