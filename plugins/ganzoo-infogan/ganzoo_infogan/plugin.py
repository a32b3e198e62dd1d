"""Declares InfoGAN's architecture, scheme, metric and models; nothing here imports torch, every
factory is a "module:attribute" string."""

import ganzoo

# The authors' MNIST launcher (openai/InfoGAN, launchers/run_mnist_exp.py): Adam with β1 = 0.5, G at
# 1e-3 and D at 2e-4, the standard GAN loss, 62 uniform noise variables beside the codes, λ = 1.
# Their 50 epochs of 100 steps of 128 images take over an hour on a 2-core CPU; 1,500 steps of 64
# take 12 to 20 minutes (see the README for what they reach).
PAPER = dict(
    architecture="infogan",
    loss="non-saturating",
    sampler="uniform",
    scheme="infogan",
    latent_dim=74,  # 62 noise + 10 for the categorical code + 2 continuous codes
    optimizer="adam",
    lr_g=1e-3,
    lr_d=2e-4,
    betas=(0.5, 0.999),
    batch_size=64,
    steps=1_500,
    log_every=50,
    sample_every=500,
    checkpoint_every=500,
)


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register(
        "infogan",
        "ganzoo_infogan.networks:build",
        description="InfoGAN's MNIST networks (Chen et al. 2016): G FC 1024, FC 7·7·128, two 4×4 up-convs; D two 4×4"
        " convs and FC 1024 shared by D's logit and Q's code head (FC 128, FC codes). Square images, side a multiple of 4.",
        defaults={"categories": 10, "continuous": 2},
    )


@ganzoo.hookimpl
def ganzoo_register_schemes(register):
    register(
        "infogan",
        "ganzoo_infogan.scheme:InfoGAN",
        description="InfoGAN: the alternating scheme plus λ·L_I, Q's cross-entropy on the categorical code and Gaussian"
        " NLL (σ = 1) on the continuous ones, minimised by D/Q and G; sample with --option code=K, c1=X.",
        defaults={"categorical_weight": 1.0, "continuous_weight": 1.0},
    )


@ganzoo.hookimpl
def ganzoo_register_metrics(register):
    register(
        "code-class-accuracy",
        "ganzoo_infogan.metric:CodeClassAccuracy",
        description="InfoGAN runs on the MNIST family, by name: accuracy of the categorical code as a classifier, each"
        " code matched one to one to a class (Hungarian method) by the dataset's LeNet",
    )


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register(
        "infogan",
        ganzoo.Recipe(**PAPER, dataset="mnist-sample"),
        description="InfoGAN (Chen et al. 2016) on the 5,000 shipped MNIST digits: a 10-way code, two continuous codes;"
        " offline. Pictures: one row per code, c1 from -1 to 1.",
    )
    register(
        "infogan-fashion",
        ganzoo.Recipe(**PAPER, dataset="fashion-mnist"),
        description="InfoGAN (Chen et al. 2016) on Fashion-MNIST, with the same settings as infogan.",
    )
