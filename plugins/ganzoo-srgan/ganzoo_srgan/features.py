"""The feature network of SRGAN's VGG content loss, built from a safetensors file the user supplies.

The paper compares G's output and the target through VGG-19 (Simonyan and Zisserman 2015)
pretrained on ImageNet: φi,j is the feature map of the j-th convolution (after its ReLU) before
the i-th max-pool, and SRGAN's loss uses φ5,4. Those weights cannot be downloaded here, so the
user gives a file, written from torchvision's VGG (see the README):

- key names as torchvision's ``vgg.features`` with its prefix: ``features.N.weight`` and
  ``features.N.bias``, N counting every layer of the stack, the weightless ones too;
- every weight a 3×3 convolution with a bias, the first taking 3 channels (RGB), each taking the
  channels the one before gives;
- torchvision's layout: a ReLU after each convolution (N + 1), and a 2×2 max-pool where the next
  convolution's index skips one more (N + 2). VGG-19 has convolutions at 0, 2 | 5, 7 | 10, 12, 14,
  16 | 19, 21, 23, 25 | 28, 30, 32, 34, with the pools at 4, 9, 18, 27 (and 36).

The network maps images in the data's value range to [0, 1], repeats a grey channel three times,
normalises with ImageNet's mean and standard deviation as torchvision's weights expect, and divides
the feature maps by 12.75, the paper's rescaling "to obtain VGG losses of a scale comparable to the
MSE loss". It runs only up to the chosen layer, takes no gradients of its own and is no module of
the scheme: it is neither saved in checkpoints nor exported.

On 28 px images the four max-pools before φ5,j leave a 1×1 map (28 → 14 → 7 → 3 → 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from ganzoo import GanzooError

KEY = re.compile(r"features\.(\d+)\.(weight|bias)")
PAPER_LAYER = (5, 4)
FEATURE_SCALE = 12.75
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
LAYOUT = "torchvision's VGG layout (a ReLU after each convolution, a 2×2 max-pool between blocks)"


@dataclass(frozen=True)
class Convolution:
    """One 3×3 convolution of the file: its name (i, j) for φi,j, its weights, and whether a
    max-pool follows its ReLU."""

    name: tuple[int, int]
    weight: torch.Tensor
    bias: torch.Tensor
    pooled: bool


def parse_layer(value: Any) -> tuple[int, int] | None:
    """``"5,4"`` (or ``[5, 4]``) as (5, 4); ``None`` as it is."""
    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else value
    try:
        i, j = (int(part) for part in parts)
    except (TypeError, ValueError):
        raise GanzooError(f"feature_layer must be 'i,j' for φi,j, the j-th convolution before the i-th max-pool (the paper's"
                          f" '5,4'), got {value!r}") from None
    return i, j


def read_tensors(path: Path) -> dict[str, torch.Tensor]:
    if not path.is_file():
        raise GanzooError(f"feature_network {path}: no such file")
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    try:
        return load_file(path)
    except (OSError, SafetensorError) as exc:
        raise GanzooError(f"feature_network {path} is not a readable safetensors file ({str(exc).splitlines()[0]})") from None


def convolutions(path: Path, tensors: dict[str, torch.Tensor]) -> list[Convolution]:
    """The file's convolutions in order, named φi,j, checked against torchvision's VGG layout."""
    indices = _checked_indices(path, tensors)
    found: list[Convolution] = []
    block, position = 1, 0
    for k, index in enumerate(indices):
        weight, bias = tensors[f"features.{index}.weight"], tensors[f"features.{index}.bias"]
        arriving = found[-1].weight.shape[0] if found else 3
        if weight.shape[1] != arriving:
            raise GanzooError(f"feature_network {path}: features.{index} takes {weight.shape[1]} channels where {arriving} arrive")
        step = indices[k + 1] - index if k + 1 < len(indices) else 2
        if step not in (2, 3):
            raise GanzooError(f"feature_network {path}: features.{index} is followed by features.{indices[k + 1]}, not {LAYOUT}")
        position += 1
        found.append(Convolution((block, position), weight.float(), bias.float(), pooled=step == 3))
        if step == 3:
            block, position = block + 1, 0
    return found


def _checked_indices(path: Path, tensors: dict[str, torch.Tensor]) -> list[int]:
    """The layer indices of the file, each of them a 3×3 convolution with a bias."""
    if any(key.endswith("running_mean") for key in tensors):
        raise GanzooError(f"feature_network {path} holds VGG with batch norm (vgg19_bn), which is not supported; write vgg19's")
    unexpected = sorted(key for key in tensors if not KEY.fullmatch(key))
    if unexpected or not tensors:
        found = ", ".join(unexpected[:3]) + (", ..." if len(unexpected) > 3 else "") if unexpected else "nothing"
        raise GanzooError(f"feature_network {path}: expected torchvision's VGG key names features.N.weight and"
                          f" features.N.bias, found {found}")
    indices = sorted({int(KEY.fullmatch(key).group(1)) for key in tensors})  # type: ignore[union-attr]
    if indices[0] != 0:
        raise GanzooError(f"feature_network {path}: the stack must start at features.0, this one starts at features.{indices[0]}")
    for index in indices:
        weight, bias = tensors.get(f"features.{index}.weight"), tensors.get(f"features.{index}.bias")
        if weight is None or bias is None or weight.dim() != 4 or tuple(weight.shape[2:]) != (3, 3) or bias.shape != weight.shape[:1]:
            raise GanzooError(f"feature_network {path}: features.{index} is not a 3×3 convolution with a bias")
    return indices


def describe(names: list[tuple[int, int]]) -> str:
    """The layers by block, e.g. ``φ1,1-φ1,2, φ2,1-φ2,2``."""
    blocks: dict[int, list[int]] = {}
    for i, j in names:
        blocks.setdefault(i, []).append(j)
    return ", ".join(f"φ{i},1" + (f"-φ{i},{js[-1]}" if len(js) > 1 else "") for i, js in blocks.items())


def chosen(path: Path, found: list[Convolution], layer: tuple[int, int] | None) -> int:
    """The position of the chosen layer: ``layer``, else the paper's φ5,4 when the file has it,
    else the file's deepest convolution."""
    names = [c.name for c in found]
    if layer is None:
        return names.index(PAPER_LAYER) if PAPER_LAYER in names else len(names) - 1
    if layer not in names:
        raise GanzooError(f"feature_layer {layer[0]},{layer[1]} does not exist in {path}, which has {describe(names)}")
    return names.index(layer)


