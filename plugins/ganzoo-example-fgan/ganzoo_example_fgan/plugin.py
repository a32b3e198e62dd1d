"""Declares the f-GAN loss, its networks, the shapes dataset and the fgan model.

Every factory is a ``"module:attribute"`` string, so listing the zoo never imports torch.
"""

import ganzoo


@ganzoo.hookimpl
def ganzoo_register_losses(register):
    register(
        "fgan",
        "ganzoo_example_fgan.divergences:FDivergence",
        description="f-GAN (Nowozin et al. 2016): variational f-divergence minimisation; option divergence = "
        "kl, reverse-kl, pearson, squared-hellinger, jensen-shannon or gan.",
        defaults={"divergence": "pearson"},
    )


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register(
        "fgan-mlp",
        "ganzoo_example_fgan.networks:build",
        description="The f-GAN paper's MNIST networks: G 2 × g_hidden ReLU + batch norm; V 3 linear layers of d_hidden with ELUs.",
        defaults={"g_hidden": 1200, "d_hidden": 240},
    )


@ganzoo.hookimpl
def ganzoo_register_datasets(register):
    register(
        "shapes",
        "ganzoo_example_fgan.shapes:shapes",
        description="Procedural 1×16×16 shapes, drawn in memory: squares, discs and triangles (3 classes) of random size and place.",
        defaults={"n": 6000, "seed": 0},
    )


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register(
        "fgan",
        ganzoo.Recipe(
            architecture="fgan-mlp",
            loss="fgan",
            dataset="shapes",
            sampler="uniform",
            latent_dim=100,
            batch_size=64,
            steps=3_000,
            optimizer="adam",
            lr_g=2e-4,
            lr_d=2e-4,
            betas=(0.5, 0.999),
            log_every=50,
            sample_every=500,
            checkpoint_every=1_000,
        ),
        description="f-GAN with the Pearson χ² divergence on procedural shapes (Nowozin et al. 2016); "
        "--set loss_options.divergence=kl picks another.",
    )
