"""The discriminator of SRGAN (Ledig et al. 2017, figure 4): a VGG-like stack that ends in two
dense layers and one logit.

    k3n64s1 + LeakyReLU(0.2)
    [k3, BN, LeakyReLU(0.2)] with (channels, stride):
        (64, 2) (128, 1) (128, 2) (256, 1) (256, 2) (512, 1) (512, 2)
    dense 1024 + LeakyReLU(0.2), dense 1

The paper's 96×96 crops leave its four stride-2 blocks a 6×6 map. Smaller images cannot be halved
four times and keep a map to speak of, so :func:`strided_blocks_for` takes the most stride-2 blocks
(at most the paper's 4) that leave a map of at least 4×4, and the list above is cut just after the
last of them: 4 at 64 and 96 px, **3 at 28 px** (28 → 14 → 7 → 4, ending with the (256, 2) block),
2 at 14 px. ``width`` scales every layer's channels, the dense layer's 1024 (16·width) included;
the paper's is 64. The final sigmoid is the loss's (ganzoo's losses take logits).
"""

from __future__ import annotations

import torch
from torch import nn

PAPER_WIDTH = 64
# (channels as a multiple of width, stride) of the paper's seven conv-BN-LeakyReLU blocks
PAPER_BLOCKS = ((1, 2), (2, 1), (2, 2), (4, 1), (4, 2), (8, 1), (8, 2))
MAX_STRIDED = 4
SMALLEST_MAP = 4  # the side of the last map that the image must still leave


def halved(side: int, times: int) -> int:
    """A side after ``times`` 3×3 convolutions of stride 2 and padding 1."""
    for _ in range(times):
        side = (side + 1) // 2
    return side


def strided_blocks_for(side: int) -> int:
    """The most stride-2 blocks, from 1 to 4, whose last map is still at least 4 pixels wide."""
    strided = 1
    while strided < MAX_STRIDED and halved(side, strided + 1) >= SMALLEST_MAP:
        strided += 1
    return strided


def blocks_up_to(strided: int) -> tuple[tuple[int, int], ...]:
    """The paper's blocks, cut just after the ``strided``-th of stride 2."""
    if not 1 <= strided <= MAX_STRIDED:
        raise ValueError(f"the SRGAN discriminator takes 1 to {MAX_STRIDED} stride-2 blocks, got {strided}")
    return PAPER_BLOCKS[: 2 * strided - 1]


class SRGANDiscriminator(nn.Module):
    """One logit per (B, channels, height, width) image; the dense layer fixes the image size."""

    def __init__(self, channels: int, height: int, width_px: int, width: int = PAPER_WIDTH, strided: int | None = None) -> None:
        super().__init__()
        if width < 1:
            raise ValueError(f"the discriminator's width must be positive, got {width}")
        strided = strided_blocks_for(min(height, width_px)) if strided is None else strided
        layers: list[nn.Module] = [nn.Conv2d(channels, width, 3, 1, 1), nn.LeakyReLU(0.2)]
        before = width
        for multiple, stride in blocks_up_to(strided):
            after = multiple * width
            layers += [nn.Conv2d(before, after, 3, stride, 1, bias=False), nn.BatchNorm2d(after), nn.LeakyReLU(0.2)]
            before = after
        self.strided = strided
        self.features = nn.Sequential(*layers)
        area = halved(height, strided) * halved(width_px, strided)
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(before * area, 16 * width), nn.LeakyReLU(0.2),
                                        nn.Linear(16 * width, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x)).squeeze(1)
