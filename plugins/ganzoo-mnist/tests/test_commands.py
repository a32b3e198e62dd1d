"""``ganzoo fetch-mnist``, the command this plugin adds to the command line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SYSTEM_FASHION = Path("/usr/share/datasets/fashion-mnist")


def fetch(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GANZOO_OFFLINE": "1", "GANZOO_CACHE_DIR": str(tmp_path), "COLUMNS": "300"}
    env.pop("GANZOO_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "ganzoo", "fetch-mnist", *args], capture_output=True, text=True, env=env)


@pytest.mark.skipif(not SYSTEM_FASHION.is_dir(), reason="Debian's dataset-fashion-mnist is not installed")
def test_fetch_reports_both_splits_of_a_local_copy(tmp_path):
    result = fetch("fashion-mnist", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Fashion-MNIST train: 60,000 images") and lines[1].startswith("Fashion-MNIST test: 10,000 images")


def test_fetch_offline_without_a_copy_says_how_to_get_one(tmp_path):
    result = fetch("mnist", "--data-dir", str(tmp_path), tmp_path=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: found no local copy of MNIST (train)") and "--data-dir FOLDER" in line


def test_fetch_names_the_datasets_it_knows(tmp_path):
    result = fetch("cifar10", tmp_path=tmp_path)
    assert result.returncode == 2 and "knows mnist and fashion-mnist, not 'cifar10'" in result.stderr
