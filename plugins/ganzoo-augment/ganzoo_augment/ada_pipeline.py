"""The transformations of ADA (Karras et al. 2020, "Training Generative Adversarial Networks with
Limited Data"), each applied to an image with probability p, with the paper's strengths.

Geometric, composed into one affine map per image and applied in a single bilinear resampling
with mirrored borders (the paper filters with wavelets to avoid aliasing; at 28-64 pixels bilinear
sampling is what this plugin does instead):

- ``xflip``: mirror left-right;
- ``rotate90``: rotate by 0, 90, 180 or 270 degrees, uniformly;
- ``xint``: translate by whole pixels, uniform in ±1/8 of the width and of the height;
- ``scale``: scale both axes by 2^N(0, 0.2²);
- ``rotate``: rotate by a uniform angle in ±180 degrees, drawn twice (before and after ``aniso``),
  each with probability 1 − √(1 − p), so that at least one happens with probability p;
- ``aniso``: scale the width by s = 2^N(0, 0.2²) and the height by 1/s;
- ``xfrac``: translate by N(0, (1/8)²) of the width and of the height.

Colour, for values in [-1, 1] (0 is mid-grey):

- ``brightness``: add N(0, 0.2²);
- ``contrast``: multiply by 2^N(0, 0.5²);
- ``saturation``: scale each pixel's distance from its mean over channels by 2^N(0, 1); grey
  images (one channel) have no saturation, and are left as they are.

The paper's further colour transformations (luma flip, hue rotation) and its image-space filtering
and additive noise are not implemented. An image no transformation picked is returned unchanged,
bit for bit, so that p = 0 is the identity.
"""

from __future__ import annotations

import math

import torch
from torch.nn import functional

from ganzoo_augment.names import ADA_COLOUR


INTEGER_SHIFT = 0.125
SCALE_STD = 0.2
ANISO_STD = 0.2
FRACTION_SHIFT_STD = 0.125
BRIGHTNESS_STD = 0.2
CONTRAST_STD = 0.5
SATURATION_STD = 1.0


class Draws:
    """The random numbers of one batch: ``picked(p)`` says which images a transformation applies
    to, ``uniform`` and ``normal`` give its parameters, one per image."""

    def __init__(self, n: int, generator: torch.Generator, device: torch.device) -> None:
        self.n, self.generator, self.device = n, generator, device

    def picked(self, p: torch.Tensor) -> torch.Tensor:
        return torch.rand(self.n, generator=self.generator, device=self.device) < p

    def uniform(self, low: float, high: float) -> torch.Tensor:
        return low + (high - low) * torch.rand(self.n, generator=self.generator, device=self.device)

    def normal(self, std: float) -> torch.Tensor:
        return std * torch.randn(self.n, generator=self.generator, device=self.device)

    def integers(self, high: int) -> torch.Tensor:
        return torch.randint(high, (self.n,), generator=self.generator, device=self.device)


def affine(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor, d: torch.Tensor,
           tx: torch.Tensor | float = 0.0, ty: torch.Tensor | float = 0.0) -> torch.Tensor:
    """The 3×3 matrices of x' = a·x + b·y + tx, y' = c·x + d·y + ty, one per image."""
    zero, one = torch.zeros_like(a), torch.ones_like(a)
    rows = [[a, b, zero + tx], [c, d, zero + ty], [zero, zero, one]]
    return torch.stack([torch.stack(row, dim=-1) for row in rows], dim=-2)


def scaling(sx: torch.Tensor, sy: torch.Tensor) -> torch.Tensor:
    zero = torch.zeros_like(sx)
    return affine(sx, zero, zero, sy)


def rotation(angle: torch.Tensor) -> torch.Tensor:
    cos, sin = torch.cos(angle), torch.sin(angle)
    return affine(cos, -sin, sin, cos)


def translation(tx: torch.Tensor, ty: torch.Tensor) -> torch.Tensor:
    one, zero = torch.ones_like(tx), torch.zeros_like(tx)
    return affine(one, zero, zero, one, tx, ty)


def flip(draws: Draws, height: int, width: int) -> torch.Tensor:
    return scaling(1 - 2 * draws.integers(2).float(), torch.ones(draws.n, device=draws.device))


def quarter_turns(draws: Draws, height: int, width: int) -> torch.Tensor:
    return rotation(draws.integers(4).float() * (math.pi / 2))


