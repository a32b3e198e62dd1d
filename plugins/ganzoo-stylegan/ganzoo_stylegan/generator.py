"""The StyleGAN2 generator: the mapping network, then the synthesis network, each of its layers
reading a w of its own (the same w unless styles are mixed).

``forward(z)`` is a plain sample, clipped to the data's value range as every ganzoo generator's
samples are. The training scheme's calls take the output unclipped, as the paper's G gives it
(its code clips only when saving pictures), mix styles, keep the average w up to date and return
the w they used (the path-length penalty differentiates with respect to them); sampling
truncates. All of it goes through ``forward``'s keywords, so that under ``torchrun`` every
training call goes through the DDP wrapper.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ganzoo_stylegan.mapping import MappingNetwork, mix, truncate
from ganzoo_stylegan.modulated import RANDOM
from ganzoo_stylegan.synthesis import SynthesisNetwork


@dataclass(frozen=True)
class Mixing:
    """The second latent batch of style mixing, and the first layer that reads its w (a whole
    number, or a tensor of one, so that it can be drawn on the device; num_ws mixes nothing)."""

    latent: torch.Tensor
    crossover: int | torch.Tensor


class Generator(nn.Module):
    def __init__(self, mapping: MappingNetwork, synthesis: SynthesisNetwork) -> None:
        super().__init__()
        self.mapping = mapping
        self.synthesis = synthesis

    @property
    def num_ws(self) -> int:
        return self.synthesis.num_ws

    def styles(self, latent: torch.Tensor, *, mixing: Mixing | None = None, psi: float = 1.0,
               track: bool = False) -> torch.Tensor:
        """The w of every layer ``(N, num_ws, w_dim)``: mapped from ``latent``, moving the average
        w towards them when ``track``, mixed with ``mixing``'s, truncated by ``psi``."""
        w = self.mapping(latent)
        if track:
            self.mapping.track(w)
        ws = w[:, None].expand(-1, self.num_ws, -1)
        if mixing is not None:
            ws = mix(ws, self.mapping(mixing.latent)[:, None].expand(-1, self.num_ws, -1), mixing.crossover)
        return truncate(ws, self.mapping.w_avg, psi)

    def forward(self, latent: torch.Tensor, *, mixing: Mixing | None = None, psi: float = 1.0, noise: str = RANDOM,
                track: bool = False, clip: bool = True,
                return_ws: bool = False) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        ws = self.styles(latent, mixing=mixing, psi=psi, track=track)
        images = self.synthesis(ws, noise)
        if clip:
            images = images.clamp(self.synthesis.low, self.synthesis.high)
        return (images, ws) if return_ws else images
