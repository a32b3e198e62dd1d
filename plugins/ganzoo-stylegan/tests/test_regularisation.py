"""R1, the path length and the lazy corrections, against hand computations on tiny networks."""

from __future__ import annotations

import torch

from ganzoo_stylegan.regularisation import lazy_optimizer_settings, path_length_direction, path_lengths, r1_penalty


def test_r1_is_the_squared_norm_of_ds_gradient_and_trains_d():
    # D(x) = Σ a·x² over each sample's pixels: ∇D = 2a·x, ‖∇D‖² = 4a²·Σx², ∂/∂a = 8a·Σx².
    a = torch.tensor(0.7, requires_grad=True)
    x = torch.randn(3, 1, 4, 4, generator=torch.Generator().manual_seed(0)).requires_grad_(True)
    logits = (a * x.square()).flatten(1).sum(1)
    (gradient,) = torch.autograd.grad(logits.sum(), x, create_graph=True)
    penalty = r1_penalty(gradient)
    squares = x.detach().square().flatten(1).sum(1)
    assert torch.allclose(penalty, 4 * 0.49 * squares)
    penalty.sum().backward()
    assert torch.allclose(a.grad, 8 * 0.7 * squares.sum())


def test_path_lengths_are_the_norms_of_j_transposed_y_averaged_over_layers():
    # G(w) = Σ_l M_l w_l, an image of 6 pixels from 3 layers' w of 4: J_lᵀ y = M_lᵀ y.
    generator = torch.Generator().manual_seed(0)
    maps = torch.randn(3, 6, 4, generator=generator)
    ws = torch.randn(2, 3, 4, generator=generator, requires_grad=True)
    images = torch.einsum("lpk,nlk->np", maps, ws).reshape(2, 1, 2, 3)
    y = path_length_direction(images, torch.Generator().manual_seed(1))
    assert torch.equal(y, torch.randn(2, 1, 2, 3, generator=torch.Generator().manual_seed(1)) / 6**0.5)
    (gradient,) = torch.autograd.grad((images * y).sum(), ws, create_graph=True)
    by_hand = torch.stack([
        torch.stack([(maps[layer].T @ y[n].flatten()).square().sum() for layer in range(3)]).mean().sqrt() for n in range(2)
    ])
    assert torch.allclose(path_lengths(gradient), by_hand, atol=1e-6)


def test_lazy_regularisation_corrects_adams_rate_and_betas():
    settings = lazy_optimizer_settings({"lr": 0.0025, "betas": (0.0, 0.99), "kind": "adam"}, 16)
    assert settings["kind"] == "adam"
    assert settings["lr"] == 0.0025 * 16 / 17
    assert settings["betas"] == (0.0, 0.99 ** (16 / 17))
