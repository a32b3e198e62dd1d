"""A few real training steps of each model, through the core's trainer (the conformance kit)."""

import torch

import ganzoo
from ganzoo.testing import check_model


def test_dcgan_trains_on_digits() -> None:
    check_model("dcgan", dataset="mnist-sample")


def test_dcgan_64_trains_on_64_pixel_images() -> None:
    samples = torch.rand(16, 3, 64, 64, generator=torch.Generator().manual_seed(0)) * 2 - 1
    data = ganzoo.InMemoryData(samples, None, ganzoo.DataSpec((3, 64, 64)), "random test images")
    run = check_model("dcgan-64", data=data, architecture_options={"width": 8})
    assert run.data.spec.shape == (3, 64, 64)
