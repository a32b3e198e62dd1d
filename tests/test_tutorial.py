"""docs/plugins/tutorial.md works as written: its code blocks are played in order in an empty folder.

Every fenced block is preceded by a marker comment saying what it is:

- ``<!-- file: PATH -->``: the block is the whole of that file, written when the block comes (a
  file written again, as the second part does with ``plugin.py``, must keep every line it had);
- ``<!-- run -->``: shell commands, run one by one (see COMMANDS for how each is run here);
- ``<!-- output -->``: what the previous block's last command prints; each line must appear in
  the real output, ``…`` standing for anything, box-drawing characters and spacing aside;
- ``<!-- tree -->``: the layout of the finished distribution, which must list exactly the files.

A block without a marker, or a command the test does not know, fails the test: nothing in the
tutorial goes unchecked. ``pip install -e`` is played as a plain install into a folder put on
PYTHONPATH, whose copy of the code is then dropped for the project folder itself, also put on
PYTHONPATH: as with an editable install, the installed metadata declares the entry point and the
code is read where the tutorial edits it. ``python -m build`` is played as ``pip wheel``, so that
the test needs no network and leaves the environment alone; ``pip install build twine`` and
``twine upload`` are the only commands not run. Commands run torch on one CPU thread: its
networks are too small to gain from more, and more are much slower when other tests share the cores.
"""

from __future__ import annotations

import email
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "plugins" / "tutorial.md"
NOT_RUN = {
    "python -m pip install build twine": "downloads from PyPI",
    "python -m twine upload ganzoo-bgan/dist/*": "needs a PyPI account",
}
REGISTERED = {  # the parts that each listing must show, as (kind, name) of the plugin bgan
    "ganzoo list": [("model", "bgan"), ("architecture", "bgan-mlp"), ("loss", "boundary-seeking"), ("dataset", "rings"),
                    ("sampler", "sphere")],
    "ganzoo list '*began*'": [("model", "ring-began"), ("architecture", "began-mlp"), ("scheme", "ring-began")],
}


@dataclass
class Block:
    marker: str
    language: str
    body: str
    line: int


def blocks(text: str) -> list[Block]:
    found, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        if lines[i].startswith("```"):
            start = i
            marker = re.fullmatch(r"<!-- (.+) -->", lines[i - 1].strip()) if i else None
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            found.append(Block(marker.group(1) if marker else "", lines[i][3:].strip(), "\n".join(lines[i + 1:end]) + "\n", start + 1))
            i = end
        i += 1
    return found


@dataclass
class Reader:
    """A newcomer following the tutorial in ``folder``, with what they installed in ``site``."""

    folder: Path
    site: Path
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    editable: list[Path] = field(default_factory=list)

    def environment(self) -> dict[str, str]:
        path = os.pathsep.join(filter(None, [*map(str, self.editable), str(self.site), os.environ.get("PYTHONPATH")]))
        return {**os.environ, "PYTHONPATH": path, "COLUMNS": "250", "OMP_NUM_THREADS": "1"}

    def call(self, *args: str) -> str:
        done = subprocess.run(args, cwd=self.folder, env=self.environment(), capture_output=True, text=True, timeout=600)
        output = done.stdout + done.stderr
        assert done.returncode == 0, f"{' '.join(args)} failed with status {done.returncode}:\n{output}"
        return output

    def pip(self, *args: str) -> str:
        return self.call(sys.executable, "-m", "pip", *args, "--no-deps", "--no-build-isolation", "--no-index", "--disable-pip-version-check", "-q")

    def run(self, command: str) -> str:
        if command in NOT_RUN:
            self.skipped.append(command)
            return ""
        for pattern, action in COMMANDS:
            match = re.fullmatch(pattern, command)
            if match:
                return action(self, *match.groups())
        raise AssertionError(f"the tutorial runs a command that tests/test_tutorial.py does not know how to check: {command!r}")

    def install(self, project: str) -> str:
        """``pip install -e``: the metadata goes into ``site``, the code is read from the project."""
        output = self.pip("install", "--target", str(self.site), f"./{project}")  # without -e, a bare name is looked up on an index
        for package in (self.folder / project).iterdir():
            if (package / "__init__.py").is_file() and (self.site / package.name).is_dir():
                shutil.rmtree(self.site / package.name)
        self.editable.append(self.folder / project)
        return output

    def build(self, project: str) -> str:
        return self.pip("wheel", "-w", str(Path(project) / "dist"), f"./{project}")

    def check_distribution(self, project: str) -> str:
        """What ``twine check`` would look at, and what makes it a ganzoo plugin."""
        (wheel,) = (self.folder / project / "dist").glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            info = next(name for name in archive.namelist() if name.endswith(".dist-info/METADATA")).rsplit("/", 1)[0]
            metadata = email.message_from_string(archive.read(f"{info}/METADATA").decode())
            entry_points = archive.read(f"{info}/entry_points.txt").decode()
            packaged = archive.namelist()
        assert metadata["Name"] == project and metadata["Version"]
        assert metadata["Description-Content-Type"] == "text/markdown" and "# ganzoo-bgan" in metadata.get_payload()
        assert any(r.startswith("ganzoo") and "<" in r for r in metadata.get_all("Requires-Dist"))
        assert "ganzoo" in metadata["Keywords"] and metadata.get_all("Classifier")
        assert "[ganzoo]\nbgan = ganzoo_bgan.plugin" in entry_points
        assert not any(name.startswith("tests/") for name in packaged)
        code = {path.removeprefix(f"{project}/") for path in self.written if path.startswith(f"{project}/ganzoo_bgan/")}
        assert code <= set(packaged), f"the wheel lacks {sorted(code - set(packaged))}"
        return f"Checking {wheel.name}: PASSED"

    def ganzoo(self, arguments: str) -> str:
        return self.call(sys.executable, "-m", "ganzoo", *shlex.split(arguments))

    def pytest(self, path: str) -> str:
        return self.call(sys.executable, "-m", "pytest", path)

    def shell(self, command: str) -> str:
        return self.call("bash", "-c", command)


