"""Tiny super-resolution data made here, a VGG-like feature file written here, and helpers to write
and read pictures.

``tiny-sr`` is 32 bright squares on a dark background (1×28×28 in [-1, 1] unless its options
``channels`` and ``size`` say otherwise) with their copies shrunk ``factor`` times by ganzoo-pairs'
own super-resolution code (bicubic, as the recipes).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from ganzoo import DataSpec, InMemoryData, Recipe, hookimpl

NARROW = {"blocks": 2, "width": 8, "d_width": 8}  # the tests check wiring, not capacity
VGG19_CONVOLUTIONS = (0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34)  # torchvision's vgg19().features


def pytest_configure(config: pytest.Config) -> None:
    # Small networks: one thread is faster than two contending, and steadier on a busy machine.
    torch.set_num_threads(1)


def squares(n: int = 32, size: int = 28, channels: int = 1, seed: int = 0) -> torch.Tensor:
    """n bright squares of random sizes, places and colours on a dark background, in [-1, 1]."""
    generator = torch.Generator().manual_seed(seed)
    images = torch.full((n, channels, size, size), -1.0)
    for i in range(n):
        side = int(torch.randint(4, size // 2, (), generator=generator))
        top, left = (int(v) for v in torch.randint(0, size - side, (2,), generator=generator))
        images[i, :, top : top + side, left : left + side] = torch.rand(channels, 1, 1, generator=generator)
    return images


def tiny_sr(factor: int = 4, channels: int = 1, size: int = 28) -> InMemoryData:
    from ganzoo_pairs.sr import super_resolution

    images = squares(size=size, channels=channels)
    data = InMemoryData(images, None, DataSpec((channels, size, size)), f"{len(images)} squares")
    return super_resolution(data, factor, "bicubic", name="tiny-sr")


class TinyData:
    """A plugin of the tests' dataset ``tiny-sr`` (options ``factor``, ``channels``, ``size``)."""

    @hookimpl
    def ganzoo_register_datasets(self, register):
        register("tiny-sr", lambda data_dir=None, split="train", **options: tiny_sr(**options),
                 description="squares and their shrunk copies")


@pytest.fixture
def zoo(ganzoo_zoo):
    """The installed plugins (this one among them) and ``tiny-sr``; ``ganzoo`` commands run
    in-process see the same zoo."""
    return ganzoo_zoo(TinyData())


@pytest.fixture
def srgan_recipe(zoo):
    """``srgan_recipe(**changes)``: the srgan recipe on ``tiny-sr`` with narrow networks."""

    def recipe(**changes) -> Recipe:
        base = zoo.registry.get("model", "srgan").recipe
        return base.with_overrides(**{"architecture_options": NARROW, "dataset": "tiny-sr", "dataset_options": {}, **changes})

    return recipe


def write_vgg(path: Path, convolutions=VGG19_CONVOLUTIONS, width: int = 4, seed: int = 0,
              extra: dict[str, torch.Tensor] | None = None) -> Path:
    """A VGG-like feature file with torchvision's key names: 3×3 convolutions of ``width``
    channels (3 into the first) at the indices ``convolutions``, random weights, and ``extra``
    tensors under their own keys."""
    from safetensors.torch import save_file

    generator = torch.Generator().manual_seed(seed)
    tensors = {}
    for k, index in enumerate(convolutions):
        tensors[f"features.{index}.weight"] = torch.randn(width, 3 if k == 0 else width, 3, 3, generator=generator) * 0.3
        tensors[f"features.{index}.bias"] = torch.randn(width, generator=generator) * 0.1
    save_file({**tensors, **(extra or {})}, str(path))
    return path


@pytest.fixture
def vgg(tmp_path: Path):
    """``vgg(name="vgg", convolutions=VGG19_CONVOLUTIONS, width=4, extra=None)``: :func:`write_vgg`
    to ``tmp_path/NAME.safetensors``; by default every convolution of VGG-19's layout, 4 channels wide."""
    return lambda name="vgg", **options: write_vgg(tmp_path / f"{name}.safetensors", **options)


@pytest.fixture
def write_pictures(tmp_path: Path):
    """``write_pictures(images)``: (N, C, h, w) in [-1, 1] as PNGs image00.png ... in a new folder."""
    from PIL import Image

    calls = iter(range(1_000))

    def write(images: torch.Tensor) -> Path:
        folder = tmp_path / f"pictures-{next(calls)}"
        folder.mkdir()
        pixels = ((images.permute(0, 2, 3, 1) + 1) * 127.5).round().clamp(0, 255).to(torch.uint8).numpy()
        for i, picture in enumerate(pixels):
            Image.fromarray(picture[..., 0] if picture.shape[-1] == 1 else picture).save(folder / f"image{i:02d}.png")
        return folder

    return write
