"""The unrolled schemes: no unrolling is the alternating scheme, unrolling never moves D, and the
second-order G step differs from the first-order one."""

import pytest
import torch

import ganzoo
from ganzoo import GanzooError
from ganzoo.plugins import load_zoo
from ganzoo.testing import build_scheme, check_resume
from ganzoo_toy.unrolled import FirstOrderUnrolledScheme, SecondOrderUnrolledScheme

SMALL = {"g_hidden": 16, "g_layers": 2, "d_hidden": 16, "d_layers": 2}


def scheme(unroll_steps=None, second_order=False, n_critic=1, **overrides):
    """A small toy run's scheme, seeded: two calls with the same arguments give identical schemes.
    ``unroll_steps=None`` is the core's alternating scheme."""
    options = {"unroll_steps": unroll_steps, "second_order": second_order}
    unrolled = {"scheme": "unrolled", "scheme_options": options} if unroll_steps is not None else {}
    return build_scheme("toy-gan", batch_size=32, architecture_options=SMALL, n_critic=n_critic, **unrolled, **overrides)


def state(module):
    return {k: v.clone() for k, v in module.state_dict().items()}


def same_tensors(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def optimizer_tensors(optimizer):
    return {(i, k): v for i, s in enumerate(optimizer.state.values()) for k, v in s.items()}


def generator_gradients(trained):
    """G's gradients of the last step (the optimiser leaves them in place)."""
    return {name: p.grad.clone() for name, p in trained.modules["generator"].named_parameters()}


def run(trained, steps):
    logs = []
    for step in range(steps):
        trained.train_step(step, steps)
        logs.append(trained.logs())
    return logs


@pytest.mark.parametrize(("second_order", "n_critic"), [(False, 1), (False, 2), (True, 1), (True, 2)])
def test_no_unrolling_is_exactly_the_alternating_scheme(second_order, n_critic):
    plain, unrolled = scheme(n_critic=n_critic), scheme(unroll_steps=0, second_order=second_order, n_critic=n_critic)
    kind = SecondOrderUnrolledScheme if second_order else FirstOrderUnrolledScheme
    assert isinstance(unrolled, kind) and not isinstance(plain, kind)
    plain.train_step(0, 4)
    unrolled.train_step(0, 4)
    assert same_tensors(generator_gradients(plain), generator_gradients(unrolled))
    assert run(plain, steps=3) == run(unrolled, steps=3)
    for part in ("generator", "discriminator"):
        assert same_tensors(state(plain.modules[part]), state(unrolled.modules[part]))
        assert same_tensors(optimizer_tensors(plain.optimizers[part]), optimizer_tensors(unrolled.optimizers[part]))
    assert plain.context.batches.count == unrolled.context.batches.count
    assert torch.equal(plain.context.noise.get_state(), unrolled.context.noise.get_state())


@pytest.mark.parametrize("second_order", [False, True])
def test_unrolling_changes_the_generators_step_but_leaves_the_discriminator_as_it_was(second_order):
    plain, unrolled = scheme(), scheme(unroll_steps=3, second_order=second_order)
    plain.train_step(0, 10)
    unrolled.train_step(0, 10)
    # D's own step is the same, and its unrolled steps are undone or never taken, optimiser state included ...
    assert same_tensors(state(plain.modules["discriminator"]), state(unrolled.modules["discriminator"]))
    assert same_tensors(optimizer_tensors(plain.optimizers["discriminator"]), optimizer_tensors(unrolled.optimizers["discriminator"]))
    # ... while G stepped against the unrolled D: on fresh batches drawn for the unrolling (first
    # order), or on the last D step's batch (second order, which draws nothing more).
    assert not same_tensors(state(plain.modules["generator"]), state(unrolled.modules["generator"]))
    assert unrolled.context.batches.count == plain.context.batches.count + (0 if second_order else 3)


def test_the_second_order_generator_gradient_is_not_the_first_order_one():
    first, second = scheme(unroll_steps=2), scheme(unroll_steps=2, second_order=True)
    first.train_step(0, 10)
    second.train_step(0, 10)
    gradients = generator_gradients(first), generator_gradients(second)
    assert all(torch.isfinite(g).all() for g in gradients[1].values())
    assert not any(torch.allclose(gradients[0][name], gradients[1][name]) for name in gradients[0])


def test_a_second_order_run_stops_and_resumes_exactly():
    check_resume("toy-unrolled", architecture_options=SMALL, scheme_options={"unroll_steps": 2, "second_order": True})


def test_a_second_order_runs_generator_samples_from_its_export(tmp_path):
    run = ganzoo.train("toy-unrolled", steps=2, out=tmp_path / "run", device="cpu", progress=False, batch_size=32,
                       architecture_options=SMALL, scheme_options={"unroll_steps": 2})
    assert ganzoo.load(run.run_dir, device="cpu").sample(5, seed=1).shape == (5, 2)


def test_the_scheme_is_registered_and_checks_its_options():
    entry = load_zoo().registry.get("scheme", "unrolled")
    assert entry.provider.plugin == "toy" and entry.defaults == {"unroll_steps": 5, "second_order": False}
    for options in ({"unroll_steps": -1}, {"unroll_steps": 2, "second_order": "yes"}):
        with pytest.raises(GanzooError, match="unroll_steps|second_order"):
            scheme(**options)


@pytest.mark.parametrize(("overrides", "refused"), [
    ({"scheme_options": {"unroll_steps": 1, "second_order": True, "weight_clip": 0.01}}, "weight_clip"),
    ({"scheme_options": {"unroll_steps": 1, "second_order": True, "r1_gamma": 1.0}}, "r1_gamma"),
    ({"scheme_options": {"unroll_steps": 1, "second_order": True}, "optimizer": "rmsprop"}, "RMSprop"),
])
def test_second_order_refuses_what_it_cannot_unroll(overrides, refused):
    with pytest.raises(GanzooError, match=refused):
        build_scheme("toy-gan", batch_size=32, architecture_options=SMALL, scheme="unrolled", **overrides)
