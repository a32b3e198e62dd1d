"""The architecture factories: a generator that translates an image field of the data into the
``"sample"`` field, and a PatchGAN discriminator.

What G takes and what D judges follow from the data's fields:

- paired data (pix2pix) has an ``"input"`` field: G(input) makes the sample, and D judges
  (sample, input) pairs — ``Networks(generator_input="input", condition="input")``;
- unpaired data of two domains (CycleGAN) has an ``"a"`` field (domain A; ``"sample"`` is domain B):
  G(a) makes a sample of B and D judges single images of B — ``Networks(generator_input="a")``.
  The cyclegan scheme builds the way back, B → A, from the same factory with the two fields swapped.

``input_field`` names another field to translate from, and ``pairs`` says whether D judges pairs
(by default: when the field is ``"input"``).
"""

from __future__ import annotations

from typing import Any

from ganzoo import DataSpec, Field, IncompatibleParts, Networks
from ganzoo_translation.patchgan import PatchGAN, layers_for
from ganzoo_translation.resnet import resnet_for
from ganzoo_translation.unet import unet_for

PAIRED, UNPAIRED = "input", "a"
GENERATORS = ("unet", "resnet")


def source_field(spec: DataSpec, input_field: str | None, name: str) -> tuple[str, Field]:
    """The field G translates from, and its description; refuses data it cannot translate."""
    if not spec.is_image:
        raise IncompatibleParts(f"{name} translates images; this data is {spec.describe()}")
    if input_field is None:
        found = [f for f in (PAIRED, UNPAIRED) if f in spec.fields]
        if not found:
            raise IncompatibleParts(
                f"{name} translates an image field of the data into its samples: paired data with an 'input' field"
                " (pix2pix) or two domains with an 'a' field (CycleGAN); this data has none"
            )
        input_field = found[0]
    field = spec.fields.get(input_field)
    if field is None or not field.is_image:
        raise IncompatibleParts(f"{name} translates the image field {input_field!r}, which this data does not have")
    if field.shape[1:] != spec.shape[1:]:
        raise IncompatibleParts(
            f"{name} keeps the image's size: its field {input_field!r} is {field.describe()} but the samples are"
            f" {spec.describe()}; give both the same height and width"
        )
    return input_field, field


def _discriminator(spec: DataSpec, field: Field, pairs: bool, d_layers: int | None, d_width: int, norm: str) -> PatchGAN:
    side = min(spec.shape[1:])
    layers = layers_for(side) if d_layers is None else d_layers
    channels = spec.shape[0] + (field.shape[0] if pairs else 0)
    return PatchGAN(channels, layers, d_width, norm)


def build(spec: DataSpec, latent_dim: int, generator: str = "unet", width: int = 64, norm: str | None = None,
          dropout: float = 0.5, dropout_layers: int | None = None, blocks: int | None = None,
          d_layers: int | None = None, d_width: int = 64, d_norm: str | None = None,
          input_field: str | None = None, pairs: bool | None = None, name: str = "patchgan") -> Networks:
    """A generator (``"unet"`` or ``"resnet"``) and a PatchGAN for the data ``spec`` describes.

    ``norm`` defaults to batch norm for the U-Net (pix2pix) and instance norm for the ResNet
    (CycleGAN); ``d_norm`` to the generator's. ``latent_dim`` is unused: neither model takes z.
    """
    if generator not in GENERATORS:
        raise ValueError(f"generator must be one of {', '.join(GENERATORS)}, got {generator!r}")
    input_field, field = source_field(spec, input_field, name)
    pairs = input_field == PAIRED if pairs is None else pairs
    norm = norm or ("batch" if generator == "unet" else "instance")
    d_norm = d_norm or norm
    channels, height, width_px = spec.shape
    options: dict[str, Any] = dict(width=width, norm=norm, value_range=spec.value_range)
    if generator == "unet":
        if blocks is not None:
            raise ValueError("blocks is an option of the resnet generator; the U-Net's depth follows the image size")
        g = unet_for(field.shape[0], channels, height, width_px, dropout=dropout, dropout_layers=dropout_layers, **options)
    else:
        if dropout_layers is not None:
            raise ValueError("dropout_layers is an option of the U-Net generator")
        g = resnet_for(field.shape[0], channels, height, width_px, blocks=blocks, **options)
    d = _discriminator(spec, field, pairs, d_layers, d_width, d_norm)
    return Networks(g, d, generator_input=input_field, condition=input_field if pairs else None)


def build_unet(spec: DataSpec, latent_dim: int, **options: Any) -> Networks:
    """pix2pix's networks: a U-Net and a PatchGAN."""
    return build(spec, latent_dim, generator="unet", name="unet", **options)


def build_resnet(spec: DataSpec, latent_dim: int, **options: Any) -> Networks:
    """CycleGAN's networks: the ResNet generator and a PatchGAN."""
    return build(spec, latent_dim, generator="resnet", name="resnet-generator", **options)
