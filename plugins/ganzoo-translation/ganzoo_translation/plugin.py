"""Declares pix2pix and CycleGAN: their architectures, schemes, loss and models. Nothing here
imports torch; every factory is a "module:attribute" string."""

import ganzoo

# Options both architectures take; the generator's own are listed with each.
PATCHGAN_DEFAULTS = {"d_layers": None, "d_width": 64, "d_norm": None, "input_field": None, "pairs": None}
UNET_DEFAULTS = {"width": 64, "norm": "batch", "dropout": 0.5, "dropout_layers": None}
RESNET_DEFAULTS = {"width": 64, "norm": "instance", "blocks": None}

# Both papers: Adam at 2e-4 with β1 = 0.5, no moving average of G.
PAPERS = dict(optimizer="adam", lr_g=2e-4, lr_d=2e-4, betas=(0.5, 0.999), ema=None, latent_dim=1)

PIX2PIX = dict(
    PAPERS,
    architecture="unet",
    architecture_options={"width": 32},  # the paper's 64 makes CPU steps 5× slower (16.6M weights at 28 px)
    loss="non-saturating",  # the paper's cross-entropy; G's term is −log D(x, G(x))
    scheme="pix2pix",
    scheme_options={"l1_weight": 100.0},
    batch_size=4,  # the paper's edges→shoes and edges→handbags batch
    steps=2_000,
    log_every=50,
    sample_every=500,
    checkpoint_every=500,
)

CYCLEGAN = dict(
    PAPERS,
    architecture="resnet-generator",
    # d_layers 1: a 16×16 patch. The 7×7 one that scaling the paper's 70/256 gives at 28 px is judged
    # by two convolutions only, too weak to tell thin strokes from bold (see the README).
    architecture_options={"width": 32, "d_layers": 1},
    loss="cyclegan-lsgan",
    scheme="cyclegan",
    scheme_options={"cycle_weight": 10.0, "identity_weight": 0.5, "pool_size": 50, "decay_from": 0.5},
    batch_size=1,  # the paper's
    steps=2_000,
    log_every=50,
    sample_every=500,
    checkpoint_every=500,
)


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register(
        "unet",
        "ganzoo_translation.architectures:build_unet",
        description="pix2pix's networks (Isola et al. 2017): a U-Net G with skip connections and dropout as its noise, its depth"
        " following the image size (28 px padded to 32), and a PatchGAN D on (output, input) pairs whose patch is ~27% of"
        " the image (70 px at 256, 7 px at 28).",
        defaults={**UNET_DEFAULTS, **PATCHGAN_DEFAULTS},
    )
    register(
        "resnet-generator",
        "ganzoo_translation.architectures:build_resnet",
        description="CycleGAN's networks (Zhu et al. 2017): G = c7s1-k, d2k, d4k, residual blocks (9 at 256 px, 6 at 128,"
        " 3 at 28-64), u2k, uk, c7s1 with reflection padding and instance norm; a PatchGAN D on single images.",
        defaults={**RESNET_DEFAULTS, **PATCHGAN_DEFAULTS},
    )
    register(
        "patchgan",
        "ganzoo_translation.architectures:build",
        description="The PatchGAN D (70×70 at 256 px, scaled to the image) with the generator of your choice:"
        " generator='unet' (default) or 'resnet'; D judges pairs on paired data, single images on two domains.",
        defaults={"generator": "unet", "width": 64, "norm": None, "dropout": 0.5, "dropout_layers": None, "blocks": None,
                  **PATCHGAN_DEFAULTS},
    )


@ganzoo.hookimpl
def ganzoo_register_losses(register):
    register(
        "cyclegan-lsgan",
        "ganzoo_translation.losses:CycleGANLeastSquares",
        description="Least squares as CycleGAN states it: D E[(D(y)−1)²] + E[D(G(x))²], G E[(D(G(x))−1)²] (no ½ on G's"
        " term, unlike lsgan; the cyclegan scheme halves D's).",
    )


@ganzoo.hookimpl
def ganzoo_register_schemes(register):
    register(
        "pix2pix",
        "ganzoo_translation.pix2pix:Pix2Pix",
        description="pix2pix: D on (output, input) pairs, loss averaged over patches and halved; G's loss + λ·L1 to the target.",
        defaults={"l1_weight": 100.0, "d_loss_weight": 0.5, "decay_from": None},
    )
    register(
        "cyclegan",
        "ganzoo_translation.cyclegan:CycleGAN",
        description="CycleGAN: G_AB, G_BA, D_A, D_B; adversarial + λ·cycle + ½λ·identity, pools of 50 past fakes,"
        " rates constant then linearly to 0; sample with --option direction=a2b|b2a.",
        defaults={"cycle_weight": 10.0, "identity_weight": 0.5, "pool_size": 50, "d_loss_weight": 0.5, "decay_from": 0.5},
    )


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register(
        "pix2pix",
        ganzoo.Recipe(**PIX2PIX, dataset="edges2digits"),
        description="pix2pix (Isola et al. 2017) from edge maps to MNIST digits, 28 px; offline.",
    )
    register(
        "pix2pix-fashion",
        ganzoo.Recipe(**PIX2PIX, dataset="edges2fashion"),
        description="pix2pix (Isola et al. 2017) from edge maps to Fashion-MNIST items, 28 px.",
    )
    register(
        "pix2pix-images",
        ganzoo.Recipe(**{**PIX2PIX, "steps": 10_000, "architecture_options": {}}, dataset="image-pairs",
                      dataset_options={"size": 64}),
        description="pix2pix on your own pairs from --data-dir (folders A/ and B/, or AB side by side), 64 px.",
    )
    register(
        "cyclegan",
        ganzoo.Recipe(**CYCLEGAN, dataset="digits-thin2thick"),
        description="CycleGAN (Zhu et al. 2017) between thin and bold MNIST digits, unpaired, 28 px; offline.",
    )
    register(
        "cyclegan-fashion",
        ganzoo.Recipe(**CYCLEGAN, dataset="sneakers2boots"),
        description="CycleGAN (Zhu et al. 2017) between Fashion-MNIST sneakers and ankle boots, unpaired, 28 px.",
    )
    register(
        "cyclegan-images",
        ganzoo.Recipe(**{**CYCLEGAN, "steps": 10_000, "architecture_options": {}}, dataset="image-domains",
                      dataset_options={"size": 64}),
        description="CycleGAN on your own two domains from --data-dir (folders A/ and B/), 64 px.",
    )
