"""The datasets made by fixed filters from the shipped MNIST digits and from Fashion-MNIST (a tiny
fake set here; the real one when Debian's package is installed, as on CI)."""

import dataclasses

import pytest
import torch

from ganzoo import GanzooError
from ganzoo.testing import check_dataset
from ganzoo_mnist import sources
from ganzoo_mnist.datasets import mnist_sample
from ganzoo_pairs import common, filters
from ganzoo_pairs.builtin import digits2items, digits_thin2thick, edges2digits, edges2fashion, sneakers2boots

FAKE_LABELS = [7, 7, 7, 9, 9, 0, 3]  # three sneakers, two ankle boots and two others


def rows_as_set(images: torch.Tensor) -> set[bytes]:
    return {row.numpy().tobytes() for row in images}


def test_edges2digits_pairs_each_shipped_digit_with_its_edge_map() -> None:
    data = check_dataset("edges2digits")
    digits = mnist_sample()
    assert data.spec.shape == (1, 28, 28) and data.spec.num_classes == 10
    assert set(data.spec.fields) == {"input"} and data.spec.fields["input"].shape == (1, 28, 28)
    assert torch.equal(data.samples, digits.samples) and torch.equal(data.labels, digits.labels)
    edges = data.fields["input"]
    assert torch.equal(edges, filters.edge_map(digits.samples))
    assert set(edges.unique().tolist()) == {-1.0, 1.0}
    assert data.spec.metadata["pairing"] == "paired" and data.spec.metadata["input_field"] == "input"
    assert "threshold" in data.spec.metadata["edges"]


def test_the_digit_datasets_have_no_test_split() -> None:
    for factory in (edges2digits, digits_thin2thick, digits2items):
        with pytest.raises(GanzooError, match="has only a train split"):
            factory(split="test")


def test_digits_thin2thick_makes_two_unpaired_halves_of_the_digits() -> None:
    data = check_dataset("digits-thin2thick")
    assert data.spec.num_classes is None and data.labels is None
    assert set(data.spec.fields) == {"a"} and len(data) == 2500
    assert data.spec.metadata["pairing"] == "unpaired" and "must not rely on the row pairing" in data.spec.metadata["note"]
    digits = mnist_sample().samples
    thin, thick = data.fields["a"], data.samples
    assert rows_as_set(thin) == rows_as_set(digits[0::2])  # domain A: the even digits as written, each once
    assert rows_as_set(thick) == rows_as_set(filters.dilate(digits[1::2]))  # domain B: the odd ones made bold
    assert (thick > 0).sum() > 1.5 * (thin > 0).sum()  # bold means more ink
    assert not torch.equal(thick, filters.dilate(thin))  # the rows are no pairs
    assert (data.spec.metadata["source_a"], data.spec.metadata["source_b"]) == ("mnist-sample", "mnist-sample")
    assert "classes_a" not in data.spec.metadata and "classes_b" not in data.spec.metadata  # every digit in both


def test_unpaired_rows_repeat_the_smaller_domain_evenly_or_truncate_the_larger() -> None:
    a, b = torch.arange(3).float(), torch.arange(100, 107).float()
    rows_a, rows_b = common.unpaired_rows(a, b, "repeat")
    assert len(rows_a) == len(rows_b) == 7
    assert sorted(rows_b.tolist()) == b.tolist()  # every image of B once
    assert sorted(torch.bincount(rows_a.long()).tolist()) == [2, 2, 3]  # every image of A twice or three times
    rows_a, rows_b = common.unpaired_rows(a, b, "truncate")
    assert sorted(rows_a.tolist()) == a.tolist() and len(rows_b) == 3 and len(set(rows_b.tolist())) == 3
    again_a, again_b = common.unpaired_rows(a, b, "truncate")
    assert torch.equal(rows_a, again_a) and torch.equal(rows_b, again_b)  # the same rows on every load


@pytest.mark.parametrize("balance", common.BALANCES)
def test_the_first_rows_of_each_domain_hold_distinct_images(balance: str) -> None:
    """What the metrics rely on to take each image once: the first min(count, rows) rows."""
    a, b = torch.arange(3).float(), torch.arange(100, 107).float()
    rows_a, rows_b = common.unpaired_rows(a, b, balance)
    for images, rows in ((a, rows_a), (b, rows_b)):
        first = rows[: min(len(images), len(rows))].tolist()
        assert len(set(first)) == len(first) and (len(first) < len(images) or sorted(first) == images.tolist())


def test_unpaired_rows_shuffle_each_domain_on_its_own() -> None:
    items = torch.arange(50)
    rows_a, rows_b = common.unpaired_rows(items, items.clone(), "repeat")
    assert sorted(rows_a.tolist()) == sorted(rows_b.tolist()) == items.tolist()
    assert not torch.equal(rows_a, items) and not torch.equal(rows_a, rows_b)


