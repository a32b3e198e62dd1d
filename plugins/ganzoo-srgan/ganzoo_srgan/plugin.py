"""Declares SRGAN: its architecture, scheme and models. Nothing here imports torch; every factory
is a "module:attribute" string."""

import ganzoo

SRRESNET_DEFAULTS = {"blocks": 16, "width": 64, "d_width": 64, "d_strided": None, "input_field": "low"}
SCHEME_DEFAULTS = {"content": "mse", "feature_network": None, "feature_layer": None, "adversarial_weight": 1e-3,
                   "pretrain": 0.5, "drop_at": 0.5}

SRGAN = dict(
    architecture="srresnet",
    # The paper's 16 blocks of 64 channels; 8 of 32 make a CPU step about 4× cheaper (see the README).
    architecture_options={"blocks": 8, "width": 32, "d_width": 32},
    loss="non-saturating",  # the paper's −log D(G(x))
    scheme="srgan",
    scheme_options={"content": "mse", "adversarial_weight": 1e-3, "pretrain": 0.5, "drop_at": 0.5},
    # The paper's Adam: β1 = 0.9, 10⁻⁴ for both players (10⁻⁵ after the drop), no moving average.
    optimizer="adam", lr_g=1e-4, lr_d=1e-4, betas=(0.9, 0.999), ema=None,
    latent_dim=1,  # unused: SRGAN takes no noise
    batch_size=16,  # the paper's
    steps=2_000,
    log_every=50,
    sample_every=500,
    checkpoint_every=500,
)
DIGITS = {"of": "mnist-sample", "downsampling": "bicubic"}  # the paper shrinks its images with a bicubic kernel


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register(
        "srresnet",
        "ganzoo_srgan.architectures:build_srresnet",
        description="SRGAN's networks (Ledig et al. 2017): SRResNet G (9×9 conv, residual blocks with BN and PReLU, a long"
        " skip, ×2 PixelShuffle blocks up to the data's factor) from the field 'low', and the paper's VGG-like D"
        " (stride-2 blocks as the image size allows, dense 1024, 1 logit).",
        defaults=SRRESNET_DEFAULTS,
    )


@ganzoo.hookimpl
def ganzoo_register_schemes(register):
    register(
        "srgan",
        "ganzoo_srgan.srgan:SRGAN",
        description="SRGAN: G minimises content + 10⁻³·adversarial (content: pixel 'mse', or 'features' of a VGG file you"
        " give); the first 'pretrain' of the run trains G on content alone (SRResNet), rates drop to a tenth halfway"
        " through the rest.",
        defaults=SCHEME_DEFAULTS,
    )


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register(
        "srgan",
        ganzoo.Recipe(**SRGAN, dataset="sr-pairs", dataset_options={**DIGITS, "factor": 4}),
        description="SRGAN (Ledig et al. 2017) ×4: 7×7 MNIST digits → 28×28, pixel-MSE content loss; offline.",
    )
    register(
        "srgan-x2",
        ganzoo.Recipe(**SRGAN, dataset="sr-pairs", dataset_options={**DIGITS, "factor": 2}),
        description="SRGAN (Ledig et al. 2017) ×2: 14×14 MNIST digits → 28×28, pixel-MSE content loss; offline.",
    )
    register(
        "srgan-fashion",
        ganzoo.Recipe(**SRGAN, dataset="sr-pairs", dataset_options={**DIGITS, "of": "fashion-mnist", "factor": 4}),
        description="SRGAN (Ledig et al. 2017) ×4: 7×7 Fashion-MNIST items → 28×28 (needs Fashion-MNIST).",
    )
    register(
        "srgan-images",
        ganzoo.Recipe(**SRGAN, dataset="image-sr",
                      dataset_options={"size": 64, "channels": 3, "factor": 4, "downsampling": "bicubic"}),
        description="SRGAN ×4 on your own pictures from --data-dir: 16×16 → 64×64 colour.",
    )