COMMANDS = [
    (r"(mkdir -p [\w/ -]+)", Reader.shell),
    (r"pip install -e '([\w-]+)\[test\]'", Reader.install),
    (r"python -m build ([\w-]+)", Reader.build),
    (r"python -m twine check ([\w-]+)/dist/\*", Reader.check_distribution),
    (r"ganzoo (.+)", Reader.ganzoo),
    (r"pytest ([\w/.-]+)", Reader.pytest),
    (r"(tail -n \d+ [\w/.-]+)", Reader.shell),
]

BOX_DRAWING = re.compile("[\u2500-\u257f]")


def normalized(line: str) -> str:
    return " ".join(BOX_DRAWING.sub(" ", line).split())


def check_output(shown: str, actual: str, command: str) -> None:
    lines = [normalized(line) for line in actual.splitlines()]
    for expected in filter(None, map(normalized, shown.splitlines())):
        pattern = ".*".join(re.escape(part) for part in expected.split("…"))
        assert any(re.search(pattern, line) for line in lines), f"`{command}` did not print {expected!r}; it printed:\n{actual}"


def keeps_every_line(old: str, new: str) -> bool:
    """Whether ``new`` has every line of ``old``, in the same order, and perhaps more."""
    remaining = iter(new.splitlines())
    return all(line in remaining for line in old.splitlines())


def tree_files(tree: str) -> set[str]:
    """The files of a ``tree``-style listing, as paths relative to its top folder."""
    files, parents = set(), []
    for line in tree.splitlines()[1:]:
        name = line.lstrip("│├└─ \u00a0")
        depth = (len(line) - len(name)) // 4 - 1
        parents = parents[:depth]
        if name.endswith("/"):
            parents.append(name.rstrip("/"))
        else:
            files.add("/".join([*parents, name]))
    return files


def test_every_code_block_has_a_marker():
    unmarked = [block.line for block in blocks(TUTORIAL.read_text()) if not re.fullmatch(r"file: \S+|run|output|tree", block.marker)]
    assert not unmarked, f"code blocks without a <!-- file: PATH -->, <!-- run -->, <!-- output --> or <!-- tree --> marker at lines {unmarked}"


def test_the_tutorial_from_an_empty_folder_to_a_published_plugin(tmp_path):
    reader = Reader(tmp_path / "work", tmp_path / "site")
    reader.folder.mkdir()
    tree, last = None, None
    outputs: dict[str, str] = {}
    for block in blocks(TUTORIAL.read_text()):
        if block.marker.startswith("file: "):
            path = block.marker.removeprefix("file: ")
            target = reader.folder / path
            assert target.parent.is_dir(), f"line {block.line}: {path} is written before its folder is made"
            if target.exists():
                assert keeps_every_line(target.read_text(), block.body), f"line {block.line}: {path} is written again without some of its lines"
            target.write_text(block.body)
            reader.written.append(path)
        elif block.marker == "run":
            for command in filter(None, (line.strip() for line in block.body.splitlines())):
                outputs[command] = reader.run(command)
                last = command
        elif block.marker == "output":
            assert last is not None, f"line {block.line}: an output block before any command"
            check_output(block.body, outputs[last], last)
        elif block.marker == "tree":
            tree = block.body

    assert tree is not None and tree_files(tree) == {p.removeprefix("ganzoo-bgan/") for p in reader.written}
    assert sorted(reader.skipped) == sorted(NOT_RUN)
    assert (reader.folder / "runs" / "bgan-try" / "generator.safetensors").is_file()
    assert (reader.folder / "runs" / "bgan-try" / "sample-seed1-n16.png").is_file()
    for command, parts in REGISTERED.items():
        for kind, name in parts:
            assert re.search(rf"│ {kind} +│ {re.escape(name)} +│ bgan ", outputs[command]), f"{command} does not show the {kind} {name}"
    resumed = reader.folder / "runs" / "began-try"
    assert json.loads((resumed / "config.json").read_text())["resumed_from_step"] == 50
    logged = [json.loads(line) for line in (resumed / "metrics.jsonl").read_text().splitlines()]
    assert [line["step"] for line in logged] == [50, 100] and 0 < logged[0]["k"] != logged[1]["k"]
    assert (resumed / "generator.safetensors").is_file()


@pytest.mark.parametrize(
    "shown, fits",
    [("4 passed in …", True), ("5 passed in …", False), ("┃ kind ┃ name ┃", True), ("ganzoo registry (… entries)", True)],
)
def test_output_blocks_are_matched_line_by_line(shown, fits):
    actual = "ganzoo registry (61 entries)\n┃ kind    ┃ name     ┃\n....\n4 passed in 3.21s\n"
    if fits:
        check_output(shown, actual, "cmd")
    else:
        with pytest.raises(AssertionError):
            check_output(shown, actual, "cmd")


@pytest.mark.parametrize("new, keeps", [("a\nx\nb\nc\ny\n", True), ("a\nc\n", False), ("b\na\nc\n", False)])
def test_a_file_written_again_keeps_its_lines(new, keeps):
    assert keeps_every_line("a\nb\nc\n", new) == keeps
