"""A few real training steps of each model, through the core's trainer (the conformance kit)."""

import pytest

from ganzoo.testing import check_model


@pytest.mark.parametrize("model", ["cgan", "cdcgan-projection", "acgan"])
def test_each_model_trains_on_digits_with_one_sample_row_per_class(model) -> None:
    run = check_model(model, dataset="mnist-sample")
    labels = run.sample_inputs["label"]
    assert labels.unique().tolist() == list(range(10))


def test_the_acgan_model_logs_its_class_losses(tmp_path) -> None:
    check_model("acgan", dataset="mnist-sample", run_dir=tmp_path / "run")
    assert '"d_class"' in (tmp_path / "run" / "metrics.jsonl").read_text()
