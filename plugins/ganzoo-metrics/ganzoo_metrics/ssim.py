"""The structural similarity index (Wang, Bovik, Sheikh & Simoncelli 2004), as the authors define it.

For images in [0, 1] (data range L = 1), local statistics are taken under an 11×11 Gaussian window
of σ = 1.5, normalised to sum 1, at every position where it fits wholly inside the image (no
padding, as in the authors' reference code):

    SSIM(x, y) = (2 μx μy + C₁)(2 σxy + C₂) / ((μx² + μy² + C₁)(σx² + σy² + C₂)),
    C₁ = (0.01 L)², C₂ = (0.03 L)²

with σx² = E[x²] − μx² and σxy = E[xy] − μx μy under the window. The map is averaged over positions
and channels for each image. An image smaller than 11 pixels a side gets a window as large as the
image, with the same σ. Two equal images score exactly 1. The window is separable, so it is applied
as a column, then a row, in float64.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

WINDOW = 11
SIGMA = 1.5
K1, K2 = 0.01, 0.03


def ssim(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Per image ``(n,)`` for ``x`` and ``y`` of shape ``(n, C, H, W)`` with values in [0, 1]."""
    x, y = x.double(), y.double()
    mean_x, mean_y, mean_xx, mean_yy, mean_xy = local_means(torch.stack([x, y, x * x, y * y, x * y]))
    var_x = mean_xx - mean_x * mean_x
    var_y = mean_yy - mean_y * mean_y
    covariance = mean_xy - mean_x * mean_y
    c1, c2 = K1**2, K2**2
    similarity = ((2 * mean_x * mean_y + c1) * (2 * covariance + c2)) / (
        (mean_x * mean_x + mean_y * mean_y + c1) * (var_x + var_y + c2)
    )
    return similarity.flatten(1).mean(dim=1)


def local_means(images: torch.Tensor) -> torch.Tensor:
    """Gaussian-weighted means of ``images`` ``(..., H, W)`` at every position the window fits."""
    height, width = images.shape[-2:]
    line = gaussian_line(min(WINDOW, height, width), SIGMA)
    flat = images.reshape(-1, 1, height, width)
    blurred = F.conv2d(F.conv2d(flat, line.view(1, 1, -1, 1)), line.view(1, 1, 1, -1))
    return blurred.reshape(*images.shape[:-2], *blurred.shape[-2:])


def gaussian_line(size: int, sigma: float) -> torch.Tensor:
    """``size`` samples of a Gaussian of standard deviation ``sigma`` centred on the middle, summing
    to 1 (float64); the 2-D window is its outer product with itself."""
    offsets = torch.arange(size, dtype=torch.float64) - (size - 1) / 2
    line = torch.exp(-offsets.square() / (2 * sigma**2))
    return line / line.sum()
