"""Doubling and halving the side of feature maps with StyleGAN2's [1, 3, 3, 1] filter.

Both are depthwise convolutions with the separable 4×4 kernel f ⊗ f, f = [1, 3, 3, 1] / 8, and
read zeros beyond the border, as the reference's ``upfirdn2d`` does:

- doubling is a transposed convolution of stride 2 with 4·(f ⊗ f): inside the picture it is
  bilinear interpolation, each new pixel ¾ of its nearer and ¼ of its farther neighbour;
- halving blurs with f ⊗ f and keeps every second pixel: each output pixel weighs a 4×4
  neighbourhood 1, 3, 3, 1 along each axis.

They are linear, so the gradients the regularisers take of gradients pass through them.
"""

from __future__ import annotations

import torch
from torch.nn import functional as F

TAPS = (1.0, 3.0, 3.0, 1.0)


def _kernel(x: torch.Tensor, gain: float) -> torch.Tensor:
    f = torch.tensor(TAPS, dtype=x.dtype, device=x.device)
    f = f / f.sum()
    return (torch.outer(f, f) * gain).expand(x.shape[1], 1, len(TAPS), len(TAPS))


def upsample(x: torch.Tensor) -> torch.Tensor:
    """``(N, C, H, W)`` → ``(N, C, 2H, 2W)``."""
    return F.conv_transpose2d(x, _kernel(x, 4.0), stride=2, padding=1, groups=x.shape[1])


def downsample(x: torch.Tensor) -> torch.Tensor:
    """``(N, C, H, W)`` → ``(N, C, H/2, W/2)`` for even H and W."""
    return F.conv2d(x, _kernel(x, 1.0), stride=2, padding=1, groups=x.shape[1])
