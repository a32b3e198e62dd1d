"""Declares the models of the loss family: one recipe per paper, all on the ``dcgan`` architecture.

Each recipe keeps its paper's loss, optimiser, learning rates, momentum and number of critic steps,
and shapes the discriminator the way its method requires. What is not the paper's is the same for
all: MNIST digits, a batch of 64, normal noise of dimension 100, and 3,000 generator steps, which
is short enough for a CPU; the papers trained for far longer.
"""

import ganzoo

SHARED = dict(
    architecture="dcgan",
    dataset="mnist",
    sampler="normal",
    latent_dim=100,
    batch_size=64,
    steps=3_000,
    log_every=50,
    sample_every=500,
    checkpoint_every=1_000,
)


def adam(lr: float, betas: tuple[float, float]) -> dict:
    return dict(optimizer="adam", lr_g=lr, lr_d=lr, betas=betas)


def rmsprop(lr: float) -> dict:
    return dict(optimizer="rmsprop", lr_g=lr, lr_d=lr)


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register(
        "lsgan",
        ganzoo.Recipe(**SHARED, loss="lsgan", **adam(2e-4, (0.5, 0.999))),
        description="Least squares GAN (Mao et al. 2017) on a DCGAN: targets 0/1/1, Adam lr 2e-4, β1 0.5;"
        " MNIST, 3,000 steps.",
    )
    # Weight clipping, the paper's Lipschitz constraint, with its DCGAN critic and batch norm kept
    # as in the paper's experiments; each critic step sees a real and a fake batch separately.
    register(
        "wgan",
        ganzoo.Recipe(**SHARED, loss="wgan", **rmsprop(5e-5), n_critic=5, scheme_options={"weight_clip": 0.01}),
        description="Wasserstein GAN (Arjovsky et al. 2017) on a DCGAN with batch norm in the critic: RMSprop"
        " lr 5e-5, 5 critic steps, weights clipped to ±0.01; MNIST, 3,000 steps.",
    )
    # The penalty constrains each sample's gradient, which batch norm would mix across the batch:
    # the paper replaces it with layer normalisation in the critic.
    register(
        "wgan-gp",
        ganzoo.Recipe(
            **SHARED,
            loss="wgan-gp",
            loss_options={"gp_weight": 10.0},
            architecture_options={"d_norm": "layer"},
            **adam(1e-4, (0.0, 0.9)),
            n_critic=5,
        ),
        description="WGAN with gradient penalty λ 10 (Gulrajani et al. 2017) on a DCGAN with layer norm in the"
        " critic: Adam lr 1e-4, β (0, 0.9), 5 critic steps; MNIST, 3,000 steps.",
    )
    # Miyato et al. ran the standard CNN under several settings; this is their setting C (one D
    # step per G step, Adam 2e-4, β (0.5, 0.999)), which did well and costs a fifth of n_dis = 5.
    register(
        "sngan",
        ganzoo.Recipe(**SHARED, loss="hinge", architecture_options={"spectral_norm": True}, **adam(2e-4, (0.5, 0.999))),
        description="Spectrally normalised GAN (Miyato et al. 2018) on a DCGAN with SN and no batch norm in D:"
        " hinge loss, Adam lr 2e-4, β (0.5, 0.999), 1 D step; MNIST, 3,000 steps.",
    )
    register(
        "ragan",
        ganzoo.Recipe(**SHARED, loss="ragan", **adam(2e-4, (0.5, 0.999))),
        description="Relativistic average GAN (Jolicoeur-Martineau 2018) on a DCGAN: Adam lr 2e-4, β1 0.5;"
        " MNIST, 3,000 steps.",
    )
    # Mescheder et al. regularise only D's gradient on real data, on networks without normalisation,
    # trained with RMSprop at 1e-4.
    register(
        "r1-gan",
        ganzoo.Recipe(
            **SHARED,
            loss="non-saturating",
            architecture_options={"d_norm": "none"},
            scheme_options={"r1_gamma": 10.0},
            **rmsprop(1e-4),
        ),
        description="Non-saturating GAN with the R1 penalty γ 10 on real data (Mescheder et al. 2018) on a DCGAN"
        " without batch norm in D: RMSprop lr 1e-4; MNIST, 3,000 steps.",
    )
