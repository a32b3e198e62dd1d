"""Content hashes: of a labelled dataset (to key a cached classifier) and of a network's weights
(to name the classifier a number was measured with)."""

from __future__ import annotations

import hashlib

import torch
from safetensors.torch import save


def data_fingerprint(samples: torch.Tensor, labels: torch.Tensor, value_range: tuple[float, float]) -> str:
    """sha256 of the samples quantised to uint8 over ``value_range``, their shape, and the labels.

    Quantising makes the hash a property of the images, not of how a loader rounded its floats:
    MNIST's bytes scaled to [-1, 1] by two different pieces of code hash the same.
    """
    low, high = value_range
    quantised = ((samples.float() - low) * (255 / (high - low))).round().clamp(0, 255).to(torch.uint8)
    digest = hashlib.sha256()
    digest.update(repr(tuple(samples.shape)).encode())
    digest.update(quantised.contiguous().numpy().tobytes())
    digest.update(labels.to(torch.int64).contiguous().numpy().tobytes())
    return digest.hexdigest()


def weights_sha256(state: dict[str, torch.Tensor]) -> str:
    """sha256 of the weights serialised as safetensors (names, dtypes, shapes and bytes; no metadata)."""
    return hashlib.sha256(save({name: tensor.contiguous() for name, tensor in state.items()})).hexdigest()
