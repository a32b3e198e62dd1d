"""The example third-party plugin, ganzoo-example-fgan, as a user meets it: installed with the
others, listed, trained, sampled, and switched off."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = {("model", "fgan"), ("loss", "fgan"), ("architecture", "fgan-mlp"), ("dataset", "shapes")}


def listed(cli, **env) -> set[tuple[str, str]]:
    result = cli("list", "--json", env=env)
    assert result.returncode == 0, result.stderr
    return {(e["kind"], e["name"]) for e in json.loads(result.stdout) if e["plugin"] == "example-fgan"}


def test_it_is_listed_with_its_distribution_and_can_be_disabled(cli):
    assert listed(cli) == PARTS
    assert listed(cli, GANZOO_DISABLE_PLUGINS="example-fgan") == set()
    plugins = {p["name"]: p for p in json.loads(cli("plugins", "--json", env={"GANZOO_DISABLE_PLUGINS": "example-fgan"}).stdout)}
    assert plugins["example-fgan"]["status"] == "disabled" and plugins["example-fgan"]["distribution"] == "ganzoo-example-fgan"


def test_it_trains_a_few_steps_and_samples(ganzoo_zoo, ganzoo_cli, tmp_path):
    ganzoo_zoo()  # the installed plugins, loaded afresh for the in-process commands
    run_dir = tmp_path / "fgan"
    ganzoo_cli("train", "fgan", "--steps", "3", "--batch-size", "16", "--out", run_dir,
               "--set", "architecture_options.g_hidden=64", "--set", "dataset_options.n=64")
    config = json.loads((run_dir / "config.json").read_text())
    assert config["parts"]["loss"] == {"name": "fgan", "plugin": "example-fgan", "distribution": "ganzoo-example-fgan", "version": "0.1.0"}
    assert config["recipe"]["loss_options"] == {} and config["data"]["shape"] == [1, 16, 16] and config["data"]["num_classes"] == 3
    metrics = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    assert [m["step"] for m in metrics] == [3]
    ganzoo_cli("sample", run_dir, "--n", 9, "--seed", 2, "--out", tmp_path / "shapes.png")
    assert (tmp_path / "shapes.png").stat().st_size > 0


def test_another_divergence_is_one_setting_away(ganzoo_zoo, ganzoo_cli, tmp_path):
    ganzoo_zoo()
    ganzoo_cli("train", "fgan", "--steps", "2", "--batch-size", "8", "--out", tmp_path / "kl",
               "--set", "loss_options.divergence=kl", "--set", "architecture_options.g_hidden=32", "--set", "dataset_options.n=16")
    assert json.loads((tmp_path / "kl" / "config.json").read_text())["recipe"]["loss_options"] == {"divergence": "kl"}


def test_it_is_written_against_the_public_api_only():
    """Its code imports from ganzoo only the names of ganzoo/__init__.py (and ganzoo.testing in tests)."""
    import ganzoo

    plugin = ROOT / "plugins" / "ganzoo-example-fgan"
    for path in plugin.rglob("*.py"):
        for line in path.read_text().splitlines():
            if line.startswith(("import ganzoo", "from ganzoo")):
                module = line.split()[1]
                assert module in ("ganzoo", "ganzoo.testing") or module.startswith("ganzoo_example_fgan"), f"{path.name}: {line}"
                if line.startswith("from ganzoo import"):
                    names = line.removeprefix("from ganzoo import").replace(" ", "").split(",")
                    assert set(names) <= set(ganzoo.__all__), f"{path.name}: {line}"
