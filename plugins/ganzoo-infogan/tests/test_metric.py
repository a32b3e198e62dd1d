"""code-class-accuracy through the contract ``ganzoo evaluate`` uses: a known answer from a
generator that draws real digits by code, a trained run, and the runs it does not measure."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

from ganzoo import DataSpec, GanzooError, InMemoryData, Scheme
from ganzoo.evaluation import EvaluationContext, applicable_metrics
from ganzoo.plugins import Zoo, load_zoo
from ganzoo.sampling import TrainedGenerator, load_generator
from ganzoo.testing import build_scheme
from ganzoo_infogan.codes import CodeLayout
from ganzoo_infogan.metric import NAME, CodeClassAccuracy
from ganzoo_metrics.training import TrainingSettings

QUICK = TrainingSettings(steps=150, batch_size=64)  # a classifier good enough to tell the shipped digits apart
ORDER = [3, 7, 0, 9, 1, 4, 8, 2, 6, 5]  # the class each code draws


@pytest.fixture(scope="module")
def zoo() -> Zoo:
    return load_zoo()


class DigitsByCode(nn.Module):
    """Real digits of class ``ORDER[k]`` for every latent vector whose categorical code is k."""

    def __init__(self, layout: CodeLayout, digits: InMemoryData) -> None:
        super().__init__()
        self.layout = layout
        self.by_class = [digits.samples[digits.labels == label] for label in range(10)]

    def forward(self, latent: torch.Tensor) -> torch.Tensor:
        classes = [ORDER[code] for code in self.layout.category(latent).tolist()]
        return torch.stack([self.by_class[label][row] for row, label in enumerate(classes)])


def context_for(zoo: Zoo, scheme: Scheme, generator: nn.Module, dataset: str = "mnist-sample", n: int = 300) -> EvaluationContext:
    """The context ``ganzoo evaluate`` would give for ``scheme`` with ``generator`` trained on ``dataset``."""
    c = scheme.context
    trained = TrainedGenerator(scheme=scheme, modules={"generator": generator}, sampler=c.sampler, recipe=c.recipe,
                               spec=c.spec, device=c.device, step=0)
    return EvaluationContext(zoo, trained, dataset, n, seed=0)


def test_codes_that_draw_one_class_each_are_matched_to_their_classes(zoo, noise_digits):
    scheme = build_scheme("infogan", data=noise_digits)
    digits = zoo.registry.get("dataset", "mnist-sample").build(data_dir=None)
    result = CodeClassAccuracy(training=QUICK).evaluate(context_for(zoo, scheme, DigitsByCode(scheme.layout, digits)))
    assert result["assignment"] == ORDER and result["accuracy"] > 0.9
    assert result["n_used"] == 300 and result["seed"] == 0 and len(result["classifier"]["sha256"]) == 64


def test_a_trained_run_is_measured_reproducibly(zoo, short_run: Path):
    trained = load_generator(zoo, short_run, "cpu")
    measure = lambda: CodeClassAccuracy(training=QUICK).evaluate(EvaluationContext(zoo, trained, "mnist-sample", 200, seed=1))
    result = measure()
    assert 0 <= result["accuracy"] <= 1 and sorted(result["assignment"]) == list(range(10)) and result["n_used"] == 200
    assert measure() == result


def test_it_is_chosen_for_infogan_runs_on_the_mnist_family_only(zoo, noise_digits):
    metric = CodeClassAccuracy(training=QUICK)
    spec = DataSpec((1, 28, 28), (-1.0, 1.0), 10)
    infogan_recipe, vanilla_recipe = (zoo.registry.get("model", name).recipe for name in ("infogan", "vanilla-mlp"))
    for dataset in ("mnist", "mnist-sample", "fashion-mnist"):
        assert metric.applies_to(dataset, spec, recipe=infogan_recipe)
        assert not metric.applies_to(dataset, spec, recipe=vanilla_recipe) and not metric.applies_to(dataset, spec)
    assert not metric.applies_to("cifar10", spec, recipe=infogan_recipe)
    chosen = [name for name, _, _ in applicable_metrics(zoo, "mnist-sample", spec, recipe=infogan_recipe)]
    assert NAME in chosen and NAME not in [name for name, _, _ in applicable_metrics(zoo, "mnist-sample", spec,
                                                                                      recipe=vanilla_recipe)]
    infogan = build_scheme("infogan", data=noise_digits)
    with pytest.raises(GanzooError, match="code-class-accuracy measures the datasets mnist, mnist-sample, fashion-mnist, not 'cifar10'"):
        metric.evaluate(context_for(zoo, infogan, infogan.modules["generator"], dataset="cifar10"))
    vanilla = build_scheme("vanilla-mlp", data=noise_digits)
    with pytest.raises(GanzooError, match="measures InfoGAN runs \\(scheme infogan\\), not scheme None"):
        metric.evaluate(context_for(zoo, vanilla, vanilla.modules["generator"]))
