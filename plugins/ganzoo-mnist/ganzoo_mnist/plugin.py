"""The ganzoo plugin: declares the datasets without importing torch or numpy.

Factories are given as ``"module:attribute"`` strings, so :mod:`ganzoo_mnist.datasets` and what it
imports are loaded only when a run builds one of these datasets.
"""

from __future__ import annotations

from ganzoo import hookimpl
from ganzoo.hookspecs import RegisterPart


@hookimpl
def ganzoo_register_datasets(register: RegisterPart) -> None:
    register(
        "mnist",
        "ganzoo_mnist.datasets:mnist",
        description="MNIST handwritten digits, 1×28×28, 10 classes (60,000 train / 10,000 test);"
        " downloaded once into the cache, or mnist-sample when offline",
    )
    register(
        "fashion-mnist",
        "ganzoo_mnist.datasets:fashion_mnist",
        description="Zalando's Fashion-MNIST clothing images, 1×28×28, 10 classes (60,000 train / 10,000 test)",
    )
    register(
        "mnist-sample",
        "ganzoo_mnist.datasets:mnist_sample",
        description="5,000 real MNIST digits (500 per class) shipped with the plugin: no download, train split only",
    )


@hookimpl
def ganzoo_register_commands(register):
    from ganzoo_mnist.commands import fetch_mnist

    register("fetch-mnist", fetch_mnist)
