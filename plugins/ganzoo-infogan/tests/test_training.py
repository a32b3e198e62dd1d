"""The infogan model end to end: trained from the command line, a traversal picture, exact resumes,
and ``ganzoo sample`` with fixed codes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from ganzoo import GanzooError
from ganzoo.images import grid
from ganzoo.plugins import load_zoo
from ganzoo.sampling import load_generator
from ganzoo.testing import check_resume


def test_a_short_run_logs_the_information_and_draws_a_traversal(short_run: Path):
    lines = [json.loads(line) for line in (short_run / "metrics.jsonl").read_text().splitlines()]
    assert lines[-1]["step"] == 30 and {"info_loss", "code_accuracy"} <= set(lines[-1])
    with Image.open(short_run / "samples.png") as picture:  # 10 categories down, 10 values of c1 across
        assert picture.size == grid(torch.zeros(100, 1, 28, 28), (-1.0, 1.0), 10).size


def test_stopping_and_resuming_changes_nothing():
    check_resume("infogan", steps=6, batch_size=8)


def test_sample_fixes_the_code_from_the_command_line(short_run: Path, tmp_path: Path, ganzoo_cli):
    out = tmp_path / "threes.npy"
    ganzoo_cli("sample", short_run, "--n", "8", "--seed", "2", "--option", "code=3", "--option", "c1=-1.0", "--out", out)
    trained = load_generator(load_zoo(), short_run, "cpu")
    inputs = trained.draw_inputs(8, seed=2)
    latent = trained.scheme.layout.with_codes(inputs["latent"], 3, {0: -1.0})
    with torch.no_grad():
        expected = trained.modules["generator"](latent)
    assert np.array_equal(np.load(out), expected.numpy())
    assert not np.array_equal(np.load(out), trained.sample(8, 2, code=4).numpy())


def test_sample_refuses_a_code_out_of_range(short_run: Path, ganzoo_cli):
    result = ganzoo_cli("sample", short_run, "--option", "code=12", check=False)
    assert isinstance(result.exception, GanzooError)
    assert str(result.exception) == "--option code must be a whole number from 0 to 9, got 12"
