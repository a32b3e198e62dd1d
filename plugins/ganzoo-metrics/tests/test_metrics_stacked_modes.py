"""Stacked MNIST's modes with a classifier whose answers are known: it reads a digit from an
image's grey level."""

import math

import torch
from torch import nn

from ganzoo_metrics.classifier import Classifier
from ganzoo_metrics.stacked_metric import stacked_modes

LEVELS = torch.linspace(-0.9, 0.9, 10)


class GreyLevelReader(nn.Module):
    """Class d for an image whose mean is closest to LEVELS[d]."""

    def features(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=(1, 2, 3))[:, None]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return -1_000 * (self.features(x) - LEVELS).square()


def stacks(modes: torch.Tensor) -> torch.Tensor:
    """One 3×28×28 image per mode, channel c filled with the grey level of digit c of the mode."""
    digits = torch.stack([modes // 100, modes // 10 % 10, modes % 10], dim=1)
    return LEVELS[digits][:, :, None, None].expand(-1, -1, 28, 28)


READER = Classifier(GreyLevelReader(), "sha", 1.0, {}, torch.device("cpu"))  # type: ignore[arg-type]


def test_every_triple_once_covers_all_1000_modes_uniformly() -> None:
    coverage = stacked_modes(READER, stacks(torch.arange(1_000)))
    assert coverage.covered == 1_000 and abs(coverage.kl) < 1e-12


def test_ten_triples_cover_ten_modes_and_the_channels_are_read_in_order() -> None:
    modes = torch.tensor([7, 70, 700, 123, 321, 999, 0, 450, 45, 504]).repeat(30)
    coverage = stacked_modes(READER, stacks(modes))
    assert coverage.covered == 10 and math.isclose(coverage.kl, math.log(100))
