"""BEGAN and EBGAN stepped by hand against their formulas, stopped and resumed exactly, and run
from the command line."""

from __future__ import annotations

import json

import pytest
import torch

from ganzoo import SchemeContext
from ganzoo.testing import build_scheme, check_resume
from ganzoo_began.began import BEGAN


def step(scheme, steps: int = 1) -> dict[str, float]:
    for i in range(steps):
        scheme.train_step(i, 10)
    return scheme.logs()


def test_k_follows_the_papers_update_and_m_its_formula(recipe, zoo):
    scheme = build_scheme(recipe("began", scheme_options={"k_initial": 0.5, "lambda_k": 0.01}), zoo=zoo, batch_size=4)
    logs = step(scheme)
    off_balance = 0.5 * logs["l_real"] - logs["l_fake"]
    assert logs["k_t"] == pytest.approx(0.5 + 0.01 * off_balance, abs=1e-7)
    assert logs["M"] == pytest.approx(logs["l_real"] + abs(off_balance))
    assert scheme.state_dict()["k"].item() == logs["k_t"]


def test_with_k_zero_the_discriminator_only_learns_to_reconstruct_real_pictures(recipe, zoo):
    logs = step(build_scheme(recipe("began"), zoo=zoo, batch_size=4))  # k_0 = 0: L_D = L(x)
    assert logs["d_loss"] == logs["l_real"] and logs["g_loss"] == logs["l_fake"]


@pytest.mark.parametrize("start, end", [(0.0, 1.0), (1.0, 0.0)])
def test_k_is_clipped_to_0_1(recipe, zoo, start, end, monkeypatch):
    scheme = build_scheme(recipe("began", scheme_options={"k_initial": start, "lambda_k": 1e6}), zoo=zoo, batch_size=4)
    # whatever the energies, make the balance push k out of [0, 1]
    sign = 1.0 if end else -1.0
    monkeypatch.setattr(SchemeContext, "mean_over_processes", lambda self, values: torch.tensor([1.0, 0.5 - sign]))
    assert step(scheme)["k_t"] == end


def test_k_moves_with_the_energies_averaged_over_the_processes(recipe, zoo, monkeypatch):
    scheme = build_scheme(recipe("began", scheme_options={"k_initial": 0.5}), zoo=zoo, batch_size=4)
    seen = []

    def averaged(self, values):  # what the mean over torchrun's processes might be
        seen.append(values)
        return torch.tensor([0.6, 0.1])

    monkeypatch.setattr(SchemeContext, "mean_over_processes", averaged)
    logs = step(scheme)
    assert [tuple(values.shape) for values in seen] == [(2,)]  # L(x) and L(G(z)) together, once a step
    assert (logs["l_real"], logs["l_fake"]) == pytest.approx((0.6, 0.1))
    assert logs["k_t"] == pytest.approx(0.5002) and logs["M"] == pytest.approx(0.8)


def test_fakes_above_the_margin_leave_only_the_real_energy_in_ds_loss(recipe, zoo):
    logs = step(build_scheme(recipe("ebgan", scheme_options={"margin": 1e-6}), zoo=zoo, batch_size=4))
    assert logs["energy_fake"] > 1e-6 and logs["d_loss"] == logs["energy_real"]
    assert 0 <= logs["pt"] <= 1 and logs["g_loss"] > 0.1 * logs["pt"]


def test_both_players_learn_each_step(recipe, zoo):
    for model in ("began", "ebgan"):
        scheme = build_scheme(recipe(model), zoo=zoo, batch_size=4)
        before = {name: [p.clone() for p in module.parameters()] for name, module in scheme.modules.items()}
        step(scheme)
        for name, module in scheme.modules.items():
            assert any(not torch.equal(a, b) for a, b in zip(before[name], module.parameters())), (model, name)
            assert all(p.requires_grad for p in module.parameters()), (model, name)


def test_the_rates_halve_when_m_stalls(recipe, zoo):
    scheme = build_scheme(recipe("began", scheme_options={"decay_window": 1}), zoo=zoo, batch_size=4)
    scheme.stall.best = -1.0  # no window can beat it: every window is a stall
    for i in range(3):
        scheme.train_step(i, 10)
    assert scheme.logs()["lr_factor"] == 0.125
    scheme.train_step(3, 10)
    group = scheme.optimizers["generator"].param_groups[0]
    assert group["lr"] == pytest.approx(group["initial_lr"] / 8)


# --- runs -----------------------------------------------------------------------------------------


def test_began_resumes_bit_for_bit_with_k_and_the_stall_window(recipe, zoo):
    # λ_k large enough that k moves visibly; stopped after 3 of 6 steps, inside a window of 2
    check_resume(recipe("began", scheme_options={"lambda_k": 0.1, "decay_window": 2}), zoo=zoo, steps=6, batch_size=4)


def test_a_resume_that_forgot_k_would_be_caught(recipe, zoo, monkeypatch):
    monkeypatch.setattr(BEGAN, "load_state_dict", lambda self, state: None)
    with pytest.raises(AssertionError, match="after resuming"):
        check_resume(recipe("began", scheme_options={"lambda_k": 0.1}), zoo=zoo, steps=6, batch_size=4)


def test_ebgan_resumes_bit_for_bit(recipe, zoo):
    check_resume(recipe("ebgan"), zoo=zoo, steps=4, batch_size=4)


@pytest.mark.parametrize("model, logged", [("began", {"k_t", "M", "l_real", "l_fake"}), ("ebgan", {"pt", "energy_real", "energy_fake"})])
def test_the_recipe_trains_from_the_command_line_and_samples(ganzoo_cli, model, logged, tmp_path):
    """The recipe itself, on the shipped digits, narrowed."""
    run = tmp_path / "run"
    sets = ["architecture_options.width=4", "architecture_options.embedding=8", "log_every=5"]
    ganzoo_cli("train", model, "--steps", 20, "--batch-size", 4, "--out", run, *[a for s in sets for a in ("--set", s)])
    assert {"checkpoint.safetensors", "generator.safetensors", "samples.png"} <= {p.name for p in run.iterdir()}
    lines = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert [line["step"] for line in lines] == [5, 10, 15, 20] and logged <= set(lines[-1])
    ganzoo_cli("sample", run, "--n", 8, "--seed", 1, "--out", tmp_path / "drawn.png")
    ganzoo_cli("sample", run, "--n", 5, "--out", tmp_path / "drawn.npy")
    import numpy as np

    drawn = np.load(tmp_path / "drawn.npy")
    assert drawn.shape == (5, 1, 28, 28) and drawn.min() >= -1 and drawn.max() <= 1
    assert (tmp_path / "drawn.png").stat().st_size > 0
