"""The differentiable Adam step is torch's Adam, and refuses the variants it does not reproduce."""

import pytest
import torch

from ganzoo import GanzooError
from ganzoo_toy.adam import DifferentiableAdam


def quadratic(parameters, target):
    return sum(((p - t) ** 2 * (1 + i)).sum() for i, (p, t) in enumerate(zip(parameters, target)))


def test_its_steps_continue_a_torch_adam_exactly_as_torch_would():
    torch.manual_seed(0)
    weights = [torch.nn.Parameter(torch.randn(3, 4, dtype=torch.float64)), torch.nn.Parameter(torch.randn(4, dtype=torch.float64))]
    targets = [torch.randn_like(w) for w in weights]
    # Two groups, one with L2 weight decay; two real steps first, so the moments and step counts are not zero.
    optimizer = torch.optim.Adam([{"params": [weights[0]], "weight_decay": 0.1}, {"params": [weights[1]], "lr": 0.05}],
                                 lr=0.01, betas=(0.5, 0.999))
    for _ in range(2):
        optimizer.zero_grad()
        quadratic(weights, targets).backward()
        optimizer.step()
    saved = [t.clone() for s in optimizer.state.values() for t in s.values()]
    adam = DifferentiableAdam(optimizer, {"w": weights[0], "b": weights[1]})
    functional = {"w": weights[0], "b": weights[1]}
    for _ in range(3):
        leaves = {name: value.detach().requires_grad_() for name, value in functional.items()}
        grads = torch.autograd.grad(quadratic(leaves.values(), targets), list(leaves.values()))
        functional = adam.step(leaves, dict(zip(leaves, grads)))
    # The torch optimiser's state was only read; stepping it now gives the same three steps.
    assert all(torch.equal(a, b) for a, b in zip(saved, [t for s in optimizer.state.values() for t in s.values()]))
    for _ in range(3):
        optimizer.zero_grad()
        quadratic(weights, targets).backward()
        optimizer.step()
    for name, weight in zip(("w", "b"), weights):
        torch.testing.assert_close(functional[name], weight.detach(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("optimizer", [
    lambda p: torch.optim.SGD(p, lr=0.1), lambda p: torch.optim.AdamW(p), lambda p: torch.optim.Adam(p, amsgrad=True),
])
def test_it_refuses_an_optimiser_it_does_not_reproduce(optimizer):
    weight = torch.nn.Parameter(torch.zeros(2))
    with pytest.raises(GanzooError, match="Adam|adam"):
        DifferentiableAdam(optimizer([weight]), {"w": weight})
