"""The discriminator's building blocks from the mode-collapse literature."""

from __future__ import annotations

import torch
from torch import nn


class LinearMaxout(nn.Module):
    """A maxout unit (Goodfellow et al. 2013): ``pieces`` affine maps per output, keep the largest."""

    def __init__(self, in_features: int, out_features: int, pieces: int) -> None:
        super().__init__()
        self.out_features, self.pieces = out_features, pieces
        self.linear = nn.Linear(in_features, out_features * pieces)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x).view(x.shape[0], self.out_features, self.pieces).max(dim=2).values


class MinibatchDiscrimination(nn.Module):
    """Minibatch discrimination (Salimans et al. 2016, section 3.2): features that tell D how close
    each sample is to the others in its batch, so that a generator collapsed onto one point is
    easy to spot.

    The input features ``f(x_i)`` (``in_features`` each) are projected by a learnt tensor into
    ``kernels`` rows of ``kernel_dim`` numbers, ``M_i,b``; the output for sample ``i`` is, for each
    kernel ``b``, ``o(x_i)_b = Σ_j exp(-‖M_i,b - M_j,b‖₁)`` over the whole batch (``j = i``
    included, as in the paper: it adds the constant 1). D appends these ``kernels`` numbers to
    ``f(x_i)``. The projection starts as N(0, 0.05²), the scale of the paper's code.
    """

    def __init__(self, in_features: int, kernels: int, kernel_dim: int) -> None:
        super().__init__()
        self.kernels, self.kernel_dim = kernels, kernel_dim
        self.projection = nn.Parameter(0.05 * torch.randn(in_features, kernels * kernel_dim))

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        rows = (features @ self.projection).view(-1, self.kernels, self.kernel_dim).transpose(0, 1)
        distances = torch.cdist(rows, rows, p=1)  # (kernels, batch, batch)
        return torch.exp(-distances).sum(dim=2).transpose(0, 1)
