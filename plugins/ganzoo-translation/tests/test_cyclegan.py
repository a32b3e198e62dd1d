"""The cyclegan scheme: the image pool, the losses, the schedule, stop-and-resume, and the model end
to end on tiny unpaired data, translated both ways from the command line."""

from __future__ import annotations

import json
import os
import signal

import numpy as np
import pytest
import torch
from torch import nn

from ganzoo import GanzooError, IncompatibleParts, hookimpl
from ganzoo.testing import build_scheme, check_loss, check_resume
from ganzoo_translation.cyclegan import CycleGAN
from ganzoo_translation.pool import ImagePool

# --- the pool -------------------------------------------------------------------------------------


def batches(count: int, n: int = 1) -> list[torch.Tensor]:
    """Fakes that say which they are: image i is filled with the number i."""
    return [torch.arange(k * n, (k + 1) * n, dtype=torch.float32).view(n, 1, 1, 1).expand(n, 1, 2, 2).clone()
            for k in range(count)]


def test_the_pool_shows_each_fake_as_it_is_until_it_is_full():
    pool = ImagePool(5, (1, 2, 2), torch.device("cpu"))
    noise = torch.Generator().manual_seed(0)
    for fakes in batches(2, n=2):
        assert torch.equal(pool.query(fakes, noise), fakes)
    assert pool.count == 4
    fakes = batches(3, n=2)[2]  # 4 and 5: 4 fills the pool, 5 may come back as an older one
    shown = pool.query(fakes, noise)
    assert pool.count == 5 and shown[0, 0, 0, 0] == 4
    stored, second = sorted(pool.images[:, 0, 0, 0].tolist()), float(shown[1, 0, 0, 0])
    if second == 5:  # shown as it is: the pool keeps 0 to 4
        assert stored == [0, 1, 2, 3, 4]
    else:  # swapped: an older fake is shown and 5 takes its place
        assert second in (0, 1, 2, 3, 4) and stored == sorted({0, 1, 2, 3, 4, 5} - {second})


def test_a_full_pool_returns_stored_fakes_half_the_time_and_keeps_the_newest():
    pool = ImagePool(50, (1, 2, 2), torch.device("cpu"))
    noise = torch.Generator().manual_seed(0)
    fakes = batches(400)
    for f in fakes[:50]:
        pool.query(f, noise)
    older = 0
    for f in fakes[50:]:
        shown = pool.query(f, noise)
        if not torch.equal(shown, f):
            older += 1
            assert shown[0, 0, 0, 0] < f[0, 0, 0, 0]  # an earlier fake, taken from the pool
            assert (pool.images[:, 0, 0, 0] == f[0, 0, 0, 0]).any()  # and the new one took its place
    assert 0.4 < older / 350 < 0.6


def test_the_pool_is_deterministic_given_the_generator_and_resumes_from_its_state():
    def run(pool, noise, fakes):
        return torch.stack([pool.query(f, noise) for f in fakes])

    fakes = batches(30, n=3)
    first = ImagePool(8, (1, 2, 2), torch.device("cpu"))
    second = ImagePool(8, (1, 2, 2), torch.device("cpu"))
    assert torch.equal(run(first, torch.Generator().manual_seed(1), fakes), run(second, torch.Generator().manual_seed(1), fakes))
    assert not torch.equal(run(ImagePool(8, (1, 2, 2), torch.device("cpu")), torch.Generator().manual_seed(2), fakes),
                           run(ImagePool(8, (1, 2, 2), torch.device("cpu")), torch.Generator().manual_seed(1), fakes))
    # stopped after 10 batches and restored into a fresh pool: the rest is the same
    noise = torch.Generator().manual_seed(3)
    straight = ImagePool(8, (1, 2, 2), torch.device("cpu"))
    expected = run(straight, noise, fakes)
    noise = torch.Generator().manual_seed(3)
    stopped = ImagePool(8, (1, 2, 2), torch.device("cpu"))
    head = run(stopped, noise, fakes[:10])
    saved, generator_state = stopped.state_dict(), noise.get_state()
    resumed = ImagePool(8, (1, 2, 2), torch.device("cpu"))
    resumed.load_state_dict(saved["images"].clone(), saved["count"])
    noise = torch.Generator()
    noise.set_state(generator_state)
    assert torch.equal(torch.cat([head, run(resumed, noise, fakes[10:])]), expected)


def test_a_pool_of_zero_shows_the_newest_fakes():
    pool = ImagePool(0, (1, 2, 2), torch.device("cpu"))
    fakes = batches(1, n=3)[0]
    assert torch.equal(pool.query(fakes, torch.Generator()), fakes)


