"""The toy models: PacGAN's 2-D setting, and the remedies for mode collapse compared in it.

Every model shares PacGAN's networks, latent size (2) and batch of 100 (packs) on the ring; they
differ only in the remedy. PacGAN trains with Adam 1e-4, β = (0.8, 0.999), for 400 epochs of 1,000
batches. These stop after 4,000 steps, so that a run takes a minute or two on a CPU, and to make
up for it they start ten times faster and settle: Adam 1e-3, β = (0.5, 0.999), both rates falling
linearly to zero. On ``ring8``, over 4 seeds at 1,500 steps, the falling rate lifted the plain
GAN's high-quality samples from 29% (a constant 1e-3) to 65%, and PacGAN4's from 32% to 63%; at
4,000 steps they reached 86–92% (2 seeds).

``toy-r1`` and ``toy-gm-r1`` are the exceptions, what a measured search found for sharp, evenly
filled modes on both mixtures: ``toy-r1`` within about three CPU minutes a run, with narrower
networks and 15,000 steps (``_searched`` says why); ``toy-gm-r1`` adds a latent prior of separate
clusters and a batch of 500, at about seven CPU minutes a run (``_mixture_prior`` says why).
"""

import dataclasses

from ganzoo import Recipe

STEPS = 4_000
SEARCHED_STEPS = 15_000

PACGAN_SETTING = Recipe(
    architecture="mlp2d",
    loss="non-saturating",
    dataset="ring8",
    sampler="normal",
    latent_dim=2,
    batch_size=100,
    steps=STEPS,
    optimizer="adam",
    lr_g=1e-3,
    lr_d=1e-3,
    betas=(0.5, 0.999),
    lr_schedule="linear",
    log_every=100,
    sample_every=1_000,
    checkpoint_every=1_000,
)


def _packed(pack: int) -> Recipe:
    """PacGAN keeps 100 packs per batch, so a pack of m needs a batch of 100·m samples."""
    return dataclasses.replace(PACGAN_SETTING, architecture_options={"pack": pack}, batch_size=100 * pack)


def _searched() -> Recipe:
    """What ``benchmarks/toy_search.py`` in the repository led to (its results file holds every run).
    Networks of half PacGAN's width cost 2.5 times fewer CPU seconds a step, with no loss measured at
    equal steps, so a run of under three minutes buys 15,000 steps, and the modes keep sharpening with
    steps (the grid's good points: 35% at 6,000, 70% at 15,000, 83% at 30,000, at γ = 0.01). An R1
    penalty on real points (Mescheder et al. 2018), γ/2 · E‖∇D(x)‖², spreads the mass evenly over
    the modes and keeps every mode. Its γ is small because the modes are narrow (std 0.01 and 0.05)
    and a stronger penalty keeps D too flat to sharpen them (γ = 1: 22% good points on the grid at
    6,000 steps, against 62% with no penalty); 0.03 is the smallest measured that kept all 25 grid
    modes. A moving average of G did not help; a slower G (two time-scales) gave fewer good ring
    points at 15,000 steps (90.8% against 94.9%); a batch of 500 sharpened the grid most but cost
    3.7 times the CPU a step, and at equal CPU (6,000 steps) did worse."""
    return dataclasses.replace(PACGAN_SETTING, architecture_options={"g_hidden": 200, "d_hidden": 100},
                               scheme_options={"r1_gamma": 0.03}, steps=SEARCHED_STEPS)


