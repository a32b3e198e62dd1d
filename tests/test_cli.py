"""Every command as a user types it, in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image


def imports_torch(code: str) -> bool:
    probe = f"import sys\n{code}\nprint('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.parametrize("args", [["--help"], ["list"], ["plugins"], ["info", "vanilla-mlp"]])
def test_light_commands_never_import_torch(args):
    code = f"import sys; sys.argv = ['ganzoo', *{args!r}]\nfrom ganzoo.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
    assert not imports_torch(code)


def test_help_lists_the_commands(cli):
    result = cli("--help")
    assert result.returncode == 0
    for command in ("list", "info", "plugins", "train", "sample"):
        assert command in result.stdout


def test_list_shows_the_standard_zoo_as_a_table_and_as_json(cli):
    table = cli("list")
    assert table.returncode == 0 and "vanilla-mlp" in table.stdout and "non-saturating" in table.stdout
    entries = json.loads(cli("list", "--json").stdout)
    assert {"kind": "model", "name": "vanilla-mlp", "plugin": "vanilla"}.items() <= next(
        e for e in entries if e["name"] == "vanilla-mlp"
    ).items()
    losses = json.loads(cli("list", "losses", "--json").stdout)
    assert {e["kind"] for e in losses} == {"loss"} and {"minimax", "non-saturating"} <= {e["name"] for e in losses}
    only = json.loads(cli("list", "*mnist*", "--json").stdout)
    assert {e["name"] for e in only} >= {"mnist", "mnist-sample", "fashion-mnist"} and all("mnist" in e["name"] for e in only)


def test_list_with_no_plugins_says_how_to_get_some(cli):
    result = cli("list", env={"GANZOO_LOAD_PLUGINS": ""})
    assert result.returncode == 0 and "No plugin is loaded" in result.stdout and "pip install" in result.stdout
    assert json.loads(cli("list", "--json", env={"GANZOO_LOAD_PLUGINS": ""}).stdout) == []


def test_info_shows_a_models_recipe_and_provider(cli):
    result = cli("info", "vanilla-mlp")
    assert result.returncode == 0
    for expected in ("ganzoo-vanilla", "non-saturating", "mlp", "latent_dim", "100"):
        assert expected in result.stdout


def test_info_fills_a_recipes_options_with_its_parts_defaults_spelt_as_set_takes_them(cli):
    shown = cli("info", "dcgan", env={"COLUMNS": "300"}).stdout
    assert '"width": 64' in shown and '"spectral_norm": false' in shown  # the architecture's defaults
    assert "None" not in shown and "null" in shown and "[0.5, 0.999]" in shown


def test_list_of_a_word_that_is_neither_a_kind_nor_a_name_says_so(cli):
    result = cli("list", "lossez")
    assert result.returncode == 2
    assert result.stderr.strip() == ("error: nothing in the registry is a kind or a name matching 'lossez'; did you mean"
                                     " 'losses' or 'loss'?")
    assert cli("list", "dc*").returncode == 0


def test_info_on_an_unknown_name_is_one_line_with_a_suggestion(cli):
    result = cli("info", "vanila-mlp")
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: nothing is registered as 'vanila-mlp'; did you mean 'vanilla-mlp'")


def test_train_then_sample_png_and_npy(tmp_path, cli):
    run = tmp_path / "run"
    trained = cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "30", "--batch-size", "16", "--seed", "3", "--out", str(run))
    assert trained.returncode == 0, trained.stderr
    assert (run / "samples.png").is_file() and "run folder" in trained.stderr

    png = tmp_path / "grid.png"
    assert cli("sample", str(run), "--n", "16", "--out", str(png)).returncode == 0
    assert Image.open(png).size == (4 * 30 + 2, 4 * 30 + 2)  # 4×4 digits of 28 px with 2 px gaps

    first, second = tmp_path / "a.npy", tmp_path / "b.npy"
    cli("sample", str(run / "generator.safetensors"), "--n", "10", "--seed", "7", "--out", str(first))
    cli("sample", str(run), "--n", "10", "--seed", "7", "--out", str(second))
    a, b = np.load(first), np.load(second)
    assert a.shape == (10, 1, 28, 28) and a.min() >= -1 and a.max() <= 1
    assert np.array_equal(a, b)


def test_resume_extends_a_finished_run_with_more_steps(tmp_path, cli):
    run = tmp_path / "run"
    assert cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "10", "--out", str(run)).returncode == 0
    resumed = cli("train", "--resume", str(run), "--steps", "20")
    assert resumed.returncode == 0, resumed.stderr
    steps = [json.loads(line)["step"] for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert steps[-1] == 20


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory):
    from tests.conftest import run_cli

    run = tmp_path_factory.mktemp("shared") / "run"
    result = run_cli("train", "vanilla-mlp", "--dataset", "mnist-sample", "--steps", "20", "--out", str(run),
                     "--set", "architecture_options.hidden=32", "--set", "n_critic=2", "--ema", "0.99")
    assert result.returncode == 0, result.stderr
    return run


def test_set_and_ema_override_any_recipe_field(trained_run):
    recipe = json.loads((trained_run / "config.json").read_text())["recipe"]
    assert recipe["architecture_options"] == {"hidden": 32} and recipe["n_critic"] == 2 and recipe["ema"] == 0.99


def test_set_rejects_unknown_fields(cli):
    result = cli("train", "vanilla-mlp", "--set", "n_critics=5")
    assert result.returncode == 2 and "no field 'n_critics'" in result.stderr


def test_interpolate_writes_a_grid_with_one_walk_per_row_and_an_animation(trained_run, cli, tmp_path):
    grid, animation = tmp_path / "walks.png", tmp_path / "walks.gif"
    assert cli("interpolate", str(trained_run), "--steps", "6", "--rows", "3", "--out", str(grid)).returncode == 0
    assert Image.open(grid).size == (6 * 30 + 2, 3 * 30 + 2)
    assert cli("interpolate", str(trained_run), "--steps", "5", "--mode", "lerp", "--out", str(animation)).returncode == 0
    gif = Image.open(animation)
    assert gif.n_frames == 8  # 5 steps there, 3 back
    bad = cli("interpolate", str(trained_run), "--mode", "zigzag")
    assert bad.returncode == 2 and "--mode must be one of slerp, lerp" in bad.stderr


def test_label_is_refused_for_an_unconditional_model(trained_run, cli):
    result = cli("sample", str(trained_run), "--label", "3")
    assert result.returncode == 2 and "--label is for conditional models" in result.stderr