def integer_shift(draws: Draws, height: int, width: int) -> torch.Tensor:
    return translation(torch.round(draws.uniform(-INTEGER_SHIFT, INTEGER_SHIFT) * width),
                       torch.round(draws.uniform(-INTEGER_SHIFT, INTEGER_SHIFT) * height))


def isotropic(draws: Draws, height: int, width: int) -> torch.Tensor:
    factor = torch.exp2(draws.normal(SCALE_STD))
    return scaling(factor, factor)


def turn(draws: Draws, height: int, width: int) -> torch.Tensor:
    return rotation(draws.uniform(-math.pi, math.pi))


def anisotropic(draws: Draws, height: int, width: int) -> torch.Tensor:
    factor = torch.exp2(draws.normal(ANISO_STD))
    return scaling(factor, 1 / factor)


def fractional_shift(draws: Draws, height: int, width: int) -> torch.Tensor:
    return translation(draws.normal(FRACTION_SHIFT_STD) * width, draws.normal(FRACTION_SHIFT_STD) * height)


MATRICES = {"xflip": flip, "rotate90": quarter_turns, "xint": integer_shift, "scale": isotropic, "rotate": turn,
            "aniso": anisotropic, "xfrac": fractional_shift}
GEOMETRIC_ORDER = ("xflip", "rotate90", "xint", "scale", "rotate", "aniso", "rotate", "xfrac")  # the paper's


def warp(images: torch.Tensor, matrices: torch.Tensor) -> torch.Tensor:
    """Each image resampled where its matrix maps the output's pixel centres (in pixels from the
    centre), bilinearly, with borders mirrored; in float32, since coordinates in half precision
    would be off by a fraction of a pixel."""
    n, _, height, width = images.shape
    ys = torch.arange(height, device=images.device, dtype=matrices.dtype) + 0.5 - height / 2
    xs = torch.arange(width, device=images.device, dtype=matrices.dtype) + 0.5 - width / 2
    y, x = torch.meshgrid(ys, xs, indexing="ij")
    points = torch.stack([x.reshape(-1), y.reshape(-1), torch.ones_like(x).reshape(-1)])  # (3, height·width)
    source = (matrices @ points)[:, :2]  # (n, 2, height·width)
    scale = torch.tensor([width / 2, height / 2], device=images.device, dtype=matrices.dtype)[None, :, None]
    grid = (source / scale).transpose(1, 2).reshape(n, height, width, 2)
    warped = functional.grid_sample(images.float(), grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    return warped.to(images.dtype)


def transform_geometry(images: torch.Tensor, chosen: tuple[str, ...], draws: Draws, p: torch.Tensor) -> torch.Tensor:
    """The chosen geometric transformations, in the paper's order, composed per image into one map
    from the output's pixels to the input's and applied in one resampling."""
    n, _, height, width = images.shape
    matrices = torch.eye(3, device=images.device).expand(n, 3, 3)
    moved = torch.zeros(n, dtype=torch.bool, device=images.device)
    for name in (name for name in GEOMETRIC_ORDER if name in chosen):
        picked = draws.picked(1 - torch.sqrt(1 - p) if name == "rotate" else p)
        matrix = torch.where(picked[:, None, None], MATRICES[name](draws, height, width), torch.eye(3, device=images.device))
        matrices, moved = matrices @ matrix, moved | picked
    return torch.where(moved[:, None, None, None], warp(images, matrices), images)


def transform_colour(images: torch.Tensor, chosen: tuple[str, ...], draws: Draws, p: torch.Tensor) -> torch.Tensor:
    """Brightness, contrast and saturation as chosen, in that order; images in [-1, 1]."""
    for name in ADA_COLOUR:
        if name in chosen:
            picked = draws.picked(p)[:, None, None, None]
            images = torch.where(picked, COLOURS[name](images, draws), images)
    return images


def brightness(images: torch.Tensor, draws: Draws) -> torch.Tensor:
    return images + draws.normal(BRIGHTNESS_STD)[:, None, None, None]


def contrast(images: torch.Tensor, draws: Draws) -> torch.Tensor:
    return images * torch.exp2(draws.normal(CONTRAST_STD))[:, None, None, None]


def saturation(images: torch.Tensor, draws: Draws) -> torch.Tensor:
    mean = images.mean(dim=1, keepdim=True)
    return mean + (images - mean) * torch.exp2(draws.normal(SATURATION_STD))[:, None, None, None]


COLOURS = {"brightness": brightness, "contrast": contrast, "saturation": saturation}
