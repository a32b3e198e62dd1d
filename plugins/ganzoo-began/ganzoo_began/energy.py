"""What an autoencoder discriminator scores: how badly it reconstructs each picture.

Both papers call this the energy of a picture. BEGAN's L(v) = |v − D(v)|^η takes η = 1 (``"l1"``),
EBGAN's D(x) = ‖Dec(Enc(x)) − x‖ is its squared error (``"mse"``). Each is the mean over the
picture's values, so that it does not grow with the image size: BEGAN's k_t moves by λ_k times a
difference of energies, and EBGAN's margin is compared with one, so both need a scale that is the
same for 28 and 64 px.
"""

from __future__ import annotations

import torch

DISTANCES = ("l1", "mse")


def check_distance(distance: str) -> str:
    if distance not in DISTANCES:
        raise ValueError(f"energy must be one of {', '.join(DISTANCES)}, got {distance!r}")
    return distance


def reconstruction_energy(x: torch.Tensor, reconstruction: torch.Tensor, distance: str) -> torch.Tensor:
    """One energy per picture of the batch ``x``: the mean absolute (``"l1"``) or squared
    (``"mse"``) difference from its reconstruction, in float32."""
    difference = (x.float() - reconstruction.float()).flatten(1)
    if distance == "l1":
        return difference.abs().mean(1)
    return difference.pow(2).mean(1)
