"""The unrolled update: no unrolling is the alternating update, and unrolling never moves D."""

import contextlib
import functools

import pytest
import torch

from ganzoo import DataSpec, GanzooError
from ganzoo.plugins import load_zoo
from ganzoo.training.batches import Batches
from ganzoo.training.step import AlternatingUpdate, UpdateContext
from ganzoo_toy.datasets import ring8
from ganzoo_toy.mlp2d import build
from ganzoo_toy.unrolled import UnrolledUpdate

CPU = torch.device("cpu")


@functools.cache
def registry():
    return load_zoo().registry


def context(seed=0, n_critic=1):
    """A small toy run's parts, all seeded: two calls with one seed give identical contexts."""
    torch.manual_seed(seed)
    networks = build(DataSpec((2,), (-2.0, 2.0), 8), 2, g_hidden=16, g_layers=2, d_hidden=16, d_layers=2)
    G, D = networks.generator, networks.discriminator
    return UpdateContext(
        generator=G, discriminator=D, discriminator_module=D,
        optimizer_g=torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999)),
        optimizer_d=torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999)),
        loss=registry().get("loss", "non-saturating").build(), sampler=registry().get("sampler", "normal").build(),
        batches=Batches(ring8(), batch_size=32, seed=seed, device=CPU), latent_dim=2, n_critic=n_critic,
        num_classes=None, noise=torch.Generator().manual_seed(seed), autocast=contextlib.nullcontext, device=CPU,
    )


def state(module):
    return {k: v.clone() for k, v in module.state_dict().items()}


def same_tensors(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def optimizer_tensors(optimizer):
    return {(i, k): v for i, s in enumerate(optimizer.state.values()) for k, v in s.items()}


def run(update, steps):
    logs = []
    for _ in range(steps):
        update.step()
        logs.append(update.logs())
    return logs


@pytest.mark.parametrize("n_critic", [1, 2])
def test_no_unrolling_is_exactly_the_alternating_update(n_critic):
    plain, unrolled = context(n_critic=n_critic), context(n_critic=n_critic)
    plain_logs = run(AlternatingUpdate(plain), steps=4)
    unrolled_logs = run(UnrolledUpdate(unrolled, unroll_steps=0), steps=4)
    assert plain_logs == unrolled_logs
    for part in ("generator", "discriminator"):
        assert same_tensors(state(getattr(plain, part)), state(getattr(unrolled, part)))
    for optimizer in ("optimizer_g", "optimizer_d"):
        assert same_tensors(optimizer_tensors(getattr(plain, optimizer)), optimizer_tensors(getattr(unrolled, optimizer)))
    assert plain.batches.count == unrolled.batches.count
    assert torch.equal(plain.noise.get_state(), unrolled.noise.get_state())


def test_unrolling_changes_the_generators_step_but_leaves_the_discriminator_as_it_was():
    plain, unrolled = context(), context()
    AlternatingUpdate(plain).step()
    UnrolledUpdate(unrolled, unroll_steps=3).step()
    # D's own step is the same, and its unrolled steps are undone, optimiser state included ...
    assert same_tensors(state(plain.discriminator), state(unrolled.discriminator))
    assert same_tensors(optimizer_tensors(plain.optimizer_d), optimizer_tensors(unrolled.optimizer_d))
    # ... while G stepped against the unrolled D, on fresh batches drawn for the unrolling.
    assert not same_tensors(state(plain.generator), state(unrolled.generator))
    assert unrolled.batches.count == plain.batches.count + 3


def test_the_update_is_registered_and_checks_its_option():
    entry = registry().get("update", "unrolled")
    assert isinstance(entry.build(context()), UnrolledUpdate)
    with pytest.raises(GanzooError, match="unroll_steps"):
        UnrolledUpdate(context(), unroll_steps=-1)
