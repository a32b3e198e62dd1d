"""The infogan scheme on the real networks: what each player minimises, what a step logs, and what
a fixed code feeds the generator."""

from __future__ import annotations

import pytest
import torch

from ganzoo import GanzooError, IncompatibleParts, InMemoryData
from ganzoo.parts import LATENT, SAMPLE
from ganzoo.testing import build_scheme
from ganzoo_infogan.information import information_loss
from ganzoo_infogan.scheme import InfoGAN


@pytest.fixture
def scheme(noise_digits: InMemoryData) -> InfoGAN:
    return build_scheme("infogan", data=noise_digits)


def first_layer_inputs(scheme: InfoGAN, **options) -> torch.Tensor:
    """What G's first layer is fed when the scheme generates from 6 drawn latents with ``options``."""
    generator = scheme.modules["generator"].eval()
    seen = []
    hook = generator.body[0].register_forward_pre_hook(lambda layer, inputs: seen.append(inputs[0]))
    latent = scheme.context.latent(6)
    with torch.no_grad():
        scheme.generate({LATENT: latent}, modules=scheme.modules, **options)
    hook.remove()
    return seen[0]


def test_a_fixed_code_feeds_g_that_category_and_fixed_continuous_codes_their_values(scheme):
    fed = first_layer_inputs(scheme, code=3, c1=0.5)
    assert torch.equal(fed[:, 62:72], torch.eye(10)[[3] * 6])
    assert (fed[:, 72] == 0.5).all() and len(set(fed[:, 73].tolist())) == 6  # c2 still drawn
    drawn = first_layer_inputs(scheme, c2=-1.0)
    assert len(set(drawn[:, 62:72].argmax(dim=1).tolist())) > 1 and (drawn[:, 73] == -1.0).all()


@pytest.mark.parametrize("options", [{"code": 10}, {"code": -1}, {"code": 2.5}, {"code": True}, {"code": "3"}])
def test_a_code_out_of_range_is_an_error(scheme, options):
    with pytest.raises(GanzooError, match="--option code must be a whole number from 0 to 9"):
        first_layer_inputs(scheme, **options)


@pytest.mark.parametrize("value", ["x", float("inf"), True])
def test_a_continuous_code_must_be_a_finite_number(scheme, value):
    with pytest.raises(GanzooError, match="--option c1 must be a finite number"):
        first_layer_inputs(scheme, c1=value)


def test_both_players_losses_carry_the_information_term(scheme):
    batch = scheme.context.next_batch()
    latent, _ = scheme.fake_inputs(batch, 8)
    fake = scheme.generator(latent)
    real = batch[SAMPLE][:8]
    d_loss, real_logits, fake_logits = scheme.discriminator_loss(real, None, fake.detach(), None)
    _, recognised = scheme.discriminator(fake.detach(), recognise=True)
    information = information_loss(recognised, latent, scheme.layout, 1.0, 1.0)
    assert d_loss.item() == pytest.approx((scheme.context.loss.discriminator_loss(real_logits, fake_logits) + information).item())
    g_loss = scheme.generator_loss(fake, None, real, None)
    assert g_loss.item() == pytest.approx((scheme.context.loss.generator_loss(fake_logits, None) + information).item())


def test_q_learns_only_through_the_information_term(noise_digits):
    def q_after_a_step(**weights) -> list[torch.Tensor]:
        scheme = build_scheme("infogan", data=noise_digits, scheme_options=weights)
        scheme.train_step(0, 1)
        logs = scheme.logs()
        assert {"d_loss", "g_loss", "info_loss", "code_accuracy"} <= set(logs) and 0 <= logs["code_accuracy"] <= 1
        return [p.detach().clone() for p in scheme.modules["discriminator"].recognition.parameters()]

    untrained = [p.detach().clone() for p in build_scheme("infogan", data=noise_digits).modules["discriminator"].recognition.parameters()]
    assert all(torch.equal(a, b) for a, b in zip(untrained, q_after_a_step(categorical_weight=0.0, continuous_weight=0.0)))
    assert not all(torch.equal(a, b) for a, b in zip(untrained, q_after_a_step()))


def test_the_scheme_refuses_networks_without_a_recognition_head(noise_digits):
    with pytest.raises(IncompatibleParts, match="recognition head Q"):
        build_scheme("infogan", data=noise_digits, architecture="dcgan", latent_dim=74)
    with pytest.raises(GanzooError, match="weights must be zero or positive"):
        build_scheme("infogan", data=noise_digits, scheme_options={"continuous_weight": -1.0})
