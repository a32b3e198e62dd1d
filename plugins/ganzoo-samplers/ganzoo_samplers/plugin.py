"""Declares the samplers; torch is imported only when one is built."""

import ganzoo


@ganzoo.hookimpl
def ganzoo_register_samplers(register):
    register("normal", "ganzoo_samplers.noise:Normal", description="Standard normal noise, N(0, I).")
    register(
        "uniform",
        "ganzoo_samplers.noise:Uniform",
        description="Uniform noise on [low, high]^d (the original GAN paper's prior).",
        defaults={"low": -1.0, "high": 1.0},
    )
    register(
        "truncated",
        "ganzoo_samplers.noise:Truncated",
        description="Normal noise truncated to [-threshold, threshold]: the truncation trick, trading variety for fidelity.",
        defaults={"threshold": 1.0},
    )
    register(
        "mixture",
        "ganzoo_samplers.noise:GaussianMixture",
        description="A mixture of Gaussians with fixed random centres (GM-GAN's static prior): clusters G can map to separate modes.",
        defaults={"components": 10, "spread": 1.0, "std": 0.1, "centres_seed": 0},
    )
