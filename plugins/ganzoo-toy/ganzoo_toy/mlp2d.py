"""The fully connected G and D of PacGAN's 2-D experiments (Lin et al. 2018), with packing and
minibatch discrimination as options of D.

PacGAN's networks for the 2-D ring and grid:

- G: z → [Linear → BatchNorm → ReLU] × 4 with 400 units → Linear → point (no output squashing);
- D: x → LinearMaxout × 3 with 200 units and 5 pieces each → Linear → logit;
- every weight drawn from N(0, 0.02²), every bias zero.

The widths, depths and maxout pieces are options. The latent size is the recipe's; PacGAN's is 2.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from ganzoo import DataSpec, GanzooError, IncompatibleParts, Networks
from ganzoo_toy.layers import LinearMaxout, MinibatchDiscrimination

INIT_STD = 0.02
SMALLEST = {"g_hidden": 1, "g_layers": 1, "d_hidden": 1, "d_layers": 1, "maxout_pieces": 2, "pack": 1,
            "minibatch_kernels": 0, "minibatch_kernel_dim": 1}  # the least value each option accepts


class Generator(nn.Module):
    def __init__(self, latent_dim: int, out_features: int, hidden: int, layers: int) -> None:
        super().__init__()
        blocks: list[nn.Module] = []
        width = latent_dim
        for _ in range(layers):
            # No bias before a batch norm: the norm's shift would cancel it.
            blocks += [nn.Linear(width, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU()]
            width = hidden
        blocks.append(nn.Linear(width, out_features))
        self.body = nn.Sequential(*blocks)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.body(z)


class Discriminator(nn.Module):
    """Maxout layers, optional minibatch features, one logit per sample.

    With ``pack = m > 1`` this is PacGAN's packed discriminator: consecutive samples of the batch
    are grouped into packs of ``m`` (the batch size must be a multiple of ``m``), each pack is
    judged as one concatenated input, and its logit is repeated for each of its ``m`` samples,
    giving the ``(B,)`` logits the trainer expects. ganzoo calls D on all-real and all-fake batches
    separately, so every pack is all real or all fake, as PacGAN requires. Because the losses
    average over the batch, the average over ``B`` repeated logits is exactly the average over the
    ``B / m`` packs: the loss and its gradients are PacGAN's own. (A term that sums logits instead,
    such as a gradient penalty that differentiates ``D(x).sum()``, counts every pack ``m`` times.)
    PacGAN trains with a fixed number of packs per batch, so a recipe with ``pack = m`` multiplies
    the batch size by ``m``.
    """

    def __init__(
        self, in_features: int, hidden: int, layers: int, pieces: int, pack: int, kernels: int, kernel_dim: int
    ) -> None:
        super().__init__()
        self.pack = pack
        widths = [in_features * pack] + [hidden] * layers
        self.body = nn.Sequential(*(LinearMaxout(a, b, pieces) for a, b in zip(widths, widths[1:])))
        self.minibatch = MinibatchDiscrimination(hidden, kernels, kernel_dim) if kernels else None
        self.head = nn.Linear(hidden + kernels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch = x.shape[0]
        if batch % self.pack:
            raise GanzooError(
                f"the packed discriminator (pack={self.pack}) got a batch of {batch} samples; "
                f"the batch size must be a multiple of {self.pack}"
            )
        features = self.body(x.reshape(batch // self.pack, -1))
        if self.minibatch is not None:
            features = torch.cat([features, self.minibatch(features)], dim=1)
        return self.head(features).squeeze(1).repeat_interleave(self.pack)


def _initialise(module: nn.Module) -> None:
    if isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, std=INIT_STD)
        if module.bias is not None:
            nn.init.zeros_(module.bias)


def build(
    spec: DataSpec,
    latent_dim: int,
    g_hidden: int = 400,
    g_layers: int = 4,
    d_hidden: int = 200,
    d_layers: int = 3,
    maxout_pieces: int = 5,
    pack: int = 1,
    minibatch_kernels: int = 0,
    minibatch_kernel_dim: int = 5,
) -> Networks:
    """PacGAN's MLPs for points of ``spec``.

    ``pack`` is PacGAN's packing degree m (1: an ordinary D). ``minibatch_kernels`` is the number
    of minibatch-discrimination kernels appended to D's last hidden layer (0: none), each of
    ``minibatch_kernel_dim`` numbers; Salimans et al. used 100 kernels of 5.
    """
    if len(spec.shape) != 1:
        raise IncompatibleParts(f"mlp2d models points such as (x, y), not samples of shape {spec.describe()}")
    given = {"g_hidden": g_hidden, "g_layers": g_layers, "d_hidden": d_hidden, "d_layers": d_layers,
             "maxout_pieces": maxout_pieces, "pack": pack, "minibatch_kernels": minibatch_kernels,
             "minibatch_kernel_dim": minibatch_kernel_dim}
    wrong = [f"{name}={value!r} (a whole number ≥ {SMALLEST[name]})" for name, value in given.items()
             if not _is_count(value, SMALLEST[name])]
    if wrong:
        raise GanzooError(f"mlp2d got invalid options: {', '.join(wrong)}")
    points = math.prod(spec.shape)
    networks = Networks(
        generator=Generator(latent_dim, points, g_hidden, g_layers),
        discriminator=Discriminator(points, d_hidden, d_layers, maxout_pieces, pack, minibatch_kernels, minibatch_kernel_dim),
    )
    networks.generator.apply(_initialise)
    networks.discriminator.apply(_initialise)
    return networks


def _is_count(value: object, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least
