"""The unrolled scheme: no unrolling is the alternating scheme, and unrolling never moves D."""

import pytest
import torch

from ganzoo import GanzooError
from ganzoo.plugins import load_zoo
from ganzoo.testing import build_scheme
from ganzoo_toy.unrolled import UnrolledScheme

SMALL = {"g_hidden": 16, "g_layers": 2, "d_hidden": 16, "d_layers": 2}


def scheme(unroll_steps=None, n_critic=1):
    """A small toy run's scheme, seeded: two calls with the same arguments give identical schemes.
    ``unroll_steps=None`` is the core's alternating scheme."""
    unrolled = {"scheme": "unrolled", "scheme_options": {"unroll_steps": unroll_steps}} if unroll_steps is not None else {}
    return build_scheme("toy-gan", batch_size=32, architecture_options=SMALL, n_critic=n_critic, **unrolled)


def state(module):
    return {k: v.clone() for k, v in module.state_dict().items()}


def same_tensors(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def optimizer_tensors(optimizer):
    return {(i, k): v for i, s in enumerate(optimizer.state.values()) for k, v in s.items()}


def run(trained, steps):
    logs = []
    for step in range(steps):
        trained.train_step(step, steps)
        logs.append(trained.logs())
    return logs


@pytest.mark.parametrize("n_critic", [1, 2])
def test_no_unrolling_is_exactly_the_alternating_scheme(n_critic):
    plain, unrolled = scheme(n_critic=n_critic), scheme(unroll_steps=0, n_critic=n_critic)
    assert isinstance(unrolled, UnrolledScheme) and not isinstance(plain, UnrolledScheme)
    assert run(plain, steps=4) == run(unrolled, steps=4)
    for part in ("generator", "discriminator"):
        assert same_tensors(state(plain.modules[part]), state(unrolled.modules[part]))
        assert same_tensors(optimizer_tensors(plain.optimizers[part]), optimizer_tensors(unrolled.optimizers[part]))
    assert plain.context.batches.count == unrolled.context.batches.count
    assert torch.equal(plain.context.noise.get_state(), unrolled.context.noise.get_state())


def test_unrolling_changes_the_generators_step_but_leaves_the_discriminator_as_it_was():
    plain, unrolled = scheme(), scheme(unroll_steps=3)
    plain.train_step(0, 10)
    unrolled.train_step(0, 10)
    # D's own step is the same, and its unrolled steps are undone, optimiser state included ...
    assert same_tensors(state(plain.modules["discriminator"]), state(unrolled.modules["discriminator"]))
    assert same_tensors(optimizer_tensors(plain.optimizers["discriminator"]), optimizer_tensors(unrolled.optimizers["discriminator"]))
    # ... while G stepped against the unrolled D, on fresh batches drawn for the unrolling.
    assert not same_tensors(state(plain.modules["generator"]), state(unrolled.modules["generator"]))
    assert unrolled.context.batches.count == plain.context.batches.count + 3


def test_the_scheme_is_registered_and_checks_its_option():
    assert load_zoo().registry.get("scheme", "unrolled").provider.plugin == "toy"
    with pytest.raises(GanzooError, match="unroll_steps"):
        scheme(unroll_steps=-1)
