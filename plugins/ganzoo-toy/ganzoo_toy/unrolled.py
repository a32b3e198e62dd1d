"""The unrolled GAN (Metz et al. 2017): G steps against where D is about to go.

Before each generator step, D is updated ``unroll_steps`` more times (its ordinary update: the
recipe's optimiser, fresh real batches and fresh fakes), G takes its step against that unrolled D,
and then D's weights, buffers and optimiser state are put back exactly as they were. D itself
still trains only through its own ``n_critic`` steps. A generator that piles onto the mode D
currently favours is scored by the D that would follow, which has already learnt to reject it.

This is the first-order variant, common in reimplementations: G's gradient is taken through the
unrolled D's outputs, not through the k updates that produced it. The paper differentiates through
the updates too, which needs second-order derivatives; what this cheaper variant keeps is that G is
scored by where D is heading rather than where it stands. With ``unroll_steps = 0`` it is exactly
ganzoo's alternating scheme.

The unrolled steps draw from the run's data and noise streams, and their generator forward passes
update G's batch-norm statistics as any training forward pass does.
"""

from __future__ import annotations

import copy
from typing import Any

import torch

from ganzoo import GanzooError
from ganzoo.training.alternating import AlternatingScheme, DiscriminatorStep
from ganzoo.training.scheme import SchemeContext


class UnrolledScheme(AlternatingScheme):
    """``n_critic`` D steps, then one G step through D unrolled ``unroll_steps`` further.

    Other options (``weight_clip``, ``r1_gamma``) are the alternating scheme's, and apply to the
    unrolled steps too, which are D's ordinary steps.
    """

    def __init__(self, context: SchemeContext, unroll_steps: int = 5, **options: Any) -> None:
        if not isinstance(unroll_steps, int) or isinstance(unroll_steps, bool) or unroll_steps < 0:
            raise GanzooError(f"unroll_steps must be a whole number ≥ 0, got {unroll_steps!r}")
        super().__init__(context, **options)
        self.unroll_steps = unroll_steps

    def generator_step(self, last: DiscriminatorStep) -> torch.Tensor:
        discriminator = {k: v.detach().clone() for k, v in self.frozen_discriminator.state_dict().items()}
        optimizer = copy.deepcopy(self.optimizer_d.state_dict())
        for _ in range(self.unroll_steps):
            self.discriminator_step()
        g_loss = super().generator_step(last)
        self.frozen_discriminator.load_state_dict(discriminator)
        self.optimizer_d.load_state_dict(optimizer)
        return g_loss
