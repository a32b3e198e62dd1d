"""StyleGAN2's regularisers and its lazy schedule for them (Karras et al. 2020, sections 3.1-3.2).

- R1 (Mescheder et al. 2018) on real images: γ/2 · ‖∇_x D(x)‖², per sample.
- Path-length regularisation on G: with y ~ N(0, I) an image-shaped direction scaled by
  1/√(H·W), each sample's length ‖J_wᵀ y‖ = ‖∇_w (G(w)·y)‖ is pushed towards a, the running
  mean of the lengths: (‖J_wᵀ y‖ − a)². With one w per layer, the squares are summed over w's
  components and averaged over the layers before the root, as in the authors' code.

Lazy regularisation computes a regulariser only every k-th update of its network, in an update of
its own, multiplied by k so that its strength over time is unchanged. Adam then sees k + 1
updates where there were k, so its rate and betas are corrected by c = k / (k + 1): lr·c, β^c.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch


def r1_penalty(gradient: torch.Tensor) -> torch.Tensor:
    """‖∇_x D(x)‖² of each sample ``(N,)``, from the gradient of D's summed logits with respect to
    the real batch."""
    return gradient.square().flatten(1).sum(1)


def path_lengths(gradient: torch.Tensor) -> torch.Tensor:
    """‖J_wᵀ y‖ of each sample ``(N,)``, from the gradient ``(N, layers, w_dim)`` of Σ G(w)·y with
    respect to the w of every layer: summed over w's components, averaged over the layers."""
    return gradient.square().sum(2).mean(1).sqrt()


def path_length_direction(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """y: normal noise of the images' shape divided by √(H·W), drawn with ``generator``."""
    height, width = images.shape[-2:]
    return torch.randn(images.shape, generator=generator, device=images.device) / (height * width) ** 0.5


def lazy_optimizer_settings(settings: Mapping[str, Any], interval: int) -> dict[str, Any]:
    """``settings`` (``lr`` and ``betas`` among them) corrected for a regulariser applied in an
    update of its own every ``interval`` updates: lr·c and β^c with c = interval / (interval + 1)."""
    ratio = interval / (interval + 1)
    beta1, beta2 = settings["betas"]
    return {**settings, "lr": settings["lr"] * ratio, "betas": (beta1**ratio, beta2**ratio)}
