"""The ``sngan-resnet`` and ``sngan-resnet-projection`` architecture factories."""

from __future__ import annotations

from ganzoo import DataSpec, Networks
from ganzoo_conditional.labels import class_count
from ganzoo_resnet.discriminator import Discriminator, ProjectionDiscriminator
from ganzoo_resnet.generator import Generator
from ganzoo_resnet.layout import Layout, check_width, layout_for


def checked_layout(spec: DataSpec, width: int, d_width: int) -> Layout:
    check_width("width", width)
    check_width("d_width", d_width)
    return layout_for(spec)


def build(spec: DataSpec, latent_dim: int, width: int = 256, d_width: int = 128, spectral_norm: bool = True) -> Networks:
    """SN-GAN's ResNet pair for square images of side 28, 32 or 64 with any number of channels.

    ``width`` is the feature count of every generator block and ``d_width`` of every discriminator
    block (the paper's CIFAR-10 networks: 256 and 128); ``spectral_norm`` wraps every layer of D.
    """
    layout = checked_layout(spec, width, d_width)
    return Networks(
        generator=Generator(latent_dim, layout, width, spec.value_range),
        discriminator=Discriminator(layout, d_width, spectral_norm),
    )


def build_projection(
    spec: DataSpec, latent_dim: int, width: int = 256, d_width: int = 128, spectral_norm: bool = True
) -> Networks:
    """The class-conditional pair of Miyato and Koyama (2018) for labelled data, with the options of
    :func:`build`: G with conditional batch norm, and the projection discriminator."""
    num_classes = class_count(spec, "sngan-resnet-projection")
    layout = checked_layout(spec, width, d_width)
    return Networks(
        generator=Generator(latent_dim, layout, width, spec.value_range, num_classes),
        discriminator=ProjectionDiscriminator(layout, d_width, num_classes, spectral_norm),
        conditional=True,
    )
