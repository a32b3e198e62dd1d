"""sr-pairs: super-resolution pairs of registered datasets, in memory or drawn on the fly."""

import pytest
import torch
import torch.nn.functional as F

from ganzoo import DataSpec, GanzooError, IncompatibleParts, SampledData
from ganzoo.testing import check_dataset
from ganzoo_mnist.datasets import mnist_sample
from ganzoo_pairs.sr import super_resolution


def test_sr_pairs_of_mnist_sample_by_four_are_seven_by_seven_area_means() -> None:
    data = check_dataset("sr-pairs")
    digits = mnist_sample()
    assert data.spec.shape == (1, 28, 28) and data.spec.fields["low"].shape == (1, 7, 7)
    assert torch.equal(data.samples, digits.samples) and torch.equal(data.labels, digits.labels)  # labels kept
    assert data.spec.num_classes == 10 and data.spec.value_range == (-1.0, 1.0)
    low = data.fields["low"]
    assert torch.allclose(low, F.avg_pool2d(digits.samples, 4), atol=1e-6)
    assert torch.allclose(low[17, 0, 2, 5], digits.samples[17, 0, 8:12, 20:24].mean())
    assert data.spec.metadata == {"task": "super-resolution", "pairing": "paired", "input_field": "low", "target_field": "sample",
                                  "factor": 4, "downsampling": "area", "low_shape": [1, 7, 7], "of": "mnist-sample",
                                  "of_metadata": dict(digits.spec.metadata)}  # the source's licence, kept


def test_bicubic_by_two_keeps_the_range() -> None:
    data = check_dataset("sr-pairs", options={"factor": 2, "downsampling": "bicubic"})
    low = data.fields["low"]
    assert low.shape == (5000, 1, 14, 14) and low.min() >= -1.0 and low.max() <= 1.0
    assert not torch.allclose(low, F.avg_pool2d(data.samples, 2))


def test_a_factor_that_does_not_divide_the_size_says_which_do() -> None:
    with pytest.raises(GanzooError, match=r"factor 8 does not divide the 28×28 images; use 2 or 4"):
        check_dataset("sr-pairs", options={"factor": 8})


@pytest.mark.parametrize(("options", "message"), [
    ({"factor": 3}, "factor must be one of 2, 4, 8; got 3"),
    ({"downsampling": "nearest"}, "downsampling must be one of area, bicubic; got 'nearest'"),
    ({"of": "no-such-dataset"}, "no-such-dataset"),
])
def test_bad_options_are_refused(options, message) -> None:
    with pytest.raises(GanzooError, match=message):
        check_dataset("sr-pairs", options=options)


def test_a_dataset_of_points_or_of_pairs_cannot_be_the_source() -> None:
    points = SampledData(draw=lambda n, generator, device: (torch.randn(n, 2, generator=generator), None),
                         spec=DataSpec((2,)), source="points")
    with pytest.raises(IncompatibleParts, match=r"super-resolution needs images \(channels, height, width\), but the samples are 2"):
        super_resolution(points, 2, "area", name="test")
    with pytest.raises(IncompatibleParts, match="already has the field"):
        check_dataset("sr-pairs", options={"of": "edges2digits"})


def test_of_options_reach_the_source_dataset(tmp_path, helpers) -> None:
    for i in range(3):
        helpers.save(tmp_path / f"{i}.png", (60 * i, 0, 0), size=(16, 16))
    data = check_dataset("sr-pairs", options={"of": "image-folder", "of_options": {"size": 16}}, data_dir=tmp_path)
    assert data.samples.shape == (3, 3, 16, 16) and data.fields["low"].shape == (3, 3, 4, 4)


def test_data_drawn_on_the_fly_are_shrunk_at_each_draw() -> None:
    def draw(n, generator, device):
        images = torch.rand(n, 3, 8, 8, generator=generator) * 2 - 1
        return images, torch.randint(5, (n,), generator=generator)

    source = SampledData(draw=draw, spec=DataSpec((3, 8, 8), num_classes=5), source="noise")
    data = check_dataset(super_resolution(source, 2, "area", name="test"))
    drawn = data.draw(4, torch.Generator().manual_seed(3), torch.device("cpu"))
    assert set(drawn) == {"sample", "label", "low"} and drawn["low"].shape == (4, 3, 4, 4)
    assert torch.allclose(drawn["low"], F.avg_pool2d(drawn["sample"], 2))
