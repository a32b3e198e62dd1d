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
