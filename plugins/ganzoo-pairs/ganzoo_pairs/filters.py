"""The fixed filters that turn one image into its partner: Sobel edges, a 3×3 dilation, and the
downsampling of super-resolution pairs.

Every function takes and returns float32 tensors of images ``(N, C, H, W)`` and is deterministic, so
a dataset built from them is the same on every load (and a metric may recompute a partner exactly).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

# Sobel's kernels: SOBEL_X responds to a change from left to right, its transpose from top to bottom.
# Each is a smoothing [1, 2, 1] across times a difference [-1, 0, 1] along, which is how they are
# applied below (as sums of shifted views: much faster on a CPU than a 3×3 convolution of one channel).
SOBEL_X = ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1))
SOBEL_Y = tuple(zip(*SOBEL_X))
# An edge is where the Sobel magnitude of the pixels in [0, 1] reaches this: half of what a hard step
# from 0 to 1 gives on both of its sides (4; the largest possible is 4√2). On MNIST's anti-aliased
# strokes that draws each outline about two pixels wide; 1 merges the outlines of thin strokes into
# blobs, 3 breaks them up. The same for every image, so the edge map is a fixed function of it.
EDGE_THRESHOLD = 2.0
EDGE_DESCRIPTION = (
    f"Sobel gradient magnitude of the pixels scaled to [0, 1] (zero padding, 3×3 kernels), thresholded at"
    f" {EDGE_THRESHOLD:g} of a possible {4 * math.sqrt(2):.2f}: edge pixels are +1, the rest -1"
)
CHUNK = 1024  # images filtered at a time: small enough to stay in the CPU's cache, and to bound the memory


def sobel_gradients(images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(gx, gy): each channel of ``images`` (N, C, H, W) correlated with SOBEL_X and SOBEL_Y, the
    image padded with zeros."""
    padded = F.pad(images, (1, 1, 1, 1))
    across = padded[..., :-2, :] + 2 * padded[..., 1:-1, :] + padded[..., 2:, :]  # smoothed down the rows
    down = padded[..., :-2] + 2 * padded[..., 1:-1] + padded[..., 2:]  # smoothed along the rows
    return across[..., 2:] - across[..., :-2], down[..., 2:, :] - down[..., :-2, :]


def sobel_magnitude(images: torch.Tensor) -> torch.Tensor:
    """√(gx² + gy²) of each channel of ``images`` (N, C, H, W), the image padded with zeros."""
    gx, gy = sobel_gradients(images)
    return torch.sqrt(gx * gx + gy * gy)


def edge_map(images: torch.Tensor) -> torch.Tensor:
    """The binary edge map of ``images`` in [-1, 1]: +1 where :func:`sobel_magnitude` of the pixels
    scaled to [0, 1] reaches :data:`EDGE_THRESHOLD`, else -1; same shape and channels."""
    out = torch.empty_like(images)
    for start in range(0, len(images), CHUNK):
        gx, gy = sobel_gradients((images[start : start + CHUNK] + 1.0) / 2.0)
        edges = gx * gx + gy * gy >= EDGE_THRESHOLD**2
        out[start : start + CHUNK] = edges.to(images.dtype) * 2.0 - 1.0
    return out


def dilate(images: torch.Tensor) -> torch.Tensor:
    """Grey-level dilation by a 3×3 square: each pixel becomes the largest value around it, which
    thickens light strokes on a dark ground by one pixel on every side. Outside the image counts as
    nothing (the largest of the neighbours inside it is taken)."""
    out = torch.empty_like(images)
    for start in range(0, len(images), CHUNK):
        padded = F.pad(images[start : start + CHUNK], (1, 1, 1, 1), value=-math.inf)
        rows = torch.maximum(torch.maximum(padded[..., :-2, :], padded[..., 1:-1, :]), padded[..., 2:, :])
        out[start : start + CHUNK] = torch.maximum(torch.maximum(rows[..., :-2], rows[..., 1:-1]), rows[..., 2:])
    return out


def downsample(images: torch.Tensor, factor: int, mode: str, value_range: tuple[float, float]) -> torch.Tensor:
    """``images`` (N, C, H, W) shrunk ``factor`` times in height and width.

    ``"area"`` averages each ``factor``×``factor`` block (what ``interpolate(mode="area")`` does when
    the factor divides the size), so values stay in their range; ``"bicubic"`` is antialiased bicubic
    interpolation, whose overshoot at sharp edges is clamped back into ``value_range``."""
    height, width = images.shape[-2] // factor, images.shape[-1] // factor
    out = images.new_empty((*images.shape[:-2], height, width))
    low, high = value_range
    with torch.no_grad():
        for start in range(0, len(images), CHUNK):
            chunk = images[start : start + CHUNK]
            if mode == "area":
                small = F.interpolate(chunk, size=(height, width), mode="area")
            else:
                small = F.interpolate(chunk, size=(height, width), mode="bicubic", align_corners=False, antialias=True)
            out[start : start + CHUNK] = small.clamp_(low, high)
    return out
