import pytest
import torch

from ganzoo import GanzooError
from ganzoo_mnist.datasets import mnist_sample


def test_the_sample_is_5000_digits_500_per_class_in_range() -> None:
    data = mnist_sample()
    assert data.samples.shape == (5000, 1, 28, 28)
    assert data.samples.dtype == torch.float32
    assert data.samples.min().item() == -1.0
    assert data.samples.max().item() == 1.0
    assert data.labels is not None and data.labels.dtype == torch.int64
    assert data.labels.bincount().tolist() == [500] * 10
    assert (data.spec.shape, data.spec.value_range, data.spec.num_classes) == ((1, 28, 28), (-1.0, 1.0), 10)
    assert "CC BY-SA 3.0" in data.spec.metadata["licence"]  # for the model cards of what is trained on it
    assert "5,000-digit MNIST sample" in data.source


def test_the_digits_are_real_images_not_blank() -> None:
    # Real MNIST digits cover roughly a fifth of the 28×28 frame with ink.
    ink = (mnist_sample().samples > 0).float().mean().item()
    assert 0.1 < ink < 0.3


def test_the_sample_has_no_test_split() -> None:
    with pytest.raises(GanzooError, match="only a train split"):
        mnist_sample(split="test")


def test_an_unknown_split_is_refused() -> None:
    with pytest.raises(GanzooError, match="unknown split 'validation'"):
        mnist_sample(split="validation")
