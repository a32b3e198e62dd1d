"""What a run's data says about its task, from the metadata of its ``DataSpec``: whether the
generator translates images (image-to-image, super-resolution) instead of drawing them from noise,
and whether its data are pairs or two unpaired domains. Metrics that sample noise must not be
chosen for a translating generator, and the translation metrics only for one."""

from __future__ import annotations

from ganzoo import DataSpec

TRANSLATION_TASKS = ("image-to-image", "super-resolution")


def translates(spec: DataSpec) -> bool:
    """True when the generator's output is made from an image of the data (pix2pix, CycleGAN, SRGAN)."""
    return spec.metadata.get("task") in TRANSLATION_TASKS


def pairing(spec: DataSpec) -> str | None:
    """``"paired"`` or ``"unpaired"`` for translation data, else None."""
    return spec.metadata.get("pairing") if translates(spec) else None


def super_resolution(spec: DataSpec) -> bool:
    return spec.metadata.get("task") == "super-resolution"
