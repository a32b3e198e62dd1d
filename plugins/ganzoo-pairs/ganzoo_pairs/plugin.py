"""The ganzoo plugin: declares the datasets without importing torch, numpy or Pillow.

Factories are given as ``"module:attribute"`` strings, so the code that builds the data is imported
only when a run builds one of these datasets. Field names: ``"sample"`` is always the target (what
the generator produces); ``"input"`` is the other image of a pair, ``"a"`` an image of the other
domain of unpaired data, ``"low"`` the small image of a super-resolution pair.
"""

from __future__ import annotations

from ganzoo import hookimpl
from ganzoo.hookspecs import RegisterPart

UNPAIRED = "unpaired: rows shuffled per domain, their pairing means nothing"


@hookimpl
def ganzoo_register_datasets(register: RegisterPart) -> None:
    register(
        "edges2digits",
        "ganzoo_pairs.builtin:edges2digits",
        description="pairs: Sobel edge map 'input' → MNIST digit 'sample', 1×28×28, 10 classes; the 5,000 shipped digits, offline",
    )
    register(
        "edges2fashion",
        "ganzoo_pairs.builtin:edges2fashion",
        description="pairs: Sobel edge map 'input' → Fashion-MNIST item 'sample', 1×28×28, 10 classes (needs Fashion-MNIST)",
    )
    register(
        "sneakers2boots",
        "ganzoo_pairs.builtin:sneakers2boots",
        description=f"two domains: Fashion-MNIST sneakers 'a' and ankle boots 'sample', 1×28×28; {UNPAIRED} (needs Fashion-MNIST)",
        defaults={"balance": "repeat"},
    )
    register(
        "digits2items",
        "ganzoo_pairs.builtin:digits2items",
        description=f"two domains: shipped MNIST digits 'a' and Fashion-MNIST items 'sample', 1×28×28; {UNPAIRED} (needs Fashion-MNIST)",
        defaults={"balance": "repeat"},
    )
    register(
        "digits-thin2thick",
        "ganzoo_pairs.builtin:digits_thin2thick",
        description=f"two domains: 2,500 shipped digits as written 'a' and 2,500 others made bold 'sample', 1×28×28; {UNPAIRED}; offline",
        defaults={"balance": "repeat"},
    )
    register(
        "sr-pairs",
        "ganzoo_pairs.sr:sr_pairs",
        description="super-resolution pairs of any image dataset (option 'of'): 'low' C×H/f×W/f → 'sample' C×H×W;"
        " mnist-sample by 4 gives 7×7 → 28×28",
        defaults={"of": "mnist-sample", "factor": 4, "downsampling": "area"},
    )
    register(
        "image-pairs",
        "ganzoo_pairs.folders:image_pairs",
        description="your pairs from --data-dir: folders A/ and B/ matched by name, or side-by-side AB pictures;"
        " 'input' → 'sample', size×size",
        defaults={"size": 64, "channels": 3, "direction": "a2b"},
    )
    register(
        "image-domains",
        "ganzoo_pairs.folders:image_domains",
        description=f"your two domains from --data-dir: folders A/ 'a' and B/ 'sample', size×size; {UNPAIRED}",
        defaults={"size": 64, "channels": 3, "balance": "repeat"},
    )
    register(
        "image-sr",
        "ganzoo_pairs.folders:image_sr",
        description="super-resolution pairs of your images from --data-dir: 'low' C×size/f×size/f → 'sample' C×size×size",
        defaults={"size": 64, "channels": 3, "factor": 4, "downsampling": "area"},
    )
