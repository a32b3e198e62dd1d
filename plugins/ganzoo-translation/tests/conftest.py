"""Tiny data for the tests, made here: squares on a dark background.

- pairs (pix2pix): the ``input`` is a square's outline, the ``sample`` the filled square;
- two domains (CycleGAN): ``a`` holds thin outlines, ``sample`` filled squares elsewhere.

Both are 1×28×28 in [-1, 1], the shape of the recipes' digits.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from ganzoo import DataSpec, Field, InMemoryData, Recipe, hookimpl

SIZE = 28


def pytest_configure(config: pytest.Config) -> None:
    # Tiny networks: one thread is faster than two contending, and steadier on a busy machine.
    torch.set_num_threads(1)

SMALL = {"width": 8, "d_width": 8}  # narrow networks: the tests check wiring, not capacity
DATASETS = {"pix2pix": "tiny-pairs", "cyclegan": "tiny-domains"}


def squares(n: int, generator: torch.Generator, size: int = SIZE) -> tuple[torch.Tensor, torch.Tensor]:
    """n filled squares and their outlines, as (n, 1, size, size) in [-1, 1]."""
    filled = torch.full((n, 1, size, size), -1.0)
    outline = filled.clone()
    for i in range(n):
        side = int(torch.randint(6, size // 2, (), generator=generator))
        top, left = (int(v) for v in torch.randint(1, size - side - 1, (2,), generator=generator))
        filled[i, 0, top : top + side, left : left + side] = 1.0
        outline[i, 0, top : top + side, left : left + side] = 1.0
        outline[i, 0, top + 1 : top + side - 1, left + 1 : left + side - 1] = -1.0
    return filled, outline


def pairs(n: int = 16, seed: int = 0) -> InMemoryData:
    filled, outline = squares(n, torch.Generator().manual_seed(seed))
    spec = DataSpec((1, SIZE, SIZE), fields={"input": Field((1, SIZE, SIZE))})
    return InMemoryData(filled, None, spec, f"{n} squares and their outlines", fields={"input": outline})


def domains(n: int = 16, seed: int = 0) -> InMemoryData:
    generator = torch.Generator().manual_seed(seed)
    _, outline = squares(n, generator)
    filled, _ = squares(n, generator)
    spec = DataSpec((1, SIZE, SIZE), fields={"a": Field((1, SIZE, SIZE))})
    return InMemoryData(filled, None, spec, f"{n} outlines (a) and {n} other filled squares (sample)", fields={"a": outline})


@pytest.fixture
def paired_data() -> InMemoryData:
    return pairs()


@pytest.fixture
def unpaired_data() -> InMemoryData:
    return domains()


class TinyData:
    """A plugin of the tests' two datasets, ``tiny-pairs`` and ``tiny-domains``."""

    @hookimpl
    def ganzoo_register_datasets(self, register):
        register("tiny-pairs", lambda data_dir=None, split="train": pairs(), description="squares and their outlines")
        register("tiny-domains", lambda data_dir=None, split="train": domains(), description="outlines and squares")


@pytest.fixture
def zoo_with(ganzoo_zoo):
    """``zoo_with(*plugins)``: the installed plugins (this one among them), the tests' datasets and
    ``plugins``; ``ganzoo`` commands run in-process see the same zoo."""
    return lambda *plugins: ganzoo_zoo(TinyData(), *plugins)


@pytest.fixture
def zoo(zoo_with):
    """The installed plugins and the tests' datasets."""
    return zoo_with()


@pytest.fixture
def trains(zoo):
    """``trains(recipe, run_dir, steps=3)``: the kit's ``check_model`` on the recipe, kept in
    ``run_dir``, and the exported generator's outputs checked for the data's own inputs.

    ganzoo 0.1's check_model ends by drawing 4 samples from the export with no inputs, which an
    image-to-image generator cannot do ("give it with --input"); that one step is done here with
    the data's images instead, and everything before it by the kit."""
    from ganzoo import GanzooError
    from ganzoo.sampling import load_generator
    from ganzoo.testing import check_model

    def run(recipe: Recipe, run_dir: Path, steps: int = 3, batch_size: int = 4, data_dir: Path | None = None):
        try:
            check_model(recipe, zoo=zoo, steps=steps, batch_size=batch_size, run_dir=run_dir, data_dir=data_dir)
        except GanzooError as exc:
            if "give it with --input" not in str(exc):
                raise
        exported = load_generator(zoo, run_dir, "cpu")
        data = zoo.registry.get("dataset", recipe.dataset).build(data_dir=data_dir, **recipe.dataset_options)
        inputs = {name: data.columns()[name][:4] for name in exported.inputs}
        outputs = exported.generate(inputs)
        assert outputs.shape == (4, *data.spec.shape) and torch.isfinite(outputs).all()
        low, high = data.spec.value_range
        assert outputs.min() >= low and outputs.max() <= high
        return exported

    return run


def _recipe(zoo, model: str, changes: dict) -> Recipe:
    """The plugin's recipe ``model`` on the tests' data with narrow networks, changed by ``changes``."""
    recipe = zoo.registry.get("model", model).recipe
    return recipe.with_overrides(**{"architecture_options": SMALL, "dataset": DATASETS[model], "dataset_options": {}, **changes})


@pytest.fixture
def pix2pix_recipe(zoo):
    """``pix2pix_recipe(**changes)``: the pix2pix recipe on ``tiny-pairs`` with narrow networks."""
    return lambda **changes: _recipe(zoo, "pix2pix", changes)


@pytest.fixture
def cyclegan_recipe(zoo):
    """``cyclegan_recipe(**changes)``: the cyclegan recipe on ``tiny-domains`` with narrow networks."""
    return lambda **changes: _recipe(zoo, "cyclegan", changes)


@pytest.fixture
def translate(tmp_path: Path, zoo):
    """``translate(run_dir, images, *arguments)``: the images (N, C, H, W) in [-1, 1] written as PNGs
    into a folder, ``ganzoo sample RUN --input FOLDER --out DIR *arguments`` run in-process, and the
    output PNGs read back in the same order, as uint8 arrays."""
    from PIL import Image

    from ganzoo.testing import run_ganzoo

    calls = iter(range(1_000))

    def run(run_dir: Path, images: torch.Tensor, *arguments: str) -> list[np.ndarray]:
        call = next(calls)
        folder, out = tmp_path / f"inputs-{call}", tmp_path / f"outputs-{call}"
        folder.mkdir()
        pixels = ((images.permute(0, 2, 3, 1) + 1) * 127.5).round().clamp(0, 255).to(torch.uint8).numpy()
        for i, picture in enumerate(pixels):
            Image.fromarray(picture[..., 0] if picture.shape[-1] == 1 else picture).save(folder / f"image{i:02d}.png")
        run_ganzoo("sample", run_dir, "--input", folder, "--out", out, *arguments)
        assert sorted(p.name for p in out.iterdir()) == [f"image{i:02d}.png" for i in range(len(pixels))]
        outputs = []
        for i in range(len(pixels)):
            with Image.open(out / f"image{i:02d}.png") as picture:
                outputs.append(np.asarray(picture))
        return outputs

    return run
