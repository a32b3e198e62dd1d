"""Declares the conditional architectures, the acgan scheme and their models; torch is imported only
when a run builds them."""

import ganzoo

DCGAN_OPTIONS = {"width": 64, "spectral_norm": False, "d_norm": "batch", "d_depth": 1}
ADAM = dict(optimizer="adam", lr_g=2e-4, lr_d=2e-4, betas=(0.5, 0.999))


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register(
        "cgan-mlp",
        "ganzoo_conditional.mlp:build",
        description="Mirza & Osindero 2014: MLPs with the one-hot class appended to z and to the flattened sample;"
        " G 256/512/1024, D 1024/512/256 with dropout, LeakyReLU 0.2.",
        defaults={"hidden": (256, 512, 1024), "dropout": 0.3},
    )
    register(
        "cdcgan-projection",
        "ganzoo_conditional.projection:build",
        description="Conditional DCGAN: G fed [z, one-hot(y)] (or with conditional batch norm); projection D"
        " (Miyato & Koyama 2018), logit = ψ(φ(x)) + ⟨embed(y), φ(x)⟩. Images C×28×28, C×32×32 or C×64×64.",
        defaults={**DCGAN_OPTIONS, "spectral_norm": True, "g_conditioning": "input"},
    )
    register(
        "acgan",
        "ganzoo_conditional.acgan:build",
        description="Odena et al. 2017: DCGAN G fed [z, one-hot(y)]; DCGAN D with an auxiliary class head"
        " (train with scheme acgan). Images C×28×28, C×32×32 or C×64×64.",
        defaults=DCGAN_OPTIONS,
    )


@ganzoo.hookimpl
def ganzoo_register_schemes(register):
    register(
        "acgan",
        "ganzoo_conditional.acgan_scheme:AuxiliaryClassifierScheme",
        description="Alternating scheme plus the auxiliary classifier's cross-entropy on real and fake classes"
        " (Odena et al. 2017), weighted by class_weight.",
        defaults={"class_weight": 1.0},
    )


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register(
        "cgan",
        ganzoo.Recipe(
            architecture="cgan-mlp",
            loss="non-saturating",
            dataset="mnist",
            batch_size=64,
            steps=10_000,
            **ADAM,
            log_every=50,
            sample_every=500,
            checkpoint_every=1_000,
        ),
        description="The conditional GAN (Mirza & Osindero 2014) with MLPs, on MNIST digits: one sample row per class.",
    )
    register(
        "cdcgan-projection",
        ganzoo.Recipe(
            architecture="cdcgan-projection",
            loss="hinge",
            dataset="mnist",
            batch_size=64,
            steps=5_000,
            **{**ADAM, "betas": (0.0, 0.9)},  # the paper's Adam; (0.5, 0.999) did worse on Fashion-MNIST
            log_every=50,
            sample_every=500,
            checkpoint_every=1_000,
        ),
        description="A conditional DCGAN with a spectrally normalised projection discriminator, trained with the"
        " hinge loss and Adam β (0, 0.9) (Miyato & Koyama 2018), on MNIST digits.",
    )
    register(
        "acgan",
        ganzoo.Recipe(
            architecture="acgan",
            loss="non-saturating",
            dataset="mnist",
            scheme="acgan",
            batch_size=100,
            steps=5_000,
            **ADAM,
            log_every=50,
            sample_every=500,
            checkpoint_every=1_000,
        ),
        description="The auxiliary classifier GAN (Odena et al. 2017) on DCGAN networks, on MNIST digits.",
    )
