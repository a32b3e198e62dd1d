"""Adam's update written as tensor arithmetic, so that gradients flow back through it.

``torch.optim.Adam`` changes its parameters and moments in place, outside autograd. The
second-order unrolled GAN differentiates through D's Adam steps, so it needs the same update as a
function: new parameters and moments computed from the old ones, nothing changed in place.
:class:`DifferentiableAdam` starts from a torch Adam's moments, step counts and settings and leaves
that optimiser untouched.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import torch

from ganzoo import GanzooError


@dataclass(frozen=True)
class _Moments:
    """One parameter's Adam state: the first and second moments, and the steps taken."""

    exp_avg: torch.Tensor
    exp_avg_sq: torch.Tensor
    step: int


def check_adam(optimizer: torch.optim.Optimizer) -> None:
    """Raise unless ``optimizer`` is a plain Adam (L2 weight decay allowed; no AMSGrad, AdamW or
    maximisation), the update :class:`DifferentiableAdam` reproduces."""
    if not isinstance(optimizer, torch.optim.Adam):
        raise GanzooError(f"the second-order unrolled GAN unrolls Adam steps, but D's optimiser is "
                          f"{type(optimizer).__name__}; use the recipe's optimizer adam, or second_order=false")
    for group in optimizer.param_groups:
        variants = [name for name in ("amsgrad", "maximize", "decoupled_weight_decay") if group.get(name)]
        if variants:
            raise GanzooError(f"the second-order unrolled GAN unrolls plain Adam; D's optimiser sets {', '.join(variants)}")


def _safe_sqrt(values: torch.Tensor) -> torch.Tensor:
    """``values.sqrt()``, with a zero rather than NaN gradient where a value is 0.

    A parameter that never had a gradient (a maxout piece that never wins) keeps a second moment
    of exactly 0, where the square root's derivative is infinite; times the zero that flows
    back to it, that would be NaN."""
    positive = values > 0
    return torch.where(positive, values, torch.ones_like(values)).sqrt() * positive


class DifferentiableAdam:
    """Adam steps on named tensors, from the state of ``optimizer`` for ``parameters`` (its own
    parameters, by name), differentiable with respect to the tensors they are given.

    Each :meth:`step` returns new parameters and keeps new moments for the next; the torch
    optimiser, its moments and the parameters themselves are never changed.
    """

    def __init__(self, optimizer: torch.optim.Optimizer, parameters: Mapping[str, torch.Tensor]) -> None:
        check_adam(optimizer)
        group_of = {id(p): group for group in optimizer.param_groups for p in group["params"]}
        self._groups = {name: group_of[id(p)] for name, p in parameters.items()}
        self._moments = {name: self._moments_of(optimizer, p) for name, p in parameters.items()}

    @staticmethod
    def _moments_of(optimizer: torch.optim.Optimizer, parameter: torch.Tensor) -> _Moments:
        state = optimizer.state.get(parameter)
        if not state:  # not stepped yet
            return _Moments(torch.zeros_like(parameter), torch.zeros_like(parameter), 0)
        return _Moments(state["exp_avg"], state["exp_avg_sq"], int(state["step"]))  # step lives on the CPU

    def step(self, parameters: Mapping[str, torch.Tensor], gradients: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """The parameters after one Adam step with ``gradients``, as torch's Adam computes it."""
        return {name: self._update(name, value, gradients[name]) for name, value in parameters.items()}

    def _update(self, name: str, parameter: torch.Tensor, gradient: torch.Tensor) -> torch.Tensor:
        group, moments = self._groups[name], self._moments[name]
        beta1, beta2 = group["betas"]
        if group["weight_decay"]:
            gradient = gradient + group["weight_decay"] * parameter
        step = moments.step + 1
        exp_avg = torch.lerp(moments.exp_avg, gradient, 1 - beta1)
        exp_avg_sq = beta2 * moments.exp_avg_sq + (1 - beta2) * gradient * gradient
        self._moments[name] = _Moments(exp_avg, exp_avg_sq, step)
        denominator = _safe_sqrt(exp_avg_sq) / math.sqrt(1 - beta2**step) + group["eps"]
        return parameter - group["lr"] / (1 - beta1**step) * (exp_avg / denominator)
