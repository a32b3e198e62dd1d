"""How an InfoGAN latent vector holds the noise and the codes, and how the codes are read and set.

The recipe's sampler draws ``latent_dim = noise + categories + continuous`` numbers per sample:

- the first ``noise`` are the incompressible noise z;
- the next ``categories`` choose the categorical code c: it is the index of the largest of them,
  uniform over the categories for any sampler that draws its numbers independently and alike
  (ganzoo's samplers all do);
- the last ``continuous`` are the continuous codes c1, c2, ... as drawn: uniform on [-1, 1] with
  the ``uniform`` sampler, the paper's prior.

The generator is fed [z, one_hot(c), c1, c2, ...], which for the paper's 62 + 10 + 2 is its 74
numbers. Keeping the codes inside the one latent vector lets everything in ganzoo that draws latent
noise (sample pictures, ``ganzoo sample``, ``interpolate``, ``--truncation``, ``evaluate``) draw
the codes too without knowing of them, while sampling options set them (:mod:`ganzoo_infogan.options`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import torch
from torch.nn.functional import one_hot

from ganzoo import GanzooError

TRAVERSAL_STEPS = 10  # columns of the traversal picture: c1 from -1 to 1, as in the paper's figures


@dataclass(frozen=True)
class CodeLayout:
    noise: int
    categories: int
    continuous: int

    def __post_init__(self) -> None:
        if self.categories < 2 or self.continuous < 0:
            raise GanzooError(f"InfoGAN needs a categorical code of 2 or more categories and 0 or more continuous codes,"
                              f" got {self.categories} and {self.continuous}")
        if self.noise < 1:
            raise GanzooError(f"latent_dim must exceed categories + continuous ({self.categories + self.continuous}),"
                              f" leaving room for noise; it leaves {self.noise}")

    @property
    def latent_dim(self) -> int:
        return self.noise + self.categories + self.continuous

    @property
    def recognised_dim(self) -> int:
        """What Q outputs: a logit per category, then a mean per continuous code."""
        return self.categories + self.continuous

    def category(self, latent: torch.Tensor) -> torch.Tensor:
        """The categorical code of each latent vector, as class indices ``(B,)``."""
        return latent[:, self.noise : self.noise + self.categories].argmax(dim=1)

    def continuous_codes(self, latent: torch.Tensor) -> torch.Tensor:
        """The continuous codes ``(B, continuous)``."""
        return latent[:, self.noise + self.categories :]

    def generator_input(self, latent: torch.Tensor) -> torch.Tensor:
        """[z, one_hot(c), c1, c2, ...]: what the generator's first layer takes."""
        chosen = one_hot(self.category(latent), self.categories).to(latent.dtype)
        return torch.cat([latent[:, : self.noise], chosen, self.continuous_codes(latent)], dim=1)

    def recognised(self, outputs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Q's outputs split into the category logits and the continuous codes' means."""
        return outputs[:, : self.categories], outputs[:, self.categories :]

    def with_codes(self, latent: torch.Tensor, category: int | torch.Tensor | None = None,
                   continuous: Mapping[int, float] | None = None) -> torch.Tensor:
        """A copy of ``latent`` whose categorical code is ``category`` (one for all rows, or one per
        row) when given, and whose continuous code ``i`` (counted from 0) is ``continuous[i]``; the
        noise is untouched."""
        changed = latent.clone()
        if category is not None:
            chosen = torch.as_tensor(category, device=latent.device).expand(latent.shape[0])
            changed[:, self.noise : self.noise + self.categories] = one_hot(chosen, self.categories).to(latent.dtype)
        for index, value in (continuous or {}).items():
            changed[:, self.noise + self.categories + index] = value
        return changed

    def traversal(self, latent: torch.Tensor) -> list[torch.Tensor]:
        """The columns of the traversal picture, made from one latent vector ``(latent_dim,)``:
        each column holds one row per category; across the columns c1 goes from -1 to 1 while the
        other continuous codes stay at 0 and the noise stays fixed. Without continuous codes there
        is one column, of the categories."""
        rows = latent.expand(self.categories, -1)
        categories = torch.arange(self.categories, device=latent.device)
        if not self.continuous:
            return [self.with_codes(rows, categories)]
        others = dict.fromkeys(range(1, self.continuous), 0.0)
        return [self.with_codes(rows, categories, {0: c1, **others}) for c1 in torch.linspace(-1.0, 1.0, TRAVERSAL_STEPS).tolist()]
