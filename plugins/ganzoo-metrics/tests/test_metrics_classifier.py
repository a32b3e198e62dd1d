"""The classifier cache: trained once per (data, seed, settings), stored as safetensors with its
held-out accuracy, loaded afterwards."""

import json
import re
from pathlib import Path

import pytest
import torch
from safetensors import safe_open

from ganzoo_metrics import classifier as classifier_module
from ganzoo_metrics.classifier import cached_classifier
from ganzoo_metrics.fingerprint import data_fingerprint, weights_sha256
from ganzoo_metrics.splits import LabelledImages, Splits
from ganzoo_metrics.training import TrainingSettings, accuracy, train_classifier

QUICK = TrainingSettings(steps=25, batch_size=32)
CPU = torch.device("cpu")


def brightness_splits(offset: float = 0.0) -> Splits:
    """Four classes of 28×28 images, class k filled with the grey level −0.75 + 0.5k plus noise."""
    noise = torch.Generator().manual_seed(0)
    labels = torch.arange(400) % 4
    samples = (-0.75 + 0.5 * labels.float() + offset)[:, None, None, None] + 0.05 * torch.randn(400, 1, 28, 28, generator=noise)
    samples = samples.clamp(-1, 1)
    return Splits(
        train=LabelledImages(samples[:300], labels[:300], "the first 300", torch.arange(300)),
        held_out=LabelledImages(samples[300:], labels[300:], "the last 100", torch.arange(300, 400)),
        value_range=(-1.0, 1.0),
        num_classes=4,
    )


def cached_files(cache: Path) -> list[Path]:
    return sorted((cache / "classifiers").glob("*.safetensors"))


def test_a_classifier_is_trained_once_and_loaded_the_second_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = cached_classifier(brightness_splits(), tmp_path, 0, QUICK, CPU, "test")
    assert len(cached_files(tmp_path)) == 1

    def no_training(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cached classifier must be loaded, not trained again")

    monkeypatch.setattr(classifier_module, "train_classifier", no_training)
    second = cached_classifier(brightness_splits(), tmp_path, 0, QUICK, CPU, "test")
    assert (second.sha256, second.accuracy) == (first.sha256, first.accuracy)
    images = brightness_splits().held_out.samples
    assert torch.equal(second.features(images), first.features(images))


def test_the_file_is_safetensors_recording_the_held_out_accuracy_and_the_training_data(tmp_path: Path) -> None:
    splits = brightness_splits()
    trained = cached_classifier(splits, tmp_path, 0, QUICK, CPU, "test")
    (path,) = cached_files(tmp_path)
    with safe_open(str(path), framework="pt") as file:
        info = json.loads(file.metadata()["ganzoo_metrics"])
        weights = {name: file.get_tensor(name) for name in file.keys()}
    assert info["accuracy"] == trained.accuracy == accuracy(trained.network, splits.held_out.samples, splits.held_out.labels, CPU)
    assert trained.accuracy > 0.9  # four grey levels are easy
    assert info["held_out"] == "the last 100 (100 images)" and info["trained_on"] == "the first 300 (300 images)"
    assert info["train_fingerprint"] == data_fingerprint(splits.train.samples, splits.train.labels, (-1.0, 1.0))
    assert info["seed"] == 0 and info["settings"] == QUICK.to_dict()
    assert trained.sha256 == weights_sha256(weights)
    assert trained.provenance() == {
        "sha256": trained.sha256,
        "accuracy": trained.accuracy,
        "accuracy_on": "the last 100 (100 images)",
        "trained_on": "the first 300 (300 images)",
        "seed": 0,
    }


def test_another_seed_or_other_images_get_a_classifier_of_their_own(tmp_path: Path) -> None:
    base = cached_classifier(brightness_splits(), tmp_path, 0, QUICK, CPU, "test")
    reseeded = cached_classifier(brightness_splits(), tmp_path, 1, QUICK, CPU, "test")
    shifted = cached_classifier(brightness_splits(offset=0.1), tmp_path, 0, QUICK, CPU, "test")
    assert len(cached_files(tmp_path)) == 3
    assert len({base.sha256, reseeded.sha256, shifted.sha256}) == 3


def test_training_is_a_function_of_the_data_and_the_seed() -> None:
    train = brightness_splits().train
    weights = [
        weights_sha256(train_classifier(train.samples, train.labels, 4, QUICK, seed, CPU, "test").state_dict())
        for seed in (5, 5, 6)
    ]
    assert weights[0] == weights[1] != weights[2]


def test_training_shows_its_rate_and_the_time_left_in_plain_lines_outside_a_terminal(capsys: pytest.CaptureFixture) -> None:
    train = brightness_splits().train
    train_classifier(train.samples, train.labels, 4, TrainingSettings(steps=100, batch_size=8), 0, CPU, "grey levels")
    first, last = capsys.readouterr().err.splitlines()
    line = r"grey levels step {} [\d,.]+ steps/s elapsed \d:\d\d:\d\d left \d:\d\d:\d\d loss \S+"
    assert re.fullmatch(line.format(r"50/100 \(50%\)"), first) and re.fullmatch(line.format(r"100/100 \(100%\)"), last)


def test_the_fingerprint_is_of_the_uint8_images_and_the_labels() -> None:
    """Two loaders scaling the same bytes to [-1, 1] in different ways hash the same."""
    pixels = torch.randint(256, (50, 1, 28, 28), generator=torch.Generator().manual_seed(0), dtype=torch.uint8)
    labels = torch.arange(50) % 10
    one_way = pixels.float() / 127.5 - 1
    another_way = (pixels.double() * (2 / 255) - 1).float()
    fingerprint = data_fingerprint(one_way, labels, (-1.0, 1.0))
    assert data_fingerprint(another_way, labels, (-1.0, 1.0)) == fingerprint
    assert data_fingerprint(one_way.flip(-1), labels, (-1.0, 1.0)) != fingerprint
    assert data_fingerprint(one_way, labels.roll(1), (-1.0, 1.0)) != fingerprint
