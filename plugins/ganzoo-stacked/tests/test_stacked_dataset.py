"""stacked-mnist: three random digits as channels, labelled by their triple."""

import subprocess
import sys
from importlib.metadata import entry_points

import pytest
import torch

from ganzoo import DataSpec, GanzooError, InMemoryData, SampledData
from ganzoo_stacked import dataset
from ganzoo_stacked.dataset import stacked_mnist

CPU = torch.device("cpu")


@pytest.fixture
def grey_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    """mnist replaced by 30 images, image i of digit i % 10 and filled with the grey level i / 100."""
    labels = torch.arange(30) % 10
    samples = (torch.arange(30) / 100)[:, None, None, None].expand(30, 1, 28, 28).clone()
    data = InMemoryData(samples, labels, DataSpec((1, 28, 28), (-1.0, 1.0), 10), "30 grey digits")
    monkeypatch.setattr(dataset, "mnist", lambda data_dir=None, split="train": data)


def test_each_channel_is_a_digit_and_the_label_is_their_triple(grey_digits: None) -> None:
    data = stacked_mnist()
    assert isinstance(data, SampledData) and data.spec == DataSpec((3, 28, 28), (-1.0, 1.0), 1_000)
    images, labels = data.draw(500, torch.Generator().manual_seed(0), CPU)
    assert images.shape == (500, 3, 28, 28) and labels.shape == (500,)
    picked = (images[:, :, 0, 0] * 100).round().long()  # which of the 30 images fills each channel
    assert torch.equal(images, (picked / 100)[:, :, None, None].expand(-1, -1, 28, 28))
    digits = picked % 10
    assert torch.equal(labels, digits[:, 0] * 100 + digits[:, 1] * 10 + digits[:, 2])


def test_draws_are_reproducible_and_spread_over_the_modes(grey_digits: None) -> None:
    data = stacked_mnist()
    first = data.draw(20_000, torch.Generator().manual_seed(1), CPU)[1]
    assert torch.equal(first, data.draw(20_000, torch.Generator().manual_seed(1), CPU)[1])
    counts = torch.bincount(first, minlength=1_000)
    assert (counts > 0).all() and counts.max() < 3 * counts.float().mean()


def test_it_is_built_from_the_shipped_sample_when_offline() -> None:
    data = stacked_mnist()
    assert "stacks of three random digits from fallback to the 5,000-digit MNIST sample" in data.source
    images, labels = data.draw(4, torch.Generator().manual_seed(0), CPU)
    assert images.min() >= -1 and images.max() <= 1 and int(labels.max()) < 1_000
    with pytest.raises(GanzooError, match="test"):
        stacked_mnist(split="test")


def test_the_plugin_declares_the_dataset_without_importing_torch() -> None:
    code = "import ganzoo_stacked.plugin, sys; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
    (entry,) = [e for e in entry_points(group="ganzoo") if e.name == "stacked"]
    assert entry.value == "ganzoo_stacked.plugin"
