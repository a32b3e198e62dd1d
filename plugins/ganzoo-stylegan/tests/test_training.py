"""The stylegan2 model end to end from the command line: a short run, then ``ganzoo sample`` with
truncation."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from ganzoo import GanzooError
from ganzoo.plugins import load_zoo
from ganzoo.sampling import load_generator
from ganzoo_stylegan.modulated import CONST


def test_a_short_run_logs_the_regularisers_and_keeps_the_mean_path_length(short_run: Path):
    last = json.loads((short_run / "metrics.jsonl").read_text().splitlines()[-1])
    assert last["step"] == 4 and {"d_loss", "g_loss", "r1_penalty", "pl_penalty", "pl_mean"} <= set(last)
    assert last["pl_mean"] > 0  # measured at step 0
    assert (short_run / "samples.png").exists()


def test_sample_truncates_with_psi(short_run: Path, tmp_path: Path, ganzoo_cli):
    out = tmp_path / "half.npy"
    ganzoo_cli("sample", short_run, "--n", "6", "--seed", "2", "--option", "psi=0.5", "--out", out)
    trained = load_generator(load_zoo(), short_run, "cpu")
    latent = trained.draw_inputs(6, seed=2)["latent"]
    with torch.no_grad():
        expected = trained.modules["generator"](latent, psi=0.5, noise=CONST)
    assert np.array_equal(np.load(out), expected.numpy())
    assert not np.array_equal(np.load(out), trained.sample(6, 2).numpy())  # ψ = 1 differs
    assert torch.equal(trained.sample(6, 2, truncation=0.5), trained.sample(6, 2, psi=0.5))  # --truncation is ψ
    average = trained.sample(6, 2, psi=0)
    assert torch.allclose(average, average[:1].expand_as(average), atol=1e-6)


def test_sample_refuses_a_psi_that_is_not_a_number(short_run: Path, ganzoo_cli):
    result = ganzoo_cli("sample", short_run, "--option", 'psi="high"', check=False)
    assert isinstance(result.exception, GanzooError)
    assert str(result.exception).startswith("--option psi must be a finite number")