def _mixture_prior() -> Recipe:
    """``toy-r1`` fed a latent of separate clusters, with a larger batch: where the search went next.
    A generator fed one connected Gaussian must stretch it over every mode, and the latent mass it
    maps between modes becomes off-mode points; a prior of 25 Gaussians (GM-GAN's static prior,
    Ben-Yosef & Weinshall 2018; std 0.1, centres drawn once in [-1, 1]^8) lets G send whole clusters
    to modes and lay the bridges where the prior has almost no mass. The latent has 8 dimensions
    instead of PacGAN's 2 because 25 random centres crowd each other in a 2-D square (the grid's good
    points at 6,000 steps: 42% in 2-D, 77% in 8-D, 46% for toy-r1's settings). In a batch of 500
    D sees each mode's mass from five times the samples, which evens and sharpens the modes (grid,
    seed 0, 15,000 steps: 99.8% good points and a reverse KL of 0.004, against 90.4% and 0.09 with
    batch 100) at 3.2 times the CPU a step. Shorter runs can stop mid-oscillation: at 10,000 steps
    one ring seed ended blurred and uneven (52% good points, reverse KL 0.45), and a 15,000-step ring
    run lost a mode around step 11,000 and found it again by 13,000, before the falling rate settled it."""
    return dataclasses.replace(_searched(), sampler="mixture", sampler_options={"components": 25, "std": 0.1},
                               latent_dim=8, batch_size=500)


SETTING = f"PacGAN's 2-D MLPs, z ∈ R², Adam 1e-3 β (0.5, 0.999) falling linearly to 0 over {STEPS:,} steps"

MODELS: dict[str, tuple[Recipe, str]] = {
    "toy-gan": (
        PACGAN_SETTING,
        f"The plain GAN (non-saturating) on PacGAN's 2-D ring, the baseline for mode collapse; {SETTING}, batch 100.",
    ),
    "toy-pacgan2": (
        _packed(2),
        f"PacGAN with packs of 2 (Lin et al. 2018) on the 2-D ring; {SETTING}, 100 packs (200 samples) a batch.",
    ),
    "toy-pacgan4": (
        _packed(4),
        f"PacGAN with packs of 4 (Lin et al. 2018) on the 2-D ring; {SETTING}, 100 packs (400 samples) a batch.",
    ),
    "toy-unrolled": (
        dataclasses.replace(PACGAN_SETTING, scheme="unrolled", scheme_options={"unroll_steps": 5, "second_order": True}),
        "Unrolled GAN (Metz et al. 2017) on the 2-D ring: G's gradient flows through 5 unrolled Adam steps of D, as "
        "in the paper, at 2.2 times the cost of the first-order variant (scheme_options.second_order=false); "
        f"{SETTING}, batch 100.",
    ),
    "toy-minibatch": (
        dataclasses.replace(PACGAN_SETTING, architecture_options={"minibatch_kernels": 100, "minibatch_kernel_dim": 5}),
        f"Minibatch discrimination (Salimans et al. 2016), 100 kernels of 5, on the 2-D ring; {SETTING}, batch 100.",
    ),
    "toy-r1": (
        _searched(),
        "The plain GAN (non-saturating) with an R1 penalty (γ 0.03), the best of a measured search for sharp, evenly "
        "filled modes on the 2-D ring and grid; PacGAN's 2-D MLPs at half width (G 4 × 200, D 3 × 100 maxout), "
        f"z ∈ R², batch 100, Adam 1e-3 β (0.5, 0.999) falling linearly to 0 over {SEARCHED_STEPS:,} steps.",
    ),
    "toy-gm-r1": (
        _mixture_prior(),
        "toy-r1 with a latent prior of 25 Gaussians in R^8 (GM-GAN's static prior, Ben-Yosef & Weinshall 2018) and a "
        "batch of 500: sharp, evenly filled modes on the 2-D ring and grid; R1 γ 0.03, PacGAN's 2-D MLPs at half width, "
        f"Adam 1e-3 β (0.5, 0.999) falling linearly to 0 over {SEARCHED_STEPS:,} steps.",
    ),
    "toy-wgan-gp": (
        dataclasses.replace(PACGAN_SETTING, loss="wgan-gp", betas=(0.5, 0.9), n_critic=5),
        "WGAN-GP (Gulrajani et al. 2017) on the 2-D ring: 5 critic steps per G step, Adam β (0.5, 0.9) as in the "
        f"paper; PacGAN's 2-D MLPs, z ∈ R², batch 100, Adam 1e-3 falling linearly to 0 over {STEPS:,} steps.",
    ),
}
