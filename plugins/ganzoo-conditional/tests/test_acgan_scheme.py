"""The acgan scheme on tiny networks and a fixed batch, stepped by hand."""

import pytest
import torch

from ganzoo import DataSpec, InMemoryData, IncompatibleParts, Recipe
from ganzoo.testing import build_scheme
from ganzoo_conditional.acgan_scheme import AuxiliaryClassifierScheme


def scheme(architecture: str = "acgan", labelled: bool = True, n_critic: int = 1, **options) -> AuxiliaryClassifierScheme:
    torch.manual_seed(0)
    images = torch.rand(8, 1, 28, 28) * 2 - 1
    spec = DataSpec((1, 28, 28), num_classes=4 if labelled else None)
    data = InMemoryData(images, torch.arange(8) % 4 if labelled else None, spec, "fixed test batch")
    recipe = Recipe(architecture=architecture, architecture_options={"width": 4}, loss="non-saturating", dataset="-",
                    scheme="acgan", scheme_options=options, latent_dim=8, lr_g=1e-3, lr_d=1e-3, n_critic=n_critic)
    return build_scheme(recipe, data=data, batch_size=8)


def test_the_class_loss_reaches_the_classifier_head_and_the_generator() -> None:
    trained = scheme()
    trained.train_step(0, 10)
    assert trained.modules["discriminator"].classifier.weight.grad.abs().sum() > 0
    with_head = {name: p.grad.clone() for name, p in trained.modules["generator"].named_parameters()}
    weightless = scheme(class_weight=0.0)
    weightless.train_step(0, 10)
    differs = [not torch.allclose(with_head[name], p.grad) for name, p in weightless.modules["generator"].named_parameters()]
    assert any(differs)


def test_the_classifier_learns_the_classes_of_a_fixed_batch() -> None:
    trained = scheme(class_weight=1.0)
    trained.train_step(0, 21)
    first = trained.logs()["d_class"]
    for step in range(1, 21):
        trained.train_step(step, 21)
    assert trained.logs()["d_class"] < 0.5 * first


def test_the_generator_runs_once_per_discriminator_update_its_last_fakes_reused() -> None:
    trained = scheme(n_critic=2)
    calls = []
    trained.modules["generator"].register_forward_hook(lambda *_: calls.append(1))
    trained.train_step(0, 10)
    assert len(calls) == 2


def test_discriminator_weights_are_frozen_only_during_the_generator_step() -> None:
    trained = scheme()
    trained.train_step(0, 10)
    assert all(p.requires_grad for p in trained.modules["discriminator"].parameters())


def test_a_discriminator_without_a_class_head_is_refused() -> None:
    with pytest.raises(IncompatibleParts, match="auxiliary classifier"):
        scheme(architecture="cdcgan-projection")


def test_unconditional_training_is_refused() -> None:
    with pytest.raises(IncompatibleParts, match="conditional"):
        scheme(labelled=False)