# --- the losses -----------------------------------------------------------------------------------


class Negate(nn.Module):
    def forward(self, x):
        return -x


def test_the_cycle_and_identity_losses_vanish_for_identity_generators(cyclegan_recipe, zoo, unpaired_data):
    scheme = build_scheme(cyclegan_recipe(), zoo=zoo, batch_size=4)
    a, b = unpaired_data.fields["a"][:4], unpaired_data.samples[:4]
    d_a, d_b = scheme.modules["d_a"], scheme.modules["d_b"]
    with torch.no_grad():
        same, fake_a, fake_b = scheme.generator_losses(a, b, nn.Identity(), nn.Identity(), d_a, d_b)
        assert torch.equal(fake_a, b) and torch.equal(fake_b, a)
        assert same["cycle_a"] == same["cycle_b"] == same["identity_a"] == same["identity_b"] == 0
        # two negations undo each other: no cycle loss, but each changes images of its own domain
        negated, _, _ = scheme.generator_losses(a, b, Negate(), Negate(), d_a, d_b)
        assert negated["cycle_a"] == negated["cycle_b"] == 0
        assert negated["identity_a"] > 0 and negated["identity_b"] > 0
        # one negation alone: the cycles no longer close
        broken, _, _ = scheme.generator_losses(a, b, Negate(), nn.Identity(), d_a, d_b)
        assert torch.allclose(broken["cycle_a"], (2 * a).abs().mean()) and torch.allclose(broken["cycle_b"], (2 * b).abs().mean())


def test_the_generators_loss_weighs_cycle_by_lambda_and_identity_by_half_lambda(cyclegan_recipe, zoo, unpaired_data):
    scheme = build_scheme(cyclegan_recipe(), zoo=zoo, batch_size=4)
    a, b = unpaired_data.fields["a"][:4], unpaired_data.samples[:4]
    with torch.no_grad():
        terms, _, _ = scheme.generator_losses(a, b, Negate(), nn.Identity(), scheme.modules["d_a"], scheme.modules["d_b"])
    expected = (terms["gan_ab"] + terms["gan_ba"] + 10 * (terms["cycle_a"] + terms["cycle_b"])
                + 5 * (terms["identity_a"] + terms["identity_b"]))
    assert torch.allclose(terms["g_loss"], expected)
    # the adversarial terms are the paper's least squares, averaged over D's patches
    patches = scheme.modules["d_b"](-a, patches=True)
    assert patches.shape[-2:] == (26, 26)
    assert torch.allclose(terms["gan_ab"], (patches - 1).pow(2).mean())


def test_the_papers_least_squares_is_a_gan_loss():
    check_loss("cyclegan-lsgan")


def test_one_optimiser_trains_both_generators_and_one_both_discriminators(cyclegan_recipe, zoo):
    scheme = build_scheme(cyclegan_recipe(), zoo=zoo, batch_size=4)
    assert set(scheme.modules) == {"g_ab", "g_ba", "d_a", "d_b"} and set(scheme.optimizers) == {"generators", "discriminators"}
    trained = {id(p) for group in scheme.optimizers["generators"].param_groups for p in group["params"]}
    assert trained == {id(p) for name in ("g_ab", "g_ba") for p in scheme.modules[name].parameters()}
    before = {name: [p.clone() for p in module.parameters()] for name, module in scheme.modules.items()}
    scheme.train_step(0, 10)
    for name, module in scheme.modules.items():
        assert all(not torch.equal(old, new) for old, new in zip(before[name], module.parameters())), name
    assert all(p.requires_grad for name in ("d_a", "d_b") for p in scheme.modules[name].parameters())


def test_the_rates_stay_constant_for_half_the_run_then_fall_to_zero(cyclegan_recipe, zoo):
    scheme = build_scheme(cyclegan_recipe(), zoo=zoo, batch_size=4)
    rates = []
    for step in (0, 9, 10, 15, 19):
        scheme.train_step(step, 20)
        rates.append([scheme.optimizers[name].param_groups[0]["lr"] for name in ("generators", "discriminators")])
    assert [rate for pair in rates for rate in pair] == pytest.approx([2e-4] * 6 + [1e-4] * 2 + [2e-5] * 2)
    assert scheme.logs()["lr_factor"] == pytest.approx(0.1)


def test_data_without_two_domains_is_refused(cyclegan_recipe, zoo):
    with pytest.raises(IncompatibleParts, match="two image fields"):
        build_scheme(cyclegan_recipe(dataset="tiny-pairs"), zoo=zoo, batch_size=4)


