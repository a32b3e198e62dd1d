"""The ganzoo plugin: declares the datasets without importing torch, numpy or Pillow.

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
    register(
        "image-folder",
        "ganzoo_images.image_folder:image_folder",
        description="your own images from --data-dir (PNG, JPEG, ...), resized and centre-cropped to"
        " size×size; one sub-folder per class gives labels",
        defaults={"size": 64, "channels": 3},
    )
