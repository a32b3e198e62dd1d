"""Declares the augmentations; torch is imported only when a run builds one."""

import ganzoo

from ganzoo_augment.names import ADA_TRANSFORMS, DIFFAUGMENT_POLICIES


@ganzoo.hookimpl
def ganzoo_register_augmentations(register):
    register(
        "diffaugment",
        "ganzoo_augment.diffaugment:DiffAugment",
        description="Zhao et al. 2020: random colour, translation and cutout on every real and fake image D sees,"
        " differentiable so that G learns through them",
        defaults={"policy": ",".join(DIFFAUGMENT_POLICIES), "translation": 0.125, "cutout": 0.5},
    )
    register(
        "ada",
        "ganzoo_augment.ada:AdaptiveAugmentation",
        description="Karras et al. 2020: flips, rotations, translations, scalings and colour changes, each applied with"
        " a probability p that rises while D is too sure of the real images and falls otherwise",
        defaults={"target": 0.6, "interval": 4, "ramp_images": 500_000, "p": 0.0, "transforms": ",".join(ADA_TRANSFORMS)},
    )


@ganzoo.hookimpl
def ganzoo_register_schemes(register):
    register(
        "bcr",
        "ganzoo_augment.consistency:ConsistencyScheme",
        description="Alternating scheme plus balanced consistency regularisation (Zhao et al. 2021): D scores real and fake"
        " images as it scores flipped and shifted copies of them, weighted by real_weight and fake_weight (10 each).",
        defaults={"real_weight": 10.0, "fake_weight": 10.0, "transforms": "xflip,xint"},
    )
