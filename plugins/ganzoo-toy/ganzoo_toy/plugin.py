"""Declares the toy datasets, the mlp2d architecture, the unrolled scheme and the toy models;
torch is imported only when a run builds one of them."""

import ganzoo
from ganzoo_toy.recipes import MODELS


@ganzoo.hookimpl
def ganzoo_register_datasets(register):
    register("ring8", "ganzoo_toy.datasets:ring8",
             description="PacGAN's 2D-ring: 8 Gaussians, std 0.01, evenly on the unit circle; labels are the modes.")
    register("grid25", "ganzoo_toy.datasets:grid25",
             description="PacGAN's 2D-grid: 25 Gaussians, std 0.05, at {-4, -2, 0, 2, 4}²; labels are the modes.")
    register("swiss-roll", "ganzoo_toy.datasets:swiss_roll",
             description="WGAN-GP's 2-D swiss roll: (t cos t, t sin t) / 7.5 for t in [1.5π, 4.5π], noise std 0.033.")


@ganzoo.hookimpl
def ganzoo_register_architectures(register):
    register(
        "mlp2d",
        "ganzoo_toy.mlp2d:build",
        description="PacGAN's 2-D MLPs: G 4 × 400 ReLU + batch norm, D 3 × 200 maxout; packing and minibatch discrimination.",
        defaults={"g_hidden": 400, "g_layers": 4, "d_hidden": 200, "d_layers": 3, "maxout_pieces": 5,
                  "pack": 1, "minibatch_kernels": 0, "minibatch_kernel_dim": 5},
    )


@ganzoo.hookimpl
def ganzoo_register_schemes(register):
    register(
        "unrolled",
        "ganzoo_toy.unrolled:build",
        description="Unrolled GAN (Metz et al. 2017): G steps against D unrolled k steps ahead; second_order "
                    "differentiates through D's unrolled Adam steps as the paper does, else D's steps are undone after.",
        defaults={"unroll_steps": 5, "second_order": False},
    )


@ganzoo.hookimpl
def ganzoo_register_models(register):
    for name, (recipe, description) in MODELS.items():
        register(name, recipe, description=description)
