"""The acgan update on tiny networks and a fixed batch, without the trainer."""

from contextlib import nullcontext

import pytest
import torch

from ganzoo import DataSpec, InMemoryData, IncompatibleParts
from ganzoo.plugins import load_zoo
from ganzoo.training.batches import Batches
from ganzoo.training.step import UpdateContext
from ganzoo_conditional import acgan, projection
from ganzoo_conditional.acgan_update import AuxiliaryClassifierUpdate

SPEC = DataSpec((1, 28, 28), num_classes=4)


def context(build=acgan.build, num_classes: int | None = 4) -> UpdateContext:
    torch.manual_seed(0)
    networks = build(SPEC, 8, width=4)
    images = torch.rand(8, 1, 28, 28) * 2 - 1
    data = InMemoryData(images, torch.arange(8) % 4, SPEC, "fixed test batch")
    G, D = networks.generator, networks.discriminator
    return UpdateContext(
        generator=G,
        discriminator=D,
        discriminator_module=D,
        optimizer_g=torch.optim.Adam(G.parameters(), lr=1e-3),
        optimizer_d=torch.optim.Adam(D.parameters(), lr=1e-3),
        loss=load_zoo().registry.get("loss", "non-saturating").build(),
        sampler=lambda n, latent_dim, *, generator, device: torch.randn(n, latent_dim, generator=generator),
        batches=Batches(data, batch_size=8, seed=0, device=torch.device("cpu")),
        latent_dim=8,
        n_critic=1,
        num_classes=num_classes,
        noise=torch.Generator().manual_seed(0),
        autocast=nullcontext,
        device=torch.device("cpu"),
    )


def test_the_classifier_learns_the_classes_of_a_fixed_batch() -> None:
    update = AuxiliaryClassifierUpdate(context(), class_weight=1.0)
    update.step()
    first = update.logs()["d_class"]
    for _ in range(20):
        update.step()
    assert update.logs()["d_class"] < 0.5 * first


def test_the_class_loss_reaches_the_classifier_head_and_the_generator() -> None:
    c = context()
    update = AuxiliaryClassifierUpdate(c)
    update.step()
    assert c.discriminator.classifier.weight.grad.abs().sum() > 0
    head_free = {name: p.grad.clone() for name, p in c.generator.named_parameters()}
    weightless = context()
    AuxiliaryClassifierUpdate(weightless, class_weight=0.0).step()
    differs = [not torch.allclose(head_free[name], p.grad) for name, p in weightless.generator.named_parameters()]
    assert any(differs)


def test_the_generator_runs_once_per_discriminator_update_its_last_fakes_reused() -> None:
    c = context()
    c.n_critic = 2
    calls = []
    c.generator.register_forward_hook(lambda *_: calls.append(1))
    AuxiliaryClassifierUpdate(c).step()
    assert len(calls) == 2


def test_discriminator_weights_are_frozen_only_during_the_generator_step() -> None:
    c = context()
    AuxiliaryClassifierUpdate(c).step()
    assert all(p.requires_grad for p in c.discriminator.parameters())


def test_a_discriminator_without_a_class_head_is_refused() -> None:
    with pytest.raises(IncompatibleParts, match="auxiliary classifier"):
        AuxiliaryClassifierUpdate(context(build=projection.build))


def test_unconditional_training_is_refused() -> None:
    with pytest.raises(IncompatibleParts, match="conditional architecture"):
        AuxiliaryClassifierUpdate(context(num_classes=None))
