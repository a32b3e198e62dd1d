"""Each loss against its paper's formula, on small batches worked out by hand.

Real logits [0, 2], fake logits [-2, 0] or [1, 3] unless a test says otherwise. The expected values
below are the formula evaluated by hand, term by term, in the comments.
"""

import math

import pytest
import torch

REAL = torch.tensor([0.0, 2.0])
LOG2 = math.log(2)  # softplus(0)


def test_minimax(build_loss) -> None:
    loss = build_loss("minimax")
    fake = torch.tensor([-2.0, 0.0])
    # D: mean(softplus(-[0, 2])) + mean(softplus([-2, 0]))
    #  = (log 2 + log(1 + e⁻²)) / 2 + (log(1 + e⁻²) + log 2) / 2
    assert loss.discriminator_loss(REAL, fake).item() == pytest.approx(LOG2 + math.log(1 + math.exp(-2)))
    # G: −mean(softplus([-2, 0])) = −(log(1 + e⁻²) + log 2) / 2
    assert loss.generator_loss(fake).item() == pytest.approx(-(math.log(1 + math.exp(-2)) + LOG2) / 2)


def test_non_saturating(build_loss) -> None:
    loss = build_loss("non-saturating")
    fake = torch.tensor([-2.0, 0.0])
    # G: mean(softplus([2, 0])) = (log(1 + e²) + log 2) / 2
    assert loss.generator_loss(fake).item() == pytest.approx((math.log(1 + math.exp(2)) + LOG2) / 2)


def test_lsgan(build_loss) -> None:
    loss = build_loss("lsgan")
    fake = torch.tensor([1.0, 3.0])
    # D: ½·mean([(0−1)², (2−1)²]) + ½·mean([1², 3²]) = ½·1 + ½·5
    assert loss.discriminator_loss(REAL, fake).item() == pytest.approx(3.0)
    # G: ½·mean([(1−1)², (3−1)²]) = ½·2
    assert loss.generator_loss(fake).item() == pytest.approx(1.0)


def test_lsgan_is_zero_when_each_player_gets_its_targets(build_loss) -> None:
    loss = build_loss("lsgan")
    assert loss.discriminator_loss(torch.ones(3), torch.zeros(3)).item() == 0.0
    assert loss.generator_loss(torch.ones(3)).item() == 0.0


@pytest.mark.parametrize("name", ["wgan", "wgan-gp"])
def test_wasserstein(build_loss, name) -> None:
    loss = build_loss(name)
    fake = torch.tensor([1.0, 3.0])
    # D: mean([1, 3]) − mean([0, 2]) = 2 − 1
    assert loss.discriminator_loss(REAL, fake).item() == pytest.approx(1.0)
    # G: −mean([1, 3])
    assert loss.generator_loss(fake).item() == pytest.approx(-2.0)


def test_hinge(build_loss) -> None:
    loss = build_loss("hinge")
    real, fake = torch.tensor([0.0, 2.0, 0.5]), torch.tensor([-2.0, 0.0, 0.5])
    # D: mean(relu([1, −1, 0.5])) + mean(relu([−1, 1, 1.5])) = 1.5/3 + 2.5/3
    assert loss.discriminator_loss(real, fake).item() == pytest.approx(4.0 / 3)
    # G: −mean([−2, 0, 0.5])
    assert loss.generator_loss(fake).item() == pytest.approx(0.5)


def test_ragan(build_loss) -> None:
    loss = build_loss("ragan")
    fake = torch.tensor([-1.0, 1.0])
    # mean(real) = 1, mean(fake) = 0: relative real logits [0, 2] − 0, relative fake logits [−1, 1] − 1.
    # D: mean(softplus(−[0, 2])) + mean(softplus([−2, 0])) = log 2 + log(1 + e⁻²)
    assert loss.discriminator_loss(REAL, fake).item() == pytest.approx(LOG2 + math.log(1 + math.exp(-2)))
    # G: mean(softplus(−[−2, 0])) + mean(softplus([0, 2])) = log(1 + e²) + log 2
    assert loss.generator_loss(fake, REAL).item() == pytest.approx(math.log(1 + math.exp(2)) + LOG2)


def test_ragan_generator_loss_uses_the_real_logits(build_loss) -> None:
    loss = build_loss("ragan")
    assert loss.needs_real_logits_for_generator is True
    fake = torch.tensor([-1.0, 1.0])
    real = REAL.clone().requires_grad_(True)
    g_loss = loss.generator_loss(fake, real)
    (grad,) = torch.autograd.grad(g_loss, real)
    assert grad.abs().sum() > 0
    # Real logits shifted up by 2 to [2, 4], mean 3: relative fake logits [−4, −2], relative real [2, 4].
    # G: mean(softplus([4, 2])) + mean(softplus([2, 4])) = log(1 + e⁴) + log(1 + e²)
    shifted = math.log(1 + math.exp(4)) + math.log(1 + math.exp(2))
    assert loss.generator_loss(fake, REAL + 2).item() == pytest.approx(shifted)


def test_ragan_refuses_to_compute_the_generator_loss_without_real_logits(build_loss) -> None:
    with pytest.raises(ValueError, match="real batch"):
        build_loss("ragan").generator_loss(torch.zeros(2), None)
