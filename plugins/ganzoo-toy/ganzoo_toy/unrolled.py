"""The unrolled GAN (Metz et al. 2017): G steps against where D is about to go.

G's loss is taken not against D as it stands but against D advanced ``unroll_steps`` (k) more
steps. A generator that piles onto the mode D currently favours is scored by the D that would
follow, which has already learnt to reject it. D itself still trains only through its own
``n_critic`` ordinary steps; the unrolled steps never touch its weights or its optimiser. With
k = 0 both variants are ganzoo's alternating scheme.

Two variants, chosen by the option ``second_order``:

- second order, as the paper wrote it: G minimises f(θ_G, θ_D^k(θ_G)), differentiated through
  the k steps. The steps are differentiable Adam steps (:mod:`ganzoo_toy.unrolling`) from D's
  optimiser state, on the last D step's batch: its real samples and its fakes, which keep G's
  graph (the paper's fixed minibatch). G's gradient then includes the term through D's response
  to G, the one the paper credits with preventing collapse.
- first order, common in reimplementations: D takes k more of its ordinary steps (the recipe's
  optimiser, fresh real batches and fresh fakes), G steps against that D, and D's weights,
  buffers and optimiser are put back. G's gradient is taken through the unrolled D's outputs only,
  not through the updates that produced it. Its extra generator forward passes update G's
  batch-norm statistics as any training forward pass does.
"""

from __future__ import annotations

import copy
from typing import Any

import torch

from ganzoo import GanzooError
from ganzoo.training.alternating import AlternatingScheme, DiscriminatorStep
from ganzoo.training.scheme import SchemeContext
from ganzoo_toy.adam import check_adam
from ganzoo_toy.unrolling import Weights, logits_at, unroll


def build(context: SchemeContext, unroll_steps: int = 5, second_order: bool = False, **options: Any) -> AlternatingScheme:
    """The scheme ``unrolled``: D unrolled ``unroll_steps`` ahead for G's step, to second order or
    to first. Other options (``weight_clip``, ``r1_gamma``, ...) are the alternating scheme's."""
    if not isinstance(second_order, bool):
        raise GanzooError(f"second_order must be true or false, got {second_order!r}")
    scheme = SecondOrderUnrolledScheme if second_order else FirstOrderUnrolledScheme
    return scheme(context, unroll_steps=unroll_steps, **options)


def _check_unroll_steps(unroll_steps: object) -> None:
    if not isinstance(unroll_steps, int) or isinstance(unroll_steps, bool) or unroll_steps < 0:
        raise GanzooError(f"unroll_steps must be a whole number ≥ 0, got {unroll_steps!r}")


class FirstOrderUnrolledScheme(AlternatingScheme):
    """``n_critic`` D steps, then one G step against D advanced ``unroll_steps`` of its ordinary
    steps further, which are then undone; G's gradient does not flow through them.

    ``weight_clip`` and ``r1_gamma`` apply to the unrolled steps too, which are D's ordinary steps.
    """

    def __init__(self, context: SchemeContext, unroll_steps: int = 5, **options: Any) -> None:
        _check_unroll_steps(unroll_steps)
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


class SecondOrderUnrolledScheme(AlternatingScheme):
    """``n_critic`` D steps, then one G step on G's loss at θ_D^k(θ_G): D's parameters after
    ``unroll_steps`` differentiable Adam steps on the last D step's batch, from D's optimiser state.

    D's steps here use the loss's ``discriminator_loss`` alone: a gradient penalty, R1 or weight
    clipping inside them would need derivatives of a higher order still, so those options are
    refused, as is an optimiser other than plain Adam.
    """

    def __init__(self, context: SchemeContext, unroll_steps: int = 5, **options: Any) -> None:
        _check_unroll_steps(unroll_steps)
        super().__init__(context, **options)
        self.unroll_steps = unroll_steps
        if context.batches is not None:  # built to sample, it has no loss and trains nothing
            self._check_unrollable()

    def _check_unrollable(self) -> None:
        used = {"weight_clip": self.weight_clip is not None, "r1_gamma": bool(self.r1_gamma),
                "a loss with a gradient penalty": getattr(self.context.loss, "discriminator_penalty", None) is not None}
        refused = [name for name, present in used.items() if present]
        if refused:
            raise GanzooError(f"the second-order unrolled GAN does not unroll {', '.join(refused)}; "
                              "use second_order=false")
        check_adam(self.optimizer_d)

    def generator_loss(self, fake: torch.Tensor, fake_condition: torch.Tensor | None, real: torch.Tensor,
                       condition: torch.Tensor | None) -> torch.Tensor:
        """G's loss against D unrolled on this batch; its gradient flows through the unrolling."""
        discriminator, loss = self.frozen_discriminator, self.context.loss

        def discriminator_loss(weights: Weights) -> torch.Tensor:
            return loss.discriminator_loss(logits_at(discriminator, weights, real, condition),
                                           logits_at(discriminator, weights, fake, fake_condition))

        weights = unroll(discriminator, self.optimizer_d, discriminator_loss, self.unroll_steps)
        needs_real = getattr(loss, "needs_real_logits_for_generator", False)
        real_logits = logits_at(discriminator, weights, real, condition) if needs_real else None
        return loss.generator_loss(logits_at(discriminator, weights, fake, fake_condition), real_logits)
