"""Declares BEGAN and EBGAN: their architectures, schemes and models. Nothing here imports torch;
every factory is a "module:attribute" string."""

import ganzoo

NETWORKS = {"width": 64, "embedding": 64}  # BEGAN's n and N_h
BEGAN_OPTIONS = {"gamma": 0.5, "lambda_k": 0.001, "k_initial": 0.0, "decay_window": None}
EBGAN_OPTIONS = {"margin": 1.0, "pt_weight": 0.1}

DIGITS = dict(
    dataset="mnist-sample",
    sampler="uniform",  # both papers draw z uniformly from [-1, 1]
    latent_dim=64,  # BEGAN's N_z = N_h
    batch_size=16,  # BEGAN's
    ema=None,
    architecture_options={"width": 16},  # the paper's n = 64 makes a CPU step about 8× slower (see the README)
    log_every=50,
    sample_every=500,
    checkpoint_every=500,
)


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register(
        "began",
        "ganzoo_began.architectures:build",
        description="BEGAN's networks (Berthelot et al. 2017): an autoencoder D (3×3 conv ELU blocks, stride-2 subsampling,"
        " filters n, 2n, 3n..., a fully connected embedding h; a decoder from 8×8 maps, 7×7 at 28 px, with nearest"
        " upsampling) whose output is each picture's mean absolute reconstruction error, and a G shaped like the decoder.",
        defaults={**NETWORKS, "energy": "l1"},
    )
    register(
        "ebgan",
        "ganzoo_began.architectures:build",
        description="The began networks with EBGAN's energy (Zhao et al. 2017): D's output is each picture's mean squared"
        " reconstruction error.",
        defaults={**NETWORKS, "energy": "mse"},
    )


@ganzoo.hookimpl
def ganzoo_register_schemes(register):
    register(
        "began",
        "ganzoo_began.began:BEGAN",
        description="BEGAN: D minimises L(x) − k_t·L(G(z)), G minimises L(G(z)); k_t steers towards L(G(z)) = γ·L(x)"
        " (λ_k 0.001, γ 0.5) and is saved with the run; logs k_t and the convergence measure M (falling = converging);"
        " decay_window halves the rates when M stalls.",
        defaults=BEGAN_OPTIONS,
    )
    register(
        "ebgan",
        "ganzoo_began.ebgan:EBGAN",
        description="EBGAN-PT: D minimises D(x) + [m − D(G(z))]⁺, G minimises D(G(z)) + λ_PT·f_PT, f_PT the pulling-away"
        " term on D's embeddings of G's batch (λ_PT 0.1; 0 for plain EBGAN).",
        defaults=EBGAN_OPTIONS,
    )


@ganzoo.hookimpl
def ganzoo_register_models(register):
    register(
        "began",
        ganzoo.Recipe(architecture="began", loss=None, scheme="began", **DIGITS, steps=2_000,
                      # k_t and the rates 10× and 5× the paper's: a 2,000-step run would end before k_t did
                      # anything (see the README)
                      scheme_options={"lambda_k": 0.01}, lr_g=5e-4, lr_d=5e-4, betas=(0.5, 0.999)),
        description="BEGAN (Berthelot et al. 2017) on the 5,000 MNIST digits shipped with ganzoo-mnist; offline.",
    )
    register(
        "ebgan",
        ganzoo.Recipe(architecture="ebgan", loss=None, scheme="ebgan", **DIGITS, steps=2_000,
                      lr_g=1e-3, lr_d=1e-3, betas=(0.5, 0.999)),
        description="EBGAN with the pulling-away term (Zhao et al. 2017) on the 5,000 shipped MNIST digits; offline.",
    )
