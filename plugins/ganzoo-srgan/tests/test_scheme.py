"""The srgan scheme stepped by hand: the SRResNet phase, G's loss, the rate drop, PSNR, and the
options it refuses."""

from __future__ import annotations

import pytest
import torch
from torch.nn.functional import softplus

from ganzoo import GanzooError, IncompatibleParts
from ganzoo.testing import build_scheme
from ganzoo_srgan import schedule
from ganzoo_srgan.content import psnr
from ganzoo_srgan.srgan import SRGAN


def weights(module) -> list[torch.Tensor]:
    return [p.detach().clone() for p in module.parameters()]


def changed(before, module) -> bool:
    return any(not torch.equal(a, b) for a, b in zip(before, module.parameters()))


def test_in_the_srresnet_phase_only_g_learns_and_only_from_the_content_loss(srgan_recipe, zoo):
    scheme = build_scheme(srgan_recipe(scheme_options={"pretrain": 0.5}), zoo=zoo, batch_size=4)
    assert isinstance(scheme, SRGAN)
    g, d = scheme.modules["generator"], scheme.modules["discriminator"]
    g_before, d_before = weights(g), weights(d)
    for step in range(5):  # steps 0-4 of 10
        assert scheme.in_pretraining(step, 10)
        scheme.train_step(step, 10)
    assert changed(g_before, g) and not changed(d_before, d)
    assert all(p.grad is None for p in d.parameters())  # D was not even asked
    assert set(scheme.logs()) == {"content", "psnr", "lr"}
    assert not scheme.in_pretraining(5, 10)
    scheme.train_step(5, 10)
    assert changed(d_before, d)
    assert {"content", "psnr", "adversarial", "d_loss", "d_real", "d_fake", "g_loss", "lr"} == set(scheme.logs())


def test_without_pretraining_d_trains_from_the_first_step(srgan_recipe, zoo):
    scheme = build_scheme(srgan_recipe(scheme_options={"pretrain": 0.0}), zoo=zoo, batch_size=4)
    d_before = weights(scheme.modules["discriminator"])
    scheme.train_step(0, 10)
    assert changed(d_before, scheme.modules["discriminator"]) and "d_loss" in scheme.logs()


def test_the_generators_loss_is_content_plus_a_thousandth_of_minus_log_d(srgan_recipe, zoo):
    scheme = build_scheme(srgan_recipe(), zoo=zoo, batch_size=4)
    real = torch.rand(4, 1, 28, 28) * 2 - 1
    fake = torch.rand(4, 1, 28, 28) * 2 - 1
    with torch.no_grad():
        loss = scheme.generator_loss(fake, None, real, None)
        logits = scheme.modules["discriminator"](fake)
    expected = (fake - real).pow(2).mean() + 1e-3 * softplus(-logits).mean()  # −log sigmoid(l) = softplus(−l)
    assert torch.allclose(loss, expected)


def test_the_adversarial_weight_is_an_option(srgan_recipe, zoo):
    scheme = build_scheme(srgan_recipe(scheme_options={"adversarial_weight": 0.5}), zoo=zoo, batch_size=4)
    real, fake = torch.zeros(2, 1, 28, 28), torch.full((2, 1, 28, 28), 0.5)
    with torch.no_grad():
        loss = scheme.generator_loss(fake, None, real, None)
        expected = 0.25 + 0.5 * softplus(-scheme.modules["discriminator"](fake)).mean()
    assert torch.allclose(loss, expected)


def rates(scheme, steps, total):
    found = []
    for step in steps:
        scheme.train_step(step, total)
        found.append({name: optimizer.param_groups[0]["lr"] for name, optimizer in scheme.optimizers.items()})
    return found


def test_the_rates_drop_to_a_tenth_halfway_through_the_adversarial_phase(srgan_recipe, zoo):
    scheme = build_scheme(srgan_recipe(scheme_options={"pretrain": 0.5, "drop_at": 0.5}), zoo=zoo, batch_size=4)
    found = rates(scheme, [0, 9, 10, 14, 15, 19], 20)  # SRResNet 0-9, adversarial 10-19, dropped from 15
    assert [r["generator"] for r in found] == pytest.approx([1e-4, 1e-4, 1e-4, 1e-4, 1e-5, 1e-5])
    assert [r["discriminator"] for r in found] == pytest.approx([1e-4, 1e-4, 1e-4, 1e-4, 1e-5, 1e-5])
    assert scheme.logs()["lr"] == pytest.approx(1e-5)


def test_the_drop_can_be_turned_off_and_combines_with_the_recipes_schedule(srgan_recipe, zoo):
    constant = build_scheme(srgan_recipe(scheme_options={"drop_at": None}), zoo=zoo, batch_size=4)
    assert [r["generator"] for r in rates(constant, [0, 15, 19], 20)] == pytest.approx([1e-4] * 3)
    linear = build_scheme(srgan_recipe(lr_schedule="linear"), zoo=zoo, batch_size=4)
    assert [r["generator"] for r in rates(linear, [0, 14, 15], 20)] == pytest.approx([1e-4, 1e-4 * 0.3, 1e-5 * 0.25])


@pytest.mark.parametrize("total, pretrain, drop_at, start, drop", [(2000, 0.5, 0.5, 1000, 1500), (10, 0.25, 0.5, 3, 7),
                                                                   (8, 0.0, 0.5, 0, 4), (8, 0.5, 0.0, 4, 4), (8, 0.5, 1.0, 4, 8)])
def test_the_phases_follow_from_the_step_alone(total, pretrain, drop_at, start, drop):
    assert schedule.adversarial_from(total, pretrain) == start
    assert schedule.dropped_from(total, pretrain, drop_at) == drop
    factors = [schedule.rate_factor(step, total, pretrain, drop_at) for step in range(total)]
    assert factors == [1.0] * drop + [0.1] * (total - drop)


def test_psnr_is_in_db_over_the_datas_range():
    real = torch.zeros(3, 1, 4, 4)
    assert float(psnr(real + 0.1, real, (-1.0, 1.0))) == pytest.approx(10 * torch.log10(torch.tensor(4 / 0.01)).item(), rel=1e-5)
    assert float(psnr(real + 0.1, real, (0.0, 1.0))) == pytest.approx(20.0, rel=1e-5)
    assert float(psnr(real, real, (-1.0, 1.0))) == pytest.approx(100.0)


@pytest.mark.parametrize(
    "options, message",
    [({"pretrain": 1.0}, "pretrain must be"), ({"drop_at": 1.5}, "drop_at must be"), ({"adversarial_weight": -1}, "adversarial_weight"),
     ({"content": "vgg"}, "content must be one of"), ({"content": "features"}, "needs feature_network=PATH")],
)
def test_options_out_of_range_are_refused(srgan_recipe, zoo, options, message):
    with pytest.raises(GanzooError, match=message):
        build_scheme(srgan_recipe(scheme_options=options), zoo=zoo, batch_size=4)


def test_a_latent_generator_is_refused(srgan_recipe, zoo):
    with pytest.raises(IncompatibleParts, match="upscales an image of the data"):
        build_scheme(srgan_recipe(architecture="dcgan", architecture_options={}, latent_dim=8), zoo=zoo, batch_size=4)
