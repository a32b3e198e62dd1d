"""FD, KID and IS against torchmetrics' implementations, fed the same LeNet features and logits
(the shipped mnist-sample classifier) in float64, so that only the formulas differ. torchmetrics is
no dependency of ganzoo: this runs where it happens to be installed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch
from torch import nn

from ganzoo.plugins import Zoo
from ganzoo_metrics.classifier import Classifier, cached_classifier
from ganzoo_metrics.frechet import frechet_distance
from ganzoo_metrics.inception_score import inception_score
from ganzoo_metrics.kid import kernel_distance
from ganzoo_metrics.splits import registered_splits
from ganzoo_metrics.training import TrainingSettings

their_fid = pytest.importorskip("torchmetrics.image.fid")
their_kid = pytest.importorskip("torchmetrics.image.kid")
their_is = pytest.importorskip("torchmetrics.image.inception")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:torchmetrics.*")  # its notes on buffers and one split

AGREE = 1e-7  # relative; measured: 5e-9 for FD, 0 for KID and IS (the plugin's README)


class InFloat64(nn.Module):
    """One of the classifier's outputs, in float64, as a torchmetrics feature extractor."""

    num_features = 128  # read by FrechetInceptionDistance instead of running a dummy image

    def __init__(self, output: Callable[[torch.Tensor], torch.Tensor]) -> None:
        super().__init__()
        self.output = output

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.output(images).double()


@pytest.fixture(scope="module")
def measured(zoo: Zoo, tmp_path_factory: pytest.TempPathFactory) -> tuple[Classifier, torch.Tensor, torch.Tensor]:
    """The shipped classifier, the 500 held-out digits and 500 training digits of every class moved 2 pixels right."""
    splits = registered_splits(zoo, "mnist-sample")
    classifier = cached_classifier(splits, tmp_path_factory.mktemp("cache"), 0, TrainingSettings(), torch.device("cpu"), "")
    moved = splits.train.samples[::9][:500].roll(2, dims=-1)
    return classifier, splits.held_out.samples, moved


def relative(ours: float, theirs: torch.Tensor) -> float:
    return abs(ours - float(theirs)) / abs(float(theirs))


def test_the_frechet_distance_agrees_with_torchmetrics(measured) -> None:
    classifier, real, fake = measured
    theirs = their_fid.FrechetInceptionDistance(feature=InFloat64(classifier.network.features))
    theirs.update(real, real=True)
    theirs.update(fake, real=False)
    ours = frechet_distance(classifier.features(fake).double(), classifier.features(real).double())
    assert relative(ours, theirs.compute()) < AGREE


def test_kid_agrees_with_torchmetrics_on_one_subset_of_the_whole_sets(measured) -> None:
    """Both draw subsets at random, each its own way; a subset as large as the sets is the sets."""
    classifier, real, fake = measured
    theirs = their_kid.KernelInceptionDistance(feature=InFloat64(classifier.network.features), subsets=1, subset_size=500)
    theirs.update(real, real=True)
    theirs.update(fake, real=False)
    ours = kernel_distance(classifier.features(fake), classifier.features(real), torch.Generator())
    assert ours.subsets == 1 and relative(ours.mean, theirs.compute()[0]) < AGREE


def test_the_inception_score_agrees_with_torchmetrics_in_one_split(measured) -> None:
    classifier, real, fake = measured
    for images in (real, fake):
        theirs = their_is.InceptionScore(feature=InFloat64(classifier.network), splits=1)
        theirs.update(images)
        with torch.no_grad():
            ours = inception_score(classifier.network(images).double().softmax(dim=1))
        assert relative(ours, theirs.compute()[0]) < AGREE
