"""The paper's initialisation: every weight from N(0, 0.02), normalisation scales from N(1, 0.02).

It must run before spectral normalisation wraps a layer, because afterwards ``weight`` is computed
from the stored original rather than stored itself.
"""

from torch import nn


def initialise(module: nn.Module) -> None:
    """Initialise one layer; use as ``network.apply(initialise)``."""
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
        nn.init.normal_(module.weight, 0.0, 0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, (nn.BatchNorm2d, nn.GroupNorm)) and module.affine:
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)
