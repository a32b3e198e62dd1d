"""Declares StyleGAN2's architecture, scheme and models; nothing here imports torch, every factory
is a "module:attribute" string."""

import ganzoo

# The paper's config F (Karras et al. 2020, appendix B; the authors' stylegan2 configuration):
# z and w of 512, an 8-layer mapping network at 0.01 times the rate, min(32768 / r, 512) feature
# maps at resolution r, minibatch standard deviation over groups of 4.
PAPER_NETWORKS = {"channel_base": 32768, "channel_max": 512, "w_dim": 512, "mapping_layers": 8,
                  "mapping_lr_multiplier": 0.01, "mbstd_group": 4}
# Lazy R1 every 16 D updates (γ 10, FFHQ's), path length weight 2 every 4 G updates over half
# batches, its mean decaying by 0.01, style mixing in 90% of the batches.
PAPER_SCHEME = {"r1_gamma": 10.0, "r1_interval": 16, "pl_weight": 2.0, "pl_interval": 4, "pl_decay": 0.01,
                "pl_batch_shrink": 2, "style_mixing": 0.9}
# Non-saturating logistic loss, z ~ N(0, I), Adam 0.0025 with β (0, 0.99) (before the lazy
# corrections, which the scheme applies), batches of 32, one D update per G update.
PAPER_TRAINING = dict(
    architecture="stylegan2",
    loss="non-saturating",
    sampler="normal",
    scheme="stylegan2",
    scheme_options=PAPER_SCHEME,
    optimizer="adam",
    lr_g=0.0025,
    lr_d=0.0025,
    betas=(0.0, 0.99),
    batch_size=32,
    n_critic=1,
)
# For a CPU: 32 feature maps at every level, 7×7, 14×14 and 28×28 (a step of 32 digits takes about
# half a second on one core), w and z of 128. The paper's G's
# moving average has a half-life of 10,000 images, 312 steps of 32: longer than the whole run, so
# it would still be mostly its starting weights. 0.99 is a half-life of 69 steps.
CPU_NETWORKS = {"channel_base": 512, "channel_max": 32, "w_dim": 128}


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register(
        "stylegan2",
        "ganzoo_stylegan.architecture:build",
        description="StyleGAN2's config F (Karras et al. 2020): a mapping network z → w (8 layers, lr ×0.01), a synthesis"
        " network from a learned 4×4 constant (7×7 at 28 px) of modulated, demodulated 3×3 convs with noise inputs and"
        " skip toRGB outputs; a residual D with minibatch stddev; equalised learning rates. Square images of side"
        " 28, 32, 64, 128, ...",
        defaults=PAPER_NETWORKS,
    )


@ganzoo.hookimpl
def ganzoo_register_schemes(register):
    register(
        "stylegan2",
        "ganzoo_stylegan.scheme:StyleGAN2",
        description="StyleGAN2's training: style mixing (0.9), lazy R1 on reals (γ 10, every 16 D steps), lazy path-length"
        " regularisation (weight 2, every 4 G steps; its running mean is saved), Adam's lazy corrections, w's average"
        " tracked; sample with --option psi=0.7 for truncation in W.",
        defaults=PAPER_SCHEME,
    )


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register(
        "stylegan2",
        ganzoo.Recipe(
            **PAPER_TRAINING,
            architecture_options=CPU_NETWORKS,
            dataset="mnist-sample",
            latent_dim=128,
            ema=0.99,
            steps=500,
            log_every=25,
            sample_every=100,
            checkpoint_every=200,
        ),
        description="StyleGAN2 (Karras et al. 2020) narrowed for a CPU (32 feature maps, minutes) on the 5,000 shipped"
        " MNIST digits: needs nothing, offline; for trying a style-based G, truncation and style mixing before scaling it"
        " up with --set architecture_options.",
    )
    register(
        "stylegan2-images",
        ganzoo.Recipe(
            **PAPER_TRAINING,
            dataset="image-folder",
            dataset_options={"size": 64},
            latent_dim=512,
            ema=0.9978,  # the paper's half-life of 10,000 images: 0.5 ** (32 / 10_000)
            steps=25_000,
            log_every=100,
            sample_every=1_000,
            checkpoint_every=1_000,
        ),
        description="StyleGAN2 (Karras et al. 2020) at the paper's widths on your own images (--data-dir), 64×64: needs"
        " images of one kind and a GPU; for new images like them, with truncation and style mixing.",
    )