def test_a_wrong_balance_is_refused() -> None:
    with pytest.raises(GanzooError, match="balance must be one of repeat, truncate; got 'evenly'"):
        digits_thin2thick(balance="evenly")


def test_edges2fashion_from_a_fake_fashion_mnist(tmp_path, helpers) -> None:
    data = check_dataset("edges2fashion", data_dir=helpers.fake_fashion(tmp_path, FAKE_LABELS))
    assert data.labels.tolist() == FAKE_LABELS and len(data) == 7
    assert torch.equal(data.fields["input"], filters.edge_map(data.samples))
    assert "Fashion-MNIST's train split" in data.source


def test_edges2fashion_reads_the_test_split_too(tmp_path, helpers) -> None:
    data = edges2fashion(data_dir=helpers.fake_fashion(tmp_path, [1, 2], split="test"), split="test")
    assert data.labels.tolist() == [1, 2]


def square_sides(images: torch.Tensor) -> list[int]:
    """The side of each fake item's square, which says its label (``4 + label``)."""
    return (images[:, 0] > 0).sum(dim=(1, 2)).sqrt().round().long().tolist()


def test_sneakers2boots_from_a_fake_fashion_mnist(tmp_path, helpers) -> None:
    folder = helpers.fake_fashion(tmp_path, FAKE_LABELS)
    data = check_dataset("sneakers2boots", data_dir=folder)
    assert len(data) == 3  # the three sneakers, with the two boots repeated
    assert square_sides(data.fields["a"]) == [4 + 7] * 3 and square_sides(data.samples) == [4 + 9] * 3
    assert data.spec.metadata["count_a"] == 3 and data.spec.metadata["count_b"] == 2
    assert {key: data.spec.metadata[key] for key in ("source_a", "source_b", "classes_a", "classes_b")} == {
        "source_a": "fashion-mnist", "source_b": "fashion-mnist", "classes_a": [7], "classes_b": [9]}
    assert "the smaller domain repeated" in data.source
    truncated = sneakers2boots(data_dir=folder, balance="truncate")
    assert len(truncated) == 2 and "cut to a random subset" in truncated.source


def test_sneakers2boots_without_boots_is_an_empty_domain(tmp_path, helpers) -> None:
    with pytest.raises(GanzooError, match=r"holds no ankle boots \(class 9\); both domains need images"):
        sneakers2boots(data_dir=helpers.fake_fashion(tmp_path, [7, 7, 1]))


def test_digits2items_from_a_fake_fashion_mnist(tmp_path, helpers) -> None:
    data = check_dataset("digits2items", data_dir=helpers.fake_fashion(tmp_path, FAKE_LABELS))
    assert len(data) == 5000  # the digits outnumber the seven items, which repeat
    assert rows_as_set(data.fields["a"]) == rows_as_set(mnist_sample().samples)
    sides = square_sides(data.samples)  # each of the seven items 714 or 715 times
    assert {side: sides.count(side) for side in set(sides)} == pytest.approx({11: 3 * 714.3, 13: 2 * 714.3, 4: 714.3, 7: 714.3}, abs=2)
    assert data.spec.metadata["domain_b"].startswith("Fashion-MNIST items")
    assert (data.spec.metadata["source_a"], data.spec.metadata["source_b"]) == ("mnist-sample", "fashion-mnist")
    assert "classes_b" not in data.spec.metadata  # every item class


@pytest.mark.parametrize("factory", [edges2fashion, sneakers2boots, digits2items])
def test_without_fashion_mnist_the_error_says_how_to_get_it(factory) -> None:
    with pytest.raises(GanzooError, match=r"made from Fashion-MNIST, which could not be loaded: .*apt-get install dataset-fashion-mnist.*--data-dir"):
        factory()


@pytest.fixture
def real_fashion(monkeypatch: pytest.MonkeyPatch, helpers) -> None:
    if not helpers.fashion_dir.is_dir():
        pytest.skip(f"{helpers.fashion_dir} absent (apt-get install dataset-fashion-mnist)")
    monkeypatch.setattr(sources, "FASHION_MNIST", dataclasses.replace(sources.FASHION_MNIST, system_dirs=(helpers.fashion_dir,)))


def test_the_real_edges2fashion(real_fashion) -> None:
    data = check_dataset("edges2fashion")
    assert data.samples.shape == (60000, 1, 28, 28) and data.fields["input"].shape == (60000, 1, 28, 28)
    assert data.labels.bincount().tolist() == [6000] * 10


def test_the_real_sneakers2boots(real_fashion) -> None:
    data = check_dataset("sneakers2boots")
    assert len(data) == 6000 and data.spec.metadata["count_a"] == data.spec.metadata["count_b"] == 6000


def test_the_real_digits2items(real_fashion) -> None:
    data = check_dataset("digits2items", options={"balance": "truncate"})
    assert len(data) == 5000 and data.spec.metadata["count_b"] == 60000
