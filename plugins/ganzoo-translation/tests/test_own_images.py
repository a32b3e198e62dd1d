"""The recipes for the user's own pictures, on ganzoo-pairs' folder datasets: a folder of pairs for
pix2pix-images and of two domains for cyclegan-images, trained a few steps and then translating a
folder of 64×64 colour PNGs."""

from __future__ import annotations

import numpy as np
import pytest
import torch

pytest.importorskip("ganzoo_pairs")

SIDE = 64
NARROW = {"width": 8, "d_width": 8}


@pytest.fixture
def pictures(tmp_path, monkeypatch):
    """A/ and B/ of 6 colour pictures each, paired by name: B is A's colours inverted."""
    from PIL import Image

    monkeypatch.setenv("GANZOO_CACHE_DIR", str(tmp_path / "cache"))  # where ganzoo-pairs keeps decoded pixels
    root = tmp_path / "pictures"
    rng = np.random.default_rng(0)
    for folder in ("A", "B"):
        (root / folder).mkdir(parents=True)
    for i in range(6):
        a = rng.integers(0, 256, (SIDE, SIDE, 3), dtype=np.uint8)
        Image.fromarray(a).save(root / "A" / f"p{i}.png")
        Image.fromarray(255 - a).save(root / "B" / f"p{i}.png")
    return root


@pytest.mark.parametrize("model", ["pix2pix-images", "cyclegan-images"])
def test_the_own_pictures_recipes_train_and_translate_a_folder(model, zoo, trains, translate, pictures, tmp_path):
    recipe = zoo.registry.get("model", model).recipe.with_overrides(architecture_options=NARROW)
    run_dir = tmp_path / "run"
    exported = trains(recipe, run_dir, steps=2, batch_size=2, data_dir=pictures)
    (field,) = exported.inputs.values()
    assert field.shape == (3, SIDE, SIDE)
    images = torch.rand(2, 3, SIDE, SIDE) * 2 - 1
    outputs = translate(run_dir, images)
    assert all(o.shape == (SIDE, SIDE, 3) for o in outputs)
    if model.startswith("cyclegan"):
        assert all(o.shape == (SIDE, SIDE, 3) for o in translate(run_dir, images, "--option", "direction=b2a"))
