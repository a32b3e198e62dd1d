"""The ganzoo plugin: declares the datasets without importing torch or numpy.

Factories are given as ``"module:attribute"`` strings, so the code that reads the data is imported
only when a run builds one of these datasets.
"""

from __future__ import annotations

from ganzoo import hookimpl
from ganzoo.hookspecs import RegisterPart


@hookimpl
def ganzoo_register_datasets(register: RegisterPart) -> None:
    register(
        "cifar10",
        "ganzoo_images.cifar:cifar10",
        description="CIFAR-10 colour photos, 3×32×32, 10 classes (50,000 train / 10,000 test);"
        " downloaded once into the cache",
    )
