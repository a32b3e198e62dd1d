"""The ``stylegan2`` architecture factory."""

from __future__ import annotations

from ganzoo import DataSpec, GanzooError, Networks
from ganzoo_stylegan.discriminator import Discriminator
from ganzoo_stylegan.generator import Generator
from ganzoo_stylegan.layout import layout_for
from ganzoo_stylegan.mapping import MappingNetwork
from ganzoo_stylegan.synthesis import SynthesisNetwork


def _check_positive(whole: dict[str, object], number: dict[str, object]) -> None:
    """Each of ``whole`` must be a positive whole number, each of ``number`` a positive number."""
    for kinds, values in (((int,), whole), ((int, float), number)):
        for name, value in values.items():
            if not isinstance(value, kinds) or isinstance(value, bool) or not value > 0:
                raise GanzooError(f"the stylegan2 {name} must be a positive {'whole ' if kinds == (int,) else ''}number,"
                                  f" got {value!r}")


def build(spec: DataSpec, latent_dim: int, channel_base: int = 32768, channel_max: int = 512, w_dim: int = 512,
          mapping_layers: int = 8, mapping_lr_multiplier: float = 0.01, mbstd_group: int = 4) -> Networks:
    """StyleGAN2's config-F generator (skip) and discriminator (residual) for ``spec``'s images.

    ``latent_dim`` is z's size; ``w_dim`` is w's and the mapping network's width, with
    ``mapping_layers`` layers at ``mapping_lr_multiplier`` times the rate. Each level has
    min(``channel_base`` / r, ``channel_max``) feature maps at nominal resolution r
    (:mod:`ganzoo_stylegan.layout`); ``mbstd_group`` is the minibatch standard deviation's group.
    """
    _check_positive({"w_dim": w_dim, "mapping_layers": mapping_layers, "mbstd_group": mbstd_group},
                    {"mapping_lr_multiplier": mapping_lr_multiplier})
    layout = layout_for(spec, channel_base, channel_max)
    mapping = MappingNetwork(latent_dim, w_dim, mapping_layers, mapping_lr_multiplier)
    synthesis = SynthesisNetwork(layout, w_dim, spec.value_range)
    return Networks(generator=Generator(mapping, synthesis), discriminator=Discriminator(layout, mbstd_group))
