"""The DCGAN discriminator: strided convolutions down to the generator's starting resolution, then
one linear logit.

The image goes through one stride-2 convolution per doubling of the generator, each followed by a
normalisation layer (except the first) and LeakyReLU(0.2); no pooling and no hidden fully connected
layer. The flattened result is ``features(x)``, and ``head`` turns it into the logit. Conditional
discriminators reuse both parts.

``norm`` is ``"batch"`` (the paper), ``"layer"`` (one group norm over all features of a sample,
which keeps each sample's logit independent of the rest of its batch, as WGAN-GP's gradient penalty
requires) or ``"none"``. Spectral normalisation (Miyato et al. 2018) wraps every convolution and
linear layer, and replaces batch norm: with it, ``"batch"`` means no normalisation layer.

``pack = m > 1`` makes it PacGAN's packed discriminator (Lin et al. 2018, PacDCGAN): each run of
``m`` consecutive images of a batch is stacked along the channels and judged as one input, and
its logit is repeated for each of the ``m``, which keeps the loss an average over packs. ganzoo
judges real and fake batches separately, so a pack is never mixed. PacGAN keeps the number of
packs per batch fixed, so a packed run multiplies the batch size by ``m``.

``depth = k > 1`` follows each strided convolution with ``k - 1`` more at the same resolution and
feature count (kernel 3, stride 1, padding 1), each with its normalisation layer and LeakyReLU: the
3×3 layers of the "standard CNN" discriminator of Miyato et al. (2018), which interleaves them with
DCGAN's strided ones. It deepens D alone, where ``width`` would widen both networks.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm as spectrally_normalised

from ganzoo import GanzooError
from ganzoo_dcgan.init import initialise
from ganzoo_dcgan.layout import Layout

NORMS = ("batch", "layer", "none")
NEGATIVE_SLOPE = 0.2


def halving(in_features: int, out_features: int, *, bias: bool) -> nn.Conv2d:
    """A convolution that halves the side of its input (kernel 4, stride 2, padding 1)."""
    return nn.Conv2d(in_features, out_features, kernel_size=4, stride=2, padding=1, bias=bias)


def normalisation(kind: str, features: int) -> list[nn.Module]:
    if kind == "batch":
        return [nn.BatchNorm2d(features)]
    if kind == "layer":
        return [nn.GroupNorm(1, features)]
    return []


def refinements(features: int, *, count: int, norm: str) -> list[nn.Module]:
    """``count`` convolutions that keep the side and feature count of their input (kernel 3,
    stride 1, padding 1), each normalised and activated."""
    layers: list[nn.Module] = []
    for _ in range(count):
        convolution = nn.Conv2d(features, features, kernel_size=3, stride=1, padding=1, bias=norm == "none")
        layers += [convolution, *normalisation(norm, features), nn.LeakyReLU(NEGATIVE_SLOPE)]
    return layers


def apply_spectral_norm(module: nn.Module) -> None:
    """Wrap every convolution and linear layer inside ``module`` in spectral norm."""
    for name, child in module.named_children():
        if isinstance(child, (nn.Conv2d, nn.Linear)):
            setattr(module, name, spectrally_normalised(child))
        else:
            apply_spectral_norm(child)


class Discriminator(nn.Module):
    def __init__(self, layout: Layout, norm: str = "batch", spectral_norm: bool = False, pack: int = 1,
                 depth: int = 1) -> None:
        super().__init__()
        if norm not in NORMS:
            raise GanzooError(f"d_norm must be one of {', '.join(NORMS)}, got {norm!r}")
        if pack < 1:
            raise GanzooError(f"pack must be a positive number of images, got {pack}")
        if depth < 1:
            raise GanzooError(f"d_depth must be a positive number of convolutions per resolution, got {depth}")
        self.pack = pack
        if spectral_norm and norm == "batch":
            norm = "none"
        widths = layout.widths[::-1]  # from the highest resolution down
        extra = depth - 1
        layers: list[nn.Module] = [
            halving(layout.channels * pack, widths[0], bias=True),
            nn.LeakyReLU(NEGATIVE_SLOPE),
            *refinements(widths[0], count=extra, norm=norm),
        ]
        for narrow, wide in zip(widths, widths[1:]):
            # A normalisation layer has its own shift, which makes a bias redundant.
            layers += [
                halving(narrow, wide, bias=norm == "none"), *normalisation(norm, wide), nn.LeakyReLU(NEGATIVE_SLOPE),
                *refinements(wide, count=extra, norm=norm),
            ]
        layers.append(nn.Flatten())
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(layout.feature_dim, 1)
        self.apply(initialise)
        if spectral_norm:
            apply_spectral_norm(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.pack == 1:
            return self.head(self.features(x)).squeeze(1)
        batch, channels, height, width = x.shape
        if batch % self.pack:
            raise GanzooError(f"the packed discriminator (pack={self.pack}) got {batch} images; "
                              f"give a batch size that is a multiple of {self.pack}")
        packs = x.reshape(batch // self.pack, self.pack * channels, height, width)
        return self.head(self.features(packs)).squeeze(1).repeat_interleave(self.pack)
