"""The mapping network z → w (Karras et al. 2019, section 2; 2020, appendix B), the tracked
average of w, truncation and style mixing.

z is normalised to unit second moment, then passes ``layers`` fully connected layers (the paper's
8, of 512 units) with leaky ReLUs, each with its learning rate multiplied by 0.01. The training
scheme keeps w̄, the average w, as a moving average over its batches (β = 0.995, the reference's);
it is a buffer, so that checkpoints, the generator's moving average and the export carry it.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo_stylegan.layers import EqualLinear

W_AVG_BETA = 0.995


def normalise(z: torch.Tensor, epsilon: float = 1e-8) -> torch.Tensor:
    """Each row divided by the root of its mean square."""
    return z * (z.square().mean(dim=1, keepdim=True) + epsilon).rsqrt()


def truncate(ws: torch.Tensor, w_avg: torch.Tensor, psi: float) -> torch.Tensor:
    """The truncation trick in W: w̄ + ψ(w − w̄). ψ = 1 leaves w alone; ψ = 0 gives every sample w̄."""
    return ws if psi == 1 else w_avg.lerp(ws, psi)


def mix(ws: torch.Tensor, others: torch.Tensor, crossover: int) -> torch.Tensor:
    """Style mixing: the synthesis layers from ``crossover`` on read ``others``' w instead of
    ``ws``'; both are ``(N, num_ws, w_dim)``."""
    layer = torch.arange(ws.shape[1], device=ws.device)[None, :, None]
    return torch.where(layer < crossover, ws, others)


class MappingNetwork(nn.Module):
    def __init__(self, z_dim: int, w_dim: int, layers: int, lr_multiplier: float) -> None:
        super().__init__()
        widths = [z_dim] + [w_dim] * layers
        self.layers = nn.Sequential(*(EqualLinear(a, b, lr_multiplier=lr_multiplier, activate=True)
                                      for a, b in zip(widths, widths[1:])))
        self.register_buffer("w_avg", torch.zeros(w_dim))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """One w ``(N, w_dim)`` per latent vector."""
        return self.layers(normalise(z))

    @torch.no_grad()
    def track(self, w: torch.Tensor) -> None:
        """Move w̄ towards the mean of a batch of w: w̄ ← mean + β(w̄ − mean)."""
        self.w_avg.copy_(w.detach().float().mean(dim=0).lerp(self.w_avg, W_AVG_BETA))
