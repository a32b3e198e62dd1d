"""The classifiers that ship with ganzoo-metrics: their files are what their sidecars say, a changed
file is refused, they are what a run on their dataset is measured with, and no training happens."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from ganzoo import GanzooError
from ganzoo.plugins import Zoo
from ganzoo.testing import run_ganzoo
from ganzoo_metrics import classifier as classifier_module
from ganzoo_metrics.classifier import cached_classifier, describe
from ganzoo_metrics.fingerprint import weights_sha256
from ganzoo_metrics.shipped import WEIGHTS, shipped_weights
from ganzoo_metrics.splits import registered_splits
from ganzoo_metrics.training import TrainingSettings, accuracy

CPU = torch.device("cpu")
DATASETS = Path("/usr/share/datasets")  # Debian's dataset-fashion-mnist, as on CI
SHIPPED = [
    "mnist-sample",
    pytest.param("fashion-mnist", marks=pytest.mark.skipif(not (DATASETS / "fashion-mnist").is_dir(),
                                                           reason="needs Debian's dataset-fashion-mnist")),
]


def sidecar(name: str) -> dict:
    return json.loads((WEIGHTS / f"{name}.json").read_text())


def test_each_shipped_file_has_the_sha256_its_sidecar_records_which_is_the_weights_sha256() -> None:
    names = sorted(path.stem for path in WEIGHTS.glob("*.safetensors"))
    assert names == ["fashion-mnist", "mnist-sample"]
    for name in names:
        path = WEIGHTS / f"{name}.safetensors"
        recorded = sidecar(name)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded["sha256"] == weights_sha256(load_file(path))
        assert recorded["seed"] == 0 and recorded["settings"] == TrainingSettings().to_dict()


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_classifier_is_the_one_its_dataset_would_train_and_scores_its_recorded_accuracy(
    zoo: Zoo, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(classifier_module, "train_classifier", refuse_to_train)
    splits = registered_splits(zoo, name, DATASETS)
    recorded = sidecar(name)
    described = describe(splits, 0, TrainingSettings())
    assert described == {key: recorded[key] for key in described}  # the same data, seed and settings
    shipped = cached_classifier(splits, tmp_path, 0, TrainingSettings(), CPU, "never shown")
    assert shipped.sha256 == recorded["sha256"] and not (tmp_path / "classifiers").exists()
    assert accuracy(shipped.network, splits.held_out.samples, splits.held_out.labels, CPU) == recorded["accuracy"]


def test_mnist_without_its_full_files_is_the_shipped_digits_and_uses_their_classifier(zoo: Zoo) -> None:
    """Offline, ``mnist`` falls back to the digits of mnist-sample: the same images, the same key."""
    assert describe(registered_splits(zoo, "mnist"), 0, TrainingSettings())["key"] == sidecar("mnist-sample")["key"]


def test_a_changed_shipped_file_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = shutil.copytree(WEIGHTS, tmp_path / "weights")
    path = folder / "mnist-sample.safetensors"
    data = bytearray(path.read_bytes())
    data[-1] ^= 1  # one bit of the last weight
    path.write_bytes(bytes(data))
    recorded = sidecar("mnist-sample")
    expected = f"mnist-sample.safetensors is not the classifier ganzoo-metrics shipped: its sha256 is [0-9a-f]{{16}}…, "
    with pytest.raises(GanzooError, match=expected + f"not {recorded['sha256'][:16]}…; reinstall ganzoo-metrics$"):
        shipped_weights(recorded["key"], folder)
    assert shipped_weights(recorded["key"], WEIGHTS) is not None and shipped_weights("0" * 24, folder) is None


def refuse_to_train(*args: object, **kwargs: object) -> None:
    raise AssertionError("a shipped classifier must be loaded, not trained")


def test_evaluating_a_run_on_the_shipped_digits_trains_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(classifier_module, "train_classifier", refuse_to_train)
    run = tmp_path / "run"
    run_ganzoo("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "2", "--out", run)
    result = run_ganzoo("evaluate", run, "--n", "200", "--json")
    results = json.loads(result.stdout)["results"]
    image_metrics = {"classifier-fd", "classifier-kid", "classifier-is", "class-coverage", "memorisation"}
    assert {r["metric"] for r in results} == image_metrics
    assert {r["classifier"]["sha256"] for r in results} == {sidecar("mnist-sample")["sha256"]}
    assert not (tmp_path / "cache" / "metrics").exists()  # nothing trained, nothing cached
