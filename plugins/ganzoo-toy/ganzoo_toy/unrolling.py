"""D's weights k optimiser steps ahead, as a differentiable function of what D's loss depends on.

This is the heart of the second-order unrolled GAN (Metz et al. 2017, eq. 7 and 9): starting from
D's current parameters θ_D and its optimiser's state, take k Adam steps on D's loss, keeping each
step's graph (``create_graph=True``), so that θ_D^k is a function of everything the loss was
computed from, G's fakes included. Differentiating G's loss at θ_D^k then gives the paper's full
gradient, with the term through D's response to G (its eq. 12) that first-order unrolling drops.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import torch
from torch import nn
from torch.func import functional_call

from ganzoo_toy.adam import DifferentiableAdam

Weights = dict[str, torch.Tensor]  # a module's parameters and buffers by name, for functional_call


def logits_at(discriminator: nn.Module, weights: Mapping[str, torch.Tensor], inputs: torch.Tensor,
              condition: torch.Tensor | None) -> torch.Tensor:
    """D's logits as a vector, computed with ``weights`` in place of its own; half precision is
    raised to single, as the alternating scheme does, and double stays double."""
    args = (inputs,) if condition is None else (inputs, condition)
    logits = functional_call(discriminator, dict(weights), args).reshape(-1)
    return logits.to(torch.promote_types(logits.dtype, torch.float32))


def unroll(discriminator: nn.Module, optimizer: torch.optim.Optimizer, loss: Callable[[Weights], torch.Tensor],
           steps: int) -> Weights:
    """D's weights after ``steps`` Adam steps on ``loss(weights)``, starting from its own and from
    ``optimizer``'s state (a torch Adam), differentiable through every step. The parameters that
    ``optimizer`` holds are stepped; any others, and the buffers, stay as they are.

    Neither D nor the optimiser changes: the steps start from D's parameters detached and make new
    tensors, never writing in place, and D's buffers (batch-norm statistics, say) are copied, so
    that forward passes here cannot move them.
    """
    held = {id(p) for group in optimizer.param_groups for p in group["params"]}
    own = {name: p for name, p in discriminator.named_parameters() if id(p) in held}
    adam = DifferentiableAdam(optimizer, own)
    trained = {name: p.detach().requires_grad_() for name, p in own.items()}
    buffers = {name: b.clone() for name, b in discriminator.named_buffers()}
    for _ in range(steps):
        gradients = torch.autograd.grad(loss({**trained, **buffers}), list(trained.values()), create_graph=True)
        trained = adam.step(trained, dict(zip(trained, gradients)))
    return {**trained, **buffers}
