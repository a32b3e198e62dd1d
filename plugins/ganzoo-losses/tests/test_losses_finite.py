"""Every loss gives a finite scalar and finite gradients, also on logits far from zero."""

import pytest
import torch


@pytest.mark.parametrize("scale", [1.0, 50.0])
def test_both_losses_and_their_gradients_are_finite(build_loss, loss_name, scale) -> None:
    loss = build_loss(loss_name)
    noise = torch.Generator().manual_seed(0)
    real = (scale * torch.randn(16, generator=noise)).requires_grad_(True)
    fake = (scale * torch.randn(16, generator=noise)).requires_grad_(True)

    d_loss = loss.discriminator_loss(real, fake)
    needs_real = getattr(loss, "needs_real_logits_for_generator", False)
    g_loss = loss.generator_loss(fake, real if needs_real else None)

    for value in (d_loss, g_loss):
        assert value.shape == () and torch.isfinite(value)
    d_real, d_fake = torch.autograd.grad(d_loss, (real, fake))
    (g_fake,) = torch.autograd.grad(g_loss, fake)
    for grad in (d_real, d_fake, g_fake):
        assert torch.isfinite(grad).all() and grad.abs().sum() > 0


def test_the_gradient_penalty_and_its_gradient_on_the_critic_are_finite(build_loss) -> None:
    torch.manual_seed(0)
    critic = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(12, 8), torch.nn.LeakyReLU(0.2), torch.nn.Linear(8, 1))
    real, fake = torch.randn(5, 3, 2, 2), torch.randn(5, 3, 2, 2)

    penalty = build_loss("wgan-gp").discriminator_penalty(critic, real, fake)

    assert penalty.shape == () and torch.isfinite(penalty) and penalty > 0
    grads = torch.autograd.grad(penalty, list(critic.parameters()), allow_unused=True)
    weight_grads = [g for g in grads if g is not None]
    assert weight_grads and all(torch.isfinite(g).all() for g in weight_grads)
    assert any(g.abs().sum() > 0 for g in weight_grads)
