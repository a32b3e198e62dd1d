"""How close answers are to their targets, on images mapped to [0, 1]:

- ``l1``: the mean absolute difference over every pixel, channel and image;
- ``psnr`` = 10·log₁₀(1 / MSE) dB with a data range of 1, per image, then averaged over images as
  super-resolution papers do; an exact answer has MSE 0 and an infinite PSNR;
- ``ssim``: :func:`ganzoo_metrics.ssim.ssim`, averaged over images.

The differences are taken in float64, a few hundred images at a time.
"""

from __future__ import annotations

import torch

from ganzoo_metrics.ssim import ssim

CHUNK = 256


def to_unit(images: torch.Tensor, value_range: tuple[float, float]) -> torch.Tensor:
    """``images`` in ``value_range`` mapped linearly to [0, 1]."""
    low, high = value_range
    return (images.float() - low) / (high - low)


def mean_absolute_error(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Per image ``(n,)``: the mean of |x − y| over channels and pixels."""
    return (x.double() - y.double()).abs().flatten(1).mean(dim=1)


def psnr(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Per image ``(n,)``: −10·log₁₀(MSE) dB for images in [0, 1]; ``inf`` where x equals y."""
    return -10 * torch.log10((x.double() - y.double()).square().flatten(1).mean(dim=1))


def fidelity(answers: torch.Tensor, targets: torch.Tensor) -> dict[str, float]:
    """``l1``, ``psnr`` and ``ssim`` of ``answers`` against ``targets``, both ``(n, C, H, W)`` in [0, 1]."""
    per_image: dict[str, list[torch.Tensor]] = {"l1": [], "psnr": [], "ssim": []}
    for start in range(0, len(targets), CHUNK):
        x, y = answers[start : start + CHUNK], targets[start : start + CHUNK]
        per_image["l1"].append(mean_absolute_error(x, y))
        per_image["psnr"].append(psnr(x, y))
        per_image["ssim"].append(ssim(x, y))
    return {name: float(torch.cat(values).mean()) for name, values in per_image.items()}
