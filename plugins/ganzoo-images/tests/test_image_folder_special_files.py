"""image-folder never hangs on a special file named like an image: a named pipe is skipped with a
warning. Each load runs in a subprocess with a timeout, so that a regression fails instead of hanging."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")

TIMEOUT_S = 30


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                              timeout=TIMEOUT_S, env={**os.environ, "COLUMNS": "300"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading the folder hung for {TIMEOUT_S} s")


@pytest.fixture
def folder_with_a_pipe(tmp_path: Path) -> Path:
    root = tmp_path / "photos"
    root.mkdir()
    Image.new("RGB", (9, 7), (255, 0, 0)).save(root / "real.png")
    os.mkfifo(root / "pipe.png")
    return root


def test_a_named_pipe_named_like_an_image_is_skipped_with_a_warning(folder_with_a_pipe: Path) -> None:
    result = run_python(f"""
        from ganzoo_images.image_folder import image_folder
        data = image_folder(data_dir={str(folder_with_a_pipe)!r}, size=8)
        print(len(data), data.source)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 1 images from")
    warning = " ".join(result.stderr.split())
    assert "skipped 1 special file(s)" in warning and "pipe.png (a named pipe)" in warning


def test_a_pipe_that_replaced_an_image_after_the_scan_is_unreadable_not_waited_on(folder_with_a_pipe: Path) -> None:
    result = run_python(f"""
        from pathlib import Path
        from ganzoo_images.image_folder import decode
        try:
            decode(Path({str(folder_with_a_pipe / "pipe.png")!r}), 8, 3)
        except OSError as exc:
            print("refused:", exc)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "refused: a named pipe, not an image file"
