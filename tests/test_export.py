"""ganzoo export: a trained generator as a file that runs without ganzoo and gives ganzoo's samples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from ganzoo.cli import zoo as plugins_zoo
from ganzoo.sampling import load_generator

SMALL_MLP = ["vanilla-mlp", "--dataset", "mnist-sample", "--steps", "20", "--batch-size", "16"]
NARROW_PIX2PIX = ["pix2pix", "--steps", "2", "--batch-size", "2", "--set", "architecture_options.width=8",
                  "--set", "architecture_options.d_width=8"]


@pytest.fixture(scope="module")
def mlp_run(tmp_path_factory) -> Path:
    run = tmp_path_factory.mktemp("mlp") / "run"
    assert _ganzoo("train", *SMALL_MLP, "--out", str(run)).returncode == 0
    return run


def _ganzoo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ganzoo", *args], capture_output=True, text=True, timeout=600)


def test_onnx_export_reproduces_ganzoos_samples_from_the_same_noise(mlp_run, tmp_path):
    onnxruntime = pytest.importorskip("onnxruntime")
    out = tmp_path / "export"
    result = _ganzoo("export", str(mlp_run), "--format", "onnx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "generator.onnx", "inputs.json"]  # weights inside
    described = json.loads((out / "inputs.json").read_text())
    assert [(i["name"], i["shape"]) for i in described["inputs"]] == [("latent", ["n", 100])]
    assert described["output"]["shape"] == ["n", 1, 28, 28]

    trained = load_generator(plugins_zoo.current(), mlp_run, "cpu")
    inputs = trained.draw_inputs(7, seed=3)  # another batch size than any used in the export
    session = onnxruntime.InferenceSession(str(out / "generator.onnx"), providers=["CPUExecutionProvider"])
    (got,) = session.run(None, {"latent": inputs["latent"].numpy()})
    assert np.abs(got - trained.generate(inputs).numpy()).max() < 1e-5
    card = (out / "README.md").read_text()
    assert "| steps trained | 20 |" in card and "CC BY-SA 3.0" in card and "onnxruntime" in card


def test_torchscript_export_runs_in_an_interpreter_that_never_imports_ganzoo(mlp_run, tmp_path):
    out = tmp_path / "export"
    assert _ganzoo("export", str(mlp_run), "--format", "torchscript", "--out", str(out)).returncode == 0
    latent = tmp_path / "latent.pt"
    trained = load_generator(plugins_zoo.current(), mlp_run, "cpu")
    inputs = trained.draw_inputs(4, seed=5)
    torch.save(inputs["latent"], latent)
    code = ("import sys, torch; g = torch.jit.load(sys.argv[1]); x = g(torch.load(sys.argv[2]));"
            " torch.save(x, sys.argv[3]); assert 'ganzoo' not in sys.modules")
    subprocess.run([sys.executable, "-c", code, str(out / "generator.pt"), str(latent), str(tmp_path / "x.pt")], check=True)
    assert torch.allclose(torch.load(tmp_path / "x.pt"), trained.generate(inputs), atol=1e-6)


def test_an_image_to_image_generator_exports_with_its_image_input(tmp_path):
    onnxruntime = pytest.importorskip("onnxruntime")
    run, out = tmp_path / "run", tmp_path / "export"
    assert _ganzoo("train", *NARROW_PIX2PIX, "--out", str(run)).returncode == 0
    assert _ganzoo("export", str(run), "--out", str(out)).returncode == 0
    described = json.loads((out / "inputs.json").read_text())
    assert [(i["name"], i["kind"], i["value_range"]) for i in described["inputs"]] == [("input", "image", [-1.0, 1.0])]
    trained = load_generator(plugins_zoo.current(), run, "cpu")
    images = torch.rand(3, 1, 28, 28) * 2 - 1
    session = onnxruntime.InferenceSession(str(out / "generator.onnx"), providers=["CPUExecutionProvider"])
    (got,) = session.run(None, {"input": images.numpy()})
    assert np.abs(got - trained.generate({"input": images}).numpy()).max() < 1e-5


@pytest.mark.parametrize("arguments, message", [
    (["--format", "tflite"], "error: unknown export format 'tflite'; choose onnx or torchscript"),
    (["--option", "colour=red"], "error: unknown sampling option(s) colour for this model; its options: none"),
])
def test_a_bad_request_is_one_line_and_writes_nothing(mlp_run, tmp_path, arguments, message):
    result = _ganzoo("export", str(mlp_run), "--out", str(tmp_path / "export"), *arguments)
    assert result.returncode == 2 and result.stderr.strip() == message
    assert not (tmp_path / "export").exists() and not list(tmp_path.glob(".export*"))


def test_an_export_never_overwrites_a_folder_with_files(mlp_run, tmp_path):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    result = _ganzoo("export", str(mlp_run), "--format", "torchscript", "--out", str(taken))
    assert result.returncode == 2 and "already exists and is not an empty folder" in result.stderr
    assert [p.name for p in taken.iterdir()] == ["notes.txt"]
