"""WGAN-GP's penalty: one ε per sample, and the gradient norm per sample, as Gulrajani et al. define it."""

import pytest
import torch

from ganzoo.errors import GanzooError
from ganzoo_losses.wasserstein import gradient_penalty


class ScaledLinearCritic:
    """D(x)_i = s_i · Σ_j w_j·x_ij: linear in x, with a gradient s_i·w that differs from sample to
    sample, so the per-sample norms |s_i|·‖w‖ are known whatever the interpolates are."""

    def __init__(self, w: list[float], scales: list[float]) -> None:
        self.w = torch.tensor(w)
        self.scales = torch.tensor(scales)
        self.inputs: list[torch.Tensor] = []

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        self.inputs.append(x.detach().clone())
        return self.scales * (x.flatten(1) @ self.w.flatten())


def test_the_norm_is_taken_per_sample_not_over_the_batch() -> None:
    # w = [[3, 4]] has norm 5; the per-sample gradients are 1·w and 0.2·w, norms 5 and 1.
    critic = ScaledLinearCritic([[3.0, 4.0]], scales=[1.0, 0.2])
    real, fake = torch.randn(2, 1, 2), torch.randn(2, 1, 2)
    # Per sample: mean((5 − 1)², (1 − 1)²) = (16 + 0) / 2 = 8.
    # A norm over the whole batch gradient would be ‖[3, 4, 0.6, 0.8]‖ = √26, giving (√26 − 1)² ≈ 16.8.
    assert gradient_penalty(critic, real, fake).item() == pytest.approx(8.0)


def test_the_loss_scales_the_penalty_by_gp_weight(build_loss) -> None:
    critic = ScaledLinearCritic([[3.0, 4.0]], scales=[1.0, 0.2])
    real, fake = torch.randn(2, 1, 2), torch.randn(2, 1, 2)
    assert build_loss("wgan-gp").discriminator_penalty(critic, real, fake).item() == pytest.approx(80.0)
    assert build_loss("wgan-gp", gp_weight=0.5).discriminator_penalty(critic, real, fake).item() == pytest.approx(4.0)


def test_each_sample_is_interpolated_with_its_own_epsilon() -> None:
    critic = ScaledLinearCritic([[1.0] * 6], scales=[1.0] * 8)
    real = torch.randn(8, 2, 3)
    fake = real + 1 + torch.rand(8, 2, 3)  # differs from real in every element, so ε can be read back
    torch.manual_seed(0)
    gradient_penalty(critic, real, fake)
    (interpolates,) = critic.inputs
    # x̂ = ε·x + (1 − ε)·x̃  ⇒  ε = (x̂ − x̃) / (x − x̃), element by element.
    epsilon = ((interpolates - fake) / (real - fake)).flatten(1)
    per_sample = epsilon[:, 0]
    assert torch.allclose(epsilon, per_sample[:, None].expand_as(epsilon), atol=1e-5)
    assert ((per_sample >= 0) & (per_sample <= 1)).all()
    assert len(set(per_sample.tolist())) == 8


def test_the_penalty_reaches_the_critic_weights() -> None:
    # D(x) = Σ w·x has gradient w everywhere: penalty (‖w‖ − 1)², derivative 2(‖w‖ − 1)·w/‖w‖.
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    penalty = gradient_penalty(lambda x: x.flatten(1) @ w, torch.randn(4, 2), torch.randn(4, 2))
    (grad,) = torch.autograd.grad(penalty, w)
    assert penalty.item() == pytest.approx(16.0)
    assert grad.tolist() == pytest.approx([2 * 4 * 3 / 5, 2 * 4 * 4 / 5])


def test_a_negative_gp_weight_is_refused(build_loss) -> None:
    with pytest.raises(GanzooError, match="gp_weight"):
        build_loss("wgan-gp", gp_weight=-1.0)
