"""Declares the MLP architecture and the vanilla-mlp model; torch is imported only at build time."""

import ganzoo


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register(
        "mlp",
        "ganzoo_vanilla.mlp:build",
        description="One hidden layer each: G z → Dense → LeakyReLU → Dense → tanh; D flatten → Dense → LeakyReLU → Dense → logit.",
        defaults={"hidden": 128, "negative_slope": 0.01},
    )


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register(
        "vanilla-mlp",
        ganzoo.Recipe(
            architecture="mlp",
            loss="non-saturating",
            dataset="mnist",
            sampler="normal",
            latent_dim=100,
            batch_size=128,
            steps=5_000,
            optimizer="adam",
            lr_g=1e-3,
            lr_d=1e-3,
            betas=(0.5, 0.999),
            log_every=50,
            sample_every=500,
            checkpoint_every=1_000,
        ),
        description="The classic GAN (Goodfellow et al. 2014) with one-hidden-layer MLPs, on MNIST digits.",
    )
