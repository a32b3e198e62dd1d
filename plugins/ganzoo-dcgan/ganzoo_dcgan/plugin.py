"""Declares the dcgan architecture and the dcgan and dcgan-64 models; torch is imported only when a
run builds the networks."""

import ganzoo

PAPER_SETTINGS = dict(
    architecture="dcgan",
    loss="non-saturating",
    sampler="uniform",
    latent_dim=100,
    batch_size=128,
    optimizer="adam",
    lr_g=2e-4,
    lr_d=2e-4,
    betas=(0.5, 0.999),
)


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register(
        "dcgan",
        "ganzoo_dcgan.architecture:build",
        description="Radford et al. 2015: G projects z to 7×7 or 4×4 maps and doubles them with strided transposed"
        " convolutions (BN, ReLU, tanh); D halves with strided convolutions (LeakyReLU 0.2) to one logit."
        " Images C×28×28, C×32×32 or C×64×64; pack > 1 judges packs of images (PacGAN).",
        defaults={"width": 64, "spectral_norm": False, "d_norm": "batch", "pack": 1, "d_depth": 1},
    )


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register(
        "dcgan",
        ganzoo.Recipe(**PAPER_SETTINGS, dataset="mnist", steps=3_000, log_every=50, sample_every=500, checkpoint_every=1_000),
        description="The deep convolutional GAN (Radford et al. 2015) with the paper's settings, on MNIST digits.",
    )
    register(
        "dcgan-64",
        ganzoo.Recipe(
            **PAPER_SETTINGS,
            dataset="image-folder",
            dataset_options={"size": 64},
            steps=10_000,
            log_every=50,
            sample_every=500,
            checkpoint_every=1_000,
        ),
        description="The paper's 64×64 DCGAN (Radford et al. 2015) on your own images: give --data-dir.",
    )
