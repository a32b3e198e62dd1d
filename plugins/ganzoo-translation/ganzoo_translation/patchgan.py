"""The PatchGAN discriminator of pix2pix and CycleGAN (Isola et al. 2017, section 3.2.2; Zhu et al.
2017, section 4): a fully convolutional net that says, for every patch of the image, whether that
patch is real. The paper's 70×70 PatchGAN for 256 px images is C64-C128-C256-C512 then a
convolution to one channel: ``layers`` = 3 convolutions of stride 2, then two of stride 1, all 4×4,
LeakyReLU 0.2, norm on all but the first and the last. Its output is a map of logits, one per
overlapping 70×70 patch.

Receptive field: with ``layers`` = n stride-2 convolutions and the two of stride 1 it is
r(n) = 2·r(n − 1) + 2 with r(0) = 7: 7, 16, 34, 70, 142, 286 pixels (:func:`field_of`). 70 px is 27 % of a
256 px side; the default picks the n whose field is nearest that share of the image's shorter
side (on a log scale), :func:`layers_for`:

=========  ======  ==================
side       layers  field (share)
=========  ======  ==================
28 px      0       7 px (25 %)
32 px      0       7 px (22 %)
64 px      1       16 px (25 %)
128 px     2       34 px (27 %)
256 px     3       70 px (27 %)
=========  ======  ==================

With ``layers`` = 0 (the small images) the net is two 4×4 convolutions of stride 1: in → width
channels, LeakyReLU, → 1 logit per 7×7 patch.

For pix2pix D judges pairs: the output (or the target) and the input image, concatenated along the
channels (``condition``). For CycleGAN it judges single images.

Calling it: ``forward(x, condition=None)`` returns one logit per sample, the mean of the patch
logits, which is what the ganzoo core asks of a discriminator (its dry run and the kit's checks,
and any scheme that knows nothing of patches). The schemes of this plugin call
``forward(x, condition, patches=True)`` for the whole (B, 1, h, w) map and average the loss over
the patches, as the papers do (the loss of the mean logit is not the mean of the patches' losses).
"""

from __future__ import annotations

import math

import torch
from torch import nn

from ganzoo_translation.layers import check_norm, initialise, norm_layer, receptive_field, uses_bias

PAPER_SHARE = 70 / 256  # the 70×70 PatchGAN on 256 px images
MAX_LAYERS = 6


def layer_shapes(layers: int) -> list[tuple[int, int]]:
    """(kernel, stride) of each convolution, first first: ``layers`` of stride 2, two of stride 1."""
    return [(4, 2)] * layers + [(4, 1), (4, 1)]


def field_of(layers: int) -> int:
    """The side of the patch each logit judges, in input pixels."""
    return receptive_field(layer_shapes(layers))


def layers_for(side: int) -> int:
    """The number of stride-2 layers whose field is nearest 70/256 of ``side`` on a log scale."""
    target = PAPER_SHARE * side
    return min(range(MAX_LAYERS + 1), key=lambda n: (abs(math.log(field_of(n) / target)), n))


class PatchGAN(nn.Module):
    def __init__(self, in_channels: int, layers: int = 3, width: int = 64, norm: str = "batch") -> None:
        super().__init__()
        check_norm(norm)
        if not 0 <= layers <= MAX_LAYERS:
            raise ValueError(f"the PatchGAN takes 0 to {MAX_LAYERS} stride-2 layers, got {layers}")
        self.layers = layers
        self.receptive_field = field_of(layers)
        bias = uses_bias(norm)
        channels = [width * min(2**i, 8) for i in range(layers + 1)]
        body: list[nn.Module] = []
        before = in_channels
        for i, (kernel, stride) in enumerate(layer_shapes(layers)[:-1]):
            first = i == 0
            body.append(nn.Conv2d(before, channels[i], kernel, stride, 1, bias=bias or first))
            if not first:
                body.append(norm_layer(norm, channels[i]))
            body.append(nn.LeakyReLU(0.2))
            before = channels[i]
        body.append(nn.Conv2d(before, 1, 4, 1, 1))
        self.body = nn.Sequential(*body)
        self.apply(initialise)

    def forward(self, x: torch.Tensor, condition: torch.Tensor | None = None, *, patches: bool = False) -> torch.Tensor:
        if condition is not None:
            x = torch.cat([x, condition.to(x.dtype)], 1)
        logits = self.body(x)
        return logits if patches else logits.flatten(1).mean(1)
