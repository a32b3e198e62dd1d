"""Unrolling D: G's gradient through k differentiable Adam steps is the true derivative of
f(θ_G, θ_D^k(θ_G)), which the first-order gradient is not; and D is left as it was."""

import pytest
import torch
import torch.nn.functional as F

from ganzoo import DataSpec
from ganzoo_toy.mlp2d import build
from ganzoo_toy.unrolling import logits_at, unroll

POINTS = DataSpec(shape=(2,), value_range=(-2.0, 2.0))


def tiny_gan(k):
    """A small G and D in float64, D's Adam two steps in, a fixed batch, and f(θ_G), G's
    non-saturating loss against D unrolled ``k`` steps on that batch."""
    torch.manual_seed(0)
    networks = build(POINTS, 2, g_hidden=8, g_layers=1, d_hidden=8, d_layers=2, maxout_pieces=2)
    G, D = networks.generator.double(), networks.discriminator.double()
    real, z = torch.randn(16, 2, dtype=torch.float64), torch.randn(16, 2, dtype=torch.float64)
    optimizer = torch.optim.Adam(D.parameters(), lr=0.05, betas=(0.5, 0.999))
    for _ in range(2):
        optimizer.zero_grad()
        (F.softplus(-D(real)).mean() + F.softplus(D(G(z).detach())).mean()).backward()
        optimizer.step()
    optimizer.zero_grad()

    def f(first_order=False):
        fake = G(z)

        def d_loss(weights):
            return F.softplus(-logits_at(D, weights, real, None)).mean() + F.softplus(logits_at(D, weights, fake, None)).mean()

        weights = unroll(D, optimizer, d_loss, k)
        if first_order:  # θ_D^k as constants: the first term of the paper's eq. 12 alone
            weights = {name: w.detach() for name, w in weights.items()}
        return F.softplus(-logits_at(D, weights, fake, None)).mean()

    return G, D, optimizer, f


def directional_derivatives(G, f, first_order=False, eps=1e-6):
    """(autograd's, central differences') derivative of f along a fixed random direction of θ_G."""
    parameters = list(G.parameters())
    direction = [torch.randn_like(p) for p in parameters]
    grads = torch.autograd.grad(f(first_order), parameters)
    analytic = sum((g * d).sum() for g, d in zip(grads, direction)).item()
    values = []
    for sign in (1, -1):
        with torch.no_grad():
            for p, d in zip(parameters, direction):
                p.add_(sign * eps * d)
        values.append(f().item())
        with torch.no_grad():
            for p, d in zip(parameters, direction):
                p.sub_(sign * eps * d)
    return analytic, (values[0] - values[1]) / (2 * eps)


def test_the_second_order_gradient_is_the_derivative_of_gs_loss_through_the_unrolled_steps():
    G, _, _, f = tiny_gan(k=3)
    torch.manual_seed(1)
    analytic, numeric = directional_derivatives(G, f)
    assert analytic == pytest.approx(numeric, rel=1e-6)
    torch.manual_seed(1)
    first_order, same_numeric = directional_derivatives(G, f, first_order=True)
    assert same_numeric == numeric
    assert abs(first_order - numeric) > 1e-2 * abs(numeric)  # the response term matters here


def test_unrolling_leaves_d_and_its_optimiser_as_they_were():
    G, D, optimizer, f = tiny_gan(k=3)
    weights = {name: t.clone() for name, t in D.state_dict().items()}
    state = [t.clone() for s in optimizer.state.values() for t in s.values()]
    torch.autograd.grad(f(), list(G.parameters()))
    assert all(torch.equal(weights[name], t) for name, t in D.state_dict().items())
    assert all(torch.equal(a, b) for a, b in zip(state, [t for s in optimizer.state.values() for t in s.values()]))
    assert all(p.grad is None for p in D.parameters())