# --- runs -----------------------------------------------------------------------------------------


def test_stop_and_resume_is_bit_exact_pools_included(cyclegan_recipe, zoo):
    # pools of 5 fed 2 fakes a step: full after 3 of 6 steps, so the resumed half swaps images. The
    # kit's check stops a run by training a shorter one, whose rates would decay sooner: the
    # schedule is checked across a real stop below.
    check_resume(cyclegan_recipe(scheme_options={"pool_size": 5, "decay_from": None}), zoo=zoo, steps=6, batch_size=2)


def test_a_resume_that_forgot_the_pools_would_be_caught(cyclegan_recipe, zoo, monkeypatch):
    monkeypatch.setattr(CycleGAN, "load_state_dict", lambda self, state: None)
    with pytest.raises(AssertionError, match="after resuming"):
        check_resume(cyclegan_recipe(scheme_options={"pool_size": 5, "decay_from": None}), zoo=zoo, steps=6, batch_size=2)


class StopAt:
    """A plugin that stops the run at a step as a user would, with SIGTERM (handled like Ctrl-C)."""

    def __init__(self, step):
        self.step = step

    @hookimpl
    def ganzoo_train_step(self, run, step, logs):
        if step == self.step and run.resumed_from is None:
            os.kill(os.getpid(), signal.SIGTERM)


def test_a_run_stopped_halfway_resumes_exactly_with_its_rates_decaying(cyclegan_recipe, zoo_with, tmp_path):
    from safetensors.torch import load_file

    from ganzoo.training.trainer import TrainOptions, train

    recipe = cyclegan_recipe(scheme_options={"pool_size": 5}, steps=6, batch_size=2, log_every=1, sample_every=100,
                             checkpoint_every=100)
    zoo = zoo_with(StopAt(3))
    straight, stopped = tmp_path / "straight", tmp_path / "stopped"
    train(zoo_with(), recipe, TrainOptions(straight))
    assert train(zoo, recipe, TrainOptions(stopped)).step == 3
    assert train(zoo, recipe, TrainOptions(stopped, resume=True)).step == 6
    logged = [(folder / "metrics.jsonl").read_text() for folder in (straight, stopped)]
    assert logged[0] == logged[1]
    assert [round(json.loads(line)["lr_factor"], 4) for line in logged[0].splitlines()] == [1, 1, 1, 1, 0.6667, 0.3333]
    finals = [load_file(folder / "checkpoint.safetensors") for folder in (straight, stopped)]
    assert finals[0].keys() == finals[1].keys() and any("pool" in key for key in finals[0])
    assert all(torch.equal(finals[0][key], finals[1][key]) for key in finals[0])


def test_cyclegan_trains_end_to_end_and_translates_a_folder_both_ways(cyclegan_recipe, unpaired_data, trains, translate,
                                                                     tmp_path):
    run_dir = tmp_path / "run"
    exported = trains(cyclegan_recipe(), run_dir)
    assert list(exported.inputs) == ["a"] and set(exported.modules) == {"g_ab", "g_ba"}
    images = unpaired_data.fields["a"][:3]
    a2b = translate(run_dir, images)
    b2a = translate(run_dir, images, "--direction", "b2a")
    assert all(o.shape == (28, 28) for o in a2b + b2a)
    for direction, outputs in (("a2b", a2b), ("b2a", b2a)):
        expected = ((exported.generate({"a": images}, direction=direction)[:, 0] + 1) * 127.5).round().numpy()
        assert max(np.abs(o.astype(float) - e).max() for o, e in zip(outputs, expected)) <= 1, direction
    assert any(not np.array_equal(x, y) for x, y in zip(a2b, b2a))  # two generators, two translations
    with pytest.raises(GanzooError, match="direction must be a2b or b2a"):
        exported.generate({"a": images}, direction="sideways")


def test_the_sample_picture_shows_both_directions_and_their_cycles(cyclegan_recipe, zoo, unpaired_data):
    scheme = build_scheme(cyclegan_recipe(), zoo=zoo, batch_size=4)
    inputs = {"a": unpaired_data.fields["a"][:2], "sample": unpaired_data.samples[:2]}
    modules = {name: scheme.modules[name].eval() for name in scheme.exported}
    with torch.no_grad():
        panels = scheme.sample_panels(inputs, modules=modules)
    assert len(panels) == 6 and torch.equal(panels[0], inputs["a"]) and torch.equal(panels[3], inputs["sample"])
