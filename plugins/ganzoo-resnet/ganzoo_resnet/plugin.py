"""Declares the sngan-resnet and sngan-resnet-projection architectures and the sngan-resnet models;
torch is imported only when a run builds the networks."""

import ganzoo

# The authors' CIFAR-10 settings: hinge loss, z ~ N(0, I) of 128, Adam 2e-4 with β (0, 0.9), falling
# linearly to zero over the run, five D steps per G step on batches of 64.
PAPER_SETTINGS = dict(
    architecture="sngan-resnet",
    loss="hinge",
    sampler="normal",
    latent_dim=128,
    batch_size=64,
    optimizer="adam",
    lr_g=2e-4,
    lr_d=2e-4,
    betas=(0.0, 0.9),
    lr_schedule="linear",
    n_critic=5,
)
PAPER_WIDTHS = {"width": 256, "d_width": 128, "spectral_norm": True}
CPU_WIDTHS = {"width": 32, "d_width": 32}  # a step of the paper's widths takes over 20 times as long


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register(
        "sngan-resnet",
        "ganzoo_resnet.architecture:build",
        description="Miyato et al. 2018's CIFAR-10 ResNets: G z → 4×4 maps (7×7 at 28 px) → up-blocks (BN, ReLU,"
        " nearest ×2, conv 3×3, 1×1 shortcut) → BN, ReLU, conv, tanh; D residual blocks halving to 8×8 (7×7)"
        " then two more, ReLU, sum pooling, linear; spectral norm on every D layer. Images C×28×28, C×32×32 or"
        " C×64×64.",
        defaults=PAPER_WIDTHS,
    )
    register(
        "sngan-resnet-projection",
        "ganzoo_resnet.architecture:build_projection",
        description="The class-conditional sngan-resnet of Miyato & Koyama 2018: G(z, y) with conditional batch norm"
        " in its blocks; projection D, logit = ψ(φ(x)) + ⟨embed(y), φ(x)⟩, spectral norm on the embedding too."
        " Labelled images C×28×28, C×32×32 or C×64×64.",
        defaults=PAPER_WIDTHS,
    )


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register(
        "sngan-resnet",
        ganzoo.Recipe(
            **PAPER_SETTINGS,
            architecture_options=CPU_WIDTHS,
            dataset="mnist-sample",
            steps=600,
            log_every=25,
            sample_every=200,
            checkpoint_every=200,
        ),
        description="SN-GAN's ResNets (Miyato et al. 2018) with the paper's CIFAR-10 training settings, narrowed"
        " to G 32 and D 32 feature maps for a CPU, on the shipped MNIST digits: 600 steps.",
    )
    register(
        "sngan-resnet-cifar10",
        ganzoo.Recipe(
            **PAPER_SETTINGS,
            dataset="cifar10",
            steps=50_000,
            log_every=100,
            sample_every=1_000,
            checkpoint_every=1_000,
        ),
        description="SN-GAN's ResNets (Miyato et al. 2018) on CIFAR-10 exactly as the paper trained them:"
        " G 256, D 128, 50,000 steps; needs the CIFAR-10 download and a GPU.",
    )
