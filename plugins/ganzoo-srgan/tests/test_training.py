"""SRGAN end to end: trained from the command line, its picture, stopped and resumed exactly,
serving a folder of small pictures from generator.safetensors alone, the feature content loss
kept out of the files, and the recipes on Fashion-MNIST and on the user's own pictures."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from ganzoo import GanzooError
from ganzoo.sampling import load_generator
from ganzoo.testing import build_scheme, check_model, check_resume

NARROW = {"blocks": 1, "width": 8, "d_width": 8}


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the user's data or cache, or reaches the internet."""
    monkeypatch.setenv("GANZOO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GANZOO_OFFLINE", "1")
    monkeypatch.delenv("GANZOO_DATA_DIR", raising=False)


def read_pictures(folder: Path) -> list[np.ndarray]:
    pictures = []
    for path in sorted(folder.iterdir()):
        with Image.open(path) as picture:
            pictures.append(np.asarray(picture))
    return pictures


def as_grey_levels(images: torch.Tensor) -> np.ndarray:
    """(N, C, H, W) in [-1, 1] → (N, H, W[, C]) as the grey levels a PNG holds."""
    pixels = ((images.permute(0, 2, 3, 1) + 1) * 127.5).round().numpy()
    return pixels[..., 0] if pixels.shape[-1] == 1 else pixels


def test_srgan_trains_from_the_command_line_then_upscales_a_folder(zoo, ganzoo_cli, write_pictures, tmp_path):
    """The recipe itself (the shipped digits shrunk ×4), narrowed: 6 steps of SRResNet, 6 of SRGAN
    whose rates drop after 3."""
    run = tmp_path / "run"
    sets = [f"architecture_options.{k}={v}" for k, v in NARROW.items()] + ["log_every=1"]
    ganzoo_cli("train", "srgan", "--steps", "12", "--batch-size", "4", "--out", run, *[a for s in sets for a in ("--set", s)])
    assert {"checkpoint.safetensors", "generator.safetensors", "samples.png"} <= {p.name for p in run.iterdir()}
    logged = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert ["d_loss" in line for line in logged] == [False] * 6 + [True] * 6
    assert [line["lr"] for line in logged] == pytest.approx([1e-4] * 9 + [1e-5] * 3)
    assert all(line["psnr"] > 0 for line in logged)

    # input | output | target: the 7×7 input shown 4× larger, nearest neighbour, beside 28×28 images
    with Image.open(run / "samples.png") as picture:
        grid = np.asarray(picture)
    assert grid.shape == (2 + 16 * 30, 2 + 3 * 30)
    shown_input = grid[2:30, 2:30]
    assert (shown_input == np.repeat(np.repeat(shown_input[::4, ::4], 4, 0), 4, 1)).all()

    small = torch.rand(3, 1, 7, 7) * 2 - 1
    out = tmp_path / "upscaled"
    ganzoo_cli("sample", run, "--input", write_pictures(small), "--out", out)
    outputs = read_pictures(out)
    assert [o.shape for o in outputs] == [(28, 28)] * 3
    assert not np.array_equal(outputs[0], outputs[1])
    # what generator.safetensors makes of the same pictures (read back from 8-bit PNGs)
    exported = load_generator(zoo, run / "generator.safetensors", "cpu")
    expected = as_grey_levels(exported.generate({"low": torch.from_numpy(as_grey_levels(small)).float().unsqueeze(1) / 127.5 - 1}))
    assert max(np.abs(o.astype(float) - e).max() for o, e in zip(outputs, expected)) <= 1

    # a picture of any size, not only the training input's: SRResNet is fully convolutional
    larger = tmp_path / "larger"
    ganzoo_cli("sample", run, "--input", write_pictures(torch.rand(2, 1, 10, 13) * 2 - 1), "--out", larger)
    assert [o.shape for o in read_pictures(larger)] == [(40, 52)] * 2


