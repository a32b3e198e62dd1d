"""The README's two commands are what a newcomer runs; CI runs the second one from the README itself."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> dict[str, str]:
    text = (ROOT / "README.md").read_text()
    return dict(re.findall(r"<!-- command: (\w+) -->\n```bash\n(.+)\n```", text))


def test_the_readme_gives_one_train_command_and_one_test_command():
    commands = readme_commands()
    assert set(commands) == {"train", "test"}
    assert commands["train"].endswith("ganzoo train vanilla-mlp")
    assert "pip install torch==2.13.0 &&" in commands["test"] and commands["test"].endswith("pytest")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "<!-- command: test -->" in ci and 'bash -c "$command"' in ci
