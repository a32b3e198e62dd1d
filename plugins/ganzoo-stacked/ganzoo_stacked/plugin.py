"""Declares stacked-mnist without importing torch."""

from __future__ import annotations

from ganzoo import hookimpl
from ganzoo.hookspecs import RegisterPart


@hookimpl
def ganzoo_register_datasets(register: RegisterPart) -> None:
    register(
        "stacked-mnist",
        "ganzoo_stacked.dataset:stacked_mnist",
        description="Three random MNIST digits as the channels of a 3×28×28 image, drawn on the fly;"
        " label d0·100 + d1·10 + d2, 1,000 modes (Metz et al. 2017)",
    )
