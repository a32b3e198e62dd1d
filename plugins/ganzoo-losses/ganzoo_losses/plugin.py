"""Declares the losses; their code (and torch) is imported only when a run builds one."""

import ganzoo


@ganzoo.hookimpl
def ganzoo_register_losses(register):
    register(
        "minimax",
        "ganzoo_losses.classic:Minimax",
        description="The original GAN game: G minimises log(1 - D(G(z))), which saturates early in training.",
    )
    register(
        "non-saturating",
        "ganzoo_losses.classic:NonSaturating",
        description="The GAN loss used in practice: G maximises log D(G(z)) (Goodfellow et al. 2014).",
    )
    register(
        "lsgan",
        "ganzoo_losses.least_squares:LeastSquares",
        description="Least squares on D's raw output, targets 0 fake / 1 real (Mao et al. 2017).",
    )
    register(
        "wgan",
        "ganzoo_losses.wasserstein:Wasserstein",
        description="Wasserstein critic loss E[D(G(z))] - E[D(x)] (Arjovsky et al. 2017); pair with the scheme option weight_clip.",
    )
    register(
        "wgan-gp",
        "ganzoo_losses.wasserstein:WassersteinGradientPenalty",
        description="The Wasserstein loss plus gp_weight·E[(‖∇D(x̂)‖ - 1)²] on real/fake interpolates (Gulrajani et al. 2017).",
        defaults={"gp_weight": 10.0},
    )
    register(
        "hinge",
        "ganzoo_losses.hinge:Hinge",
        description="Hinge loss: D minimises relu(1 - D(x)) + relu(1 + D(G(z))), G minimises -D(G(z)) (Lim & Ye 2017; SN-GAN).",
    )
    register(
        "ragan",
        "ganzoo_losses.relativistic:RelativisticAverage",
        description="Relativistic average GAN: cross-entropy on logits relative to the other batch's mean (Jolicoeur-Martineau 2018).",
    )
