"""Any image model trains with either augmentation from the command line, and ADA's p survives a
stop and a resume."""

from __future__ import annotations

import json
import subprocess
import sys

from ganzoo.plugins import load_zoo
from ganzoo.testing import build_scheme, check_resume

NARROW = {"width": 8}  # the tests check wiring, not capacity


def test_dcgan_trains_with_diffaugment_from_the_command_line(ganzoo_cli, tmp_path):
    ganzoo_cli("train", "dcgan", "--dataset", "mnist-sample", "--steps", "4", "--batch-size", "32", "--out", tmp_path / "run",
               "--set", "scheme_options.augment=diffaugment", "--set", "log_every=1")
    config = json.loads((tmp_path / "run" / "config.json").read_text())
    assert config["recipe"]["scheme_options"] == {"augment": "diffaugment"}
    assert config["parts"]["augmentation"]["distribution"] == "ganzoo-augment"
    assert len((tmp_path / "run" / "metrics.jsonl").read_text().splitlines()) == 4


def test_an_unknown_augmentation_is_one_line_with_a_suggestion(tmp_path):
    command = [sys.executable, "-m", "ganzoo", "train", "dcgan", "--dataset", "mnist-sample", "--steps", "1",
               "--out", str(tmp_path / "run"), "--set", "scheme_options.augment=diffaugmnet"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("error: unknown augmentation 'diffaugmnet'; did you mean 'diffaugment'")
    assert result.stderr.strip().endswith("(see 'ganzoo list augmentation')")


def ada_recipe(**options):
    recipe = load_zoo().registry.get("model", "dcgan").recipe
    scheme_options = {"augment": "ada", "augment_options": {"interval": 1, "ramp_images": 16, **options}}
    return recipe.with_overrides(dataset="mnist-sample", architecture_options=NARROW, scheme_options=scheme_options)


def test_ada_moves_p_during_a_run_and_p_survives_stop_and_resume():
    scheme = build_scheme(ada_recipe(), batch_size=8)
    for step in range(3):
        scheme.train_step(step, 3)
    assert 0 < scheme.logs()["ada_p"] <= 1
    assert set(scheme.state_dict()) == {f"augmentation.{key}" for key in ("p", "signs", "last_r", "seen", "steps")}
    check_resume(ada_recipe(), steps=6, batch_size=8)
