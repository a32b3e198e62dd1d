"""End to end: ``ganzoo train`` a few steps of pix2pix and of CycleGAN on the offline datasets, then
``ganzoo evaluate`` them, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ganzoo import GanzooError
from ganzoo.testing import run_ganzoo
from ganzoo_metrics import translation_metric
from ganzoo_metrics.training import TrainingSettings

NARROW = ["--steps", "3", "--set", "architecture_options.width=8"]


def trained(model: str, folder: Path) -> Path:
    run_ganzoo("train", model, *NARROW, "--out", folder)
    return folder


def test_evaluate_a_pix2pix_run_reports_l1_psnr_ssim_and_the_identity_baseline(tmp_path: Path) -> None:
    run = trained("pix2pix", tmp_path / "pix2pix")
    result = run_ganzoo("evaluate", run, "--n", "100", "--seed", "2", "--json")
    (paired,) = json.loads(result.stdout)["results"]
    assert paired["metric"] == "paired-fidelity" and paired["n_used"] == 100
    for name in ("l1", "psnr", "ssim", "l1_identity", "psnr_identity", "ssim_identity"):
        assert isinstance(paired[name], float)
    assert paired["measured_on"] == "100 training pairs (edges2digits has no test split)"
    table = run_ganzoo("evaluate", run, "--n", "100", "--seed", "2")
    assert "psnr_identity" in table.stdout and "on 100 training pairs (edges2digits has no test split)" in table.stdout
    refused = run_ganzoo("evaluate", run, "--metric", "classifier-fd", check=False)
    assert isinstance(refused.exception, GanzooError)  # one red line from the ganzoo command, no traceback
    assert "classifier-fd measures the datasets mnist, mnist-sample, fashion-mnist, not 'edges2digits'" in str(refused.exception)


def test_evaluate_a_cyclegan_run_reports_fd_to_domain_b_and_the_digits_that_keep_their_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(translation_metric, "TrainingSettings", lambda: TrainingSettings(steps=20, batch_size=32))
    run = trained("cyclegan", tmp_path / "cyclegan")
    result = run_ganzoo("evaluate", run, "--n", "100", "--json")
    (translation,) = json.loads(result.stdout)["results"]
    assert translation["metric"] == "classifier-translation" and translation["n_used"] == 100
    assert {"fd", "fd_floor", "fd_identity", "class_kept"} <= set(translation) and "target_share" not in translation
    assert translation["measured_on"] == "100 training images of domain A (digits-thin2thick has no test split)"