class FeatureNetwork(nn.Module):
    """φ of the last of ``layers``: images in ``value_range`` → feature maps / 12.75."""

    def __init__(self, layers: list[Convolution], value_range: tuple[float, float]) -> None:
        super().__init__()
        self.name = layers[-1].name
        modules: list[nn.Module] = []
        for k, layer in enumerate(layers):
            conv = nn.Conv2d(layer.weight.shape[1], layer.weight.shape[0], 3, padding=1)
            with torch.no_grad():
                conv.weight.copy_(layer.weight)
                conv.bias.copy_(layer.bias)
            modules += [conv, nn.ReLU()]
            if layer.pooled and k + 1 < len(layers):
                modules.append(nn.MaxPool2d(2, 2))
        self.body = nn.Sequential(*modules)
        self.low, self.span = value_range[0], value_range[1] - value_range[0]
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor(IMAGENET_STD).view(1, 3, 1, 1), persistent=False)
        self.requires_grad_(False)
        self.eval()

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = (images - self.low) / self.span
        if x.shape[1] == 1:
            x = x.expand(-1, 3, -1, -1)
        return self.body((x - self.mean) / self.std) / FEATURE_SCALE


def load_feature_network(path: str | Path, layer: Any, value_range: tuple[float, float]) -> FeatureNetwork:
    """The feature network of the file at ``path``, up to ``layer`` ('i,j'; by default φ5,4, or the
    deepest the file has); a :class:`ganzoo.GanzooError` of one line says what is wrong."""
    wanted = parse_layer(layer)
    path = Path(path).expanduser()
    found = convolutions(path, read_tensors(path))
    return FeatureNetwork(found[: chosen(path, found, wanted) + 1], value_range)