@pytest.mark.parametrize("pretrain, factor", [(0.25, 4), (0.75, 2)], ids=["stop-in-the-gan-phase", "stop-in-pretraining-x2"])
def test_a_stopped_run_resumes_exactly_across_the_phase_and_the_drop(srgan_recipe, zoo, pretrain, factor):
    """8 steps, stopped after 4: with pretrain 0.25 the GAN starts at 2 and the rates drop at 5;
    with 0.75 the resumed run starts the GAN at 6 and drops at 7."""
    recipe = srgan_recipe(architecture_options=NARROW, dataset_options={"factor": factor},
                          scheme_options={"pretrain": pretrain, "drop_at": 0.5})
    check_resume(recipe, zoo=zoo, steps=8, batch_size=4)


def test_the_feature_network_is_used_in_training_and_kept_out_of_the_files(srgan_recipe, zoo, vgg, tmp_path):
    from safetensors.torch import load_file

    path = vgg()
    keys, first = {}, {}
    for content, options in (("mse", {}), ("features", {"feature_network": str(path), "feature_layer": "2,2"})):
        recipe = srgan_recipe(architecture_options=NARROW, scheme_options={"content": content, "pretrain": 0.5, **options})
        run = tmp_path / content
        check_model(recipe, zoo=zoo, steps=2, batch_size=4, run_dir=run)
        keys[content] = {name: set(load_file(run / name)) for name in ("checkpoint.safetensors", "generator.safetensors")}
        logged = [json.loads(line)["content"] for line in (run / "metrics.jsonl").read_text().splitlines()]
        assert all(value > 0 for value in logged)
        first[content] = logged[0]
    assert first["features"] != pytest.approx(first["mse"])  # the same G and batch, measured another way
    assert keys["features"] == keys["mse"]  # the feature network adds nothing to either file
    path.unlink()  # serving needs no feature network
    exported = load_generator(zoo, tmp_path / "features", "cpu")
    assert exported.generate({"low": torch.zeros(2, 1, 7, 7)}).shape == (2, 1, 28, 28)
    with pytest.raises(GanzooError, match="no such file"):  # training does, and says so before it starts
        build_scheme(recipe, zoo=zoo, batch_size=4)


def test_srgan_fashion_trains_on_fashion_mnist(zoo, tmp_path):
    """On a small stand-in for Fashion-MNIST written where --data-dir points (the real set is
    checked by the core's kit wherever it is installed)."""
    from ganzoo_mnist.idx import write_idx

    folder = tmp_path / "data" / "fashion-mnist"
    folder.mkdir(parents=True)
    items = np.zeros((16, 28, 28), dtype=np.uint8)
    for i in range(16):
        items[i, 4 : 10 + i, 6 : 20] = 40 + 10 * i
    write_idx(folder / "train-images-idx3-ubyte", items)
    write_idx(folder / "train-labels-idx1-ubyte", np.arange(16, dtype=np.uint8) % 10)
    recipe = zoo.registry.get("model", "srgan-fashion").recipe.with_overrides(architecture_options=NARROW)
    run = check_model(recipe, zoo=zoo, steps=2, batch_size=4, data_dir=tmp_path / "data")
    assert run.data.spec.fields["low"].shape == (1, 7, 7) and "Fashion-MNIST" in run.data.source


def test_srgan_images_upscales_the_users_colour_pictures(zoo, ganzoo_cli, write_pictures, tmp_path):
    rng = np.random.default_rng(0)
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    for i in range(4):
        Image.fromarray(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)).save(pictures / f"p{i}.png")
    recipe = zoo.registry.get("model", "srgan-images").recipe.with_overrides(architecture_options=NARROW)
    run = tmp_path / "run"
    check_model(recipe, zoo=zoo, steps=2, batch_size=2, data_dir=pictures, run_dir=run)
    out = tmp_path / "upscaled"
    ganzoo_cli("sample", run, "--input", write_pictures(torch.rand(2, 3, 16, 16) * 2 - 1), "--out", out)
    assert [o.shape for o in read_pictures(out)] == [(64, 64, 3)] * 2
