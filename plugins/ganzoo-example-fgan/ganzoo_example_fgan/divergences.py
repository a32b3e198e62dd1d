"""The f-GAN loss: variational divergence minimisation (Nowozin, Cseke & Tomioka, NeurIPS 2016,
arXiv:1606.00709).

For a convex f with f(1) = 0, the f-divergence D_f(P‖Q) = E_Q[f(p/q)] has the variational lower
bound (Fenchel conjugate f*)

    D_f(P‖Q) ≥ F(V) = E_P[g_f(V(x))] - E_Q[f*(g_f(V(x)))]

where V is the discriminator's raw output and g_f an output activation that keeps its argument in
the domain of f*. D maximises F, so its loss is -F. G minimises the divergence; as in the paper's
experiments it does so with the "-log D trick" generalised: G maximises E_Q[g_f(V(G(z)))].

Each divergence below is written as two functions of V, ``real(v) = g_f(v)`` and
``fake(v) = f*(g_f(v))``, simplified in closed form so that no term takes the log of a rounded
number (paper, Table 6):

=================  ======================  ===========================
divergence         g_f(v)                  f*(g_f(v))
=================  ======================  ===========================
kl                 v                       exp(v - 1)
reverse-kl         -exp(-v)                v - 1
pearson            v                       v²/4 + v
squared-hellinger  1 - exp(-v)             exp(v) - 1
jensen-shannon     log 2 - softplus(-v)    softplus(v) - log 2
gan                -softplus(-v)           softplus(v)
=================  ======================  ===========================

Higher V means "more like the data" for every one of them, as ganzoo expects of a logit.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch.nn.functional import softplus

from ganzoo import GanzooError

Term = Callable[[torch.Tensor], torch.Tensor]

LOG2 = math.log(2.0)

DIVERGENCES: dict[str, tuple[Term, Term]] = {
    "kl": (lambda v: v, lambda v: torch.exp(v - 1)),
    "reverse-kl": (lambda v: -torch.exp(-v), lambda v: v - 1),
    "pearson": (lambda v: v, lambda v: v * v / 4 + v),
    "squared-hellinger": (lambda v: 1 - torch.exp(-v), lambda v: torch.expm1(v)),
    "jensen-shannon": (lambda v: LOG2 - softplus(-v), lambda v: softplus(v) - LOG2),
    "gan": (lambda v: -softplus(-v), lambda v: softplus(v)),
}


class FDivergence:
    """The f-GAN game for one divergence (``divergence``, one of :data:`DIVERGENCES`)."""

    def __init__(self, divergence: str = "pearson") -> None:
        if divergence not in DIVERGENCES:
            raise GanzooError(f"unknown f-divergence {divergence!r}; choose one of {', '.join(DIVERGENCES)}")
        self.divergence = divergence
        self.real, self.fake = DIVERGENCES[divergence]

    def bound(self, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
        """F(V) = E_P[g_f(V)] - E_Q[f*(g_f(V))], the lower bound on D_f(P‖Q) that D maximises."""
        return self.real(real_logits).mean() - self.fake(fake_logits).mean()

    def discriminator_loss(self, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
        return -self.bound(real_logits, fake_logits)

    def generator_loss(self, fake_logits: torch.Tensor, real_logits: torch.Tensor | None = None) -> torch.Tensor:
        return -self.real(fake_logits).mean()
