"""Work survives the machine: signals, divergence, full and read-only disks, cut files, two
processes in one folder, and observers that fail. Real processes and real files throughout."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ganzoo.training import checkpoint, state

SMALL = ["vanilla-mlp", "--dataset", "mnist-sample", "--set", "log_every=1"]


def start(*args: str, **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "ganzoo", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kwargs)


def wait_for_lines(path: Path, count: int, process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and len(path.read_text().splitlines()) >= count:
            return
        if process.poll() is not None:
            raise AssertionError(f"the run ended early: {process.communicate()}")
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"{path} never reached {count} lines")


def metrics(run: Path) -> list[dict]:
    return [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]


def saved_step(run: Path) -> int:
    return state.load(run / checkpoint.CHECKPOINT_NAME, state.FORMAT).meta["step"]


def one_line(result) -> str:
    """The one error line that ends the command's output (a progress bar may come before it)."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert lines[-1].startswith("error: ") and result.stderr.count("error: ") == 1, result.stderr
    return lines[-1]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_saves_the_step_it_stopped_at_and_resume_loses_nothing(tmp_path, cli, signum):
    stopped = tmp_path / "stopped"
    process = start("train", *SMALL, "--steps", "100000", "--out", str(stopped))
    wait_for_lines(stopped / "metrics.jsonl", 5, process)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + signum and "Traceback" not in stderr, stderr
    step = saved_step(stopped)
    assert f"stopped at step {step}" in stderr and metrics(stopped)[-1]["step"] == step  # no step lost
    assert cli("train", "--resume", str(stopped), "--steps", str(step + 3)).returncode == 0
    straight = tmp_path / "straight"
    assert cli("train", *SMALL, "--steps", str(step + 3), "--out", str(straight)).returncode == 0
    assert metrics(stopped) == metrics(straight)


@pytest.mark.parametrize("delay", [0.6, 1.2, 2.5])
def test_ctrl_c_while_the_command_starts_prints_no_traceback(tmp_path, delay):
    """While the command line or torch is imported. The interpreter's own start (a few hundredths
    of a second, several times that on a loaded machine) is out of any program's reach, so the
    first signal is meant to come after it; on a heavily loaded machine it may not, and then the
    interpreter dies of the signal (status -2) before it has written anything."""
    process = start("train", *SMALL, "--steps", "5", "--out", str(tmp_path / "run"))
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    killed_before_start = process.returncode == -signal.SIGINT and not stderr
    assert process.returncode in (0, 130) or killed_before_start, (process.returncode, stderr)


LOST_INTERRUPT = """
import sys, weakref
from ganzoo import launch
sys.unraisablehook = launch.leave_on_lost_interrupt  # as the ganzoo command sets it

class Thing:
    pass

def on_collect(reference):  # where a Ctrl-C lands when the collector runs at that moment
    raise KeyboardInterrupt

thing = Thing()
reference = weakref.ref(thing, on_collect)
del thing
print("carried on")
"""


def test_a_ctrl_c_that_lands_in_a_garbage_collector_callback_still_ends_the_command():
    """Python cannot raise from such a callback; without the hook it prints a traceback and goes on."""
    done = subprocess.run([sys.executable, "-c", LOST_INTERRUPT], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "interrupted\n")


HALF_IMPORTED = """
import os, signal
try:
    os.kill(os.getpid(), signal.SIGINT)  # a Ctrl-C while this module is being imported
except BaseException:
    pass  # as some libraries guard their optional parts
"""


def test_a_ctrl_c_during_an_import_ends_the_command_even_where_the_library_catches_it(tmp_path):
    (tmp_path / "guarded_library.py").write_text(HALF_IMPORTED)
    program = ("import signal; from ganzoo import launch; signal.signal(signal.SIGINT, launch.interrupt); "
               "import guarded_library; print('carried on')")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "interrupted\n")


DIVERGING = """
import ganzoo

class TurnsToNaN:
    '''The non-saturating loss, until its seventh call for D: then NaN.'''

    def __init__(self):
        self.calls = 0

    def discriminator_loss(self, real, fake):
        import torch.nn.functional as F
        self.calls += 1
        loss = F.softplus(-real).mean() + F.softplus(fake).mean()
        return loss * float("nan") if self.calls >= 7 else loss

    def generator_loss(self, fake, real):
        import torch.nn.functional as F
        return F.softplus(-fake).mean()

@ganzoo.hookimpl
def ganzoo_register_losses(register):
    register("turns-to-nan", TurnsToNaN)
"""


def test_divergence_stops_the_run_naming_the_step_and_keeps_the_last_finite_checkpoint(tmp_path, cli, distributions):
    distributions.add("ganzoo-diverging", {"diverging": DIVERGING})
    run = tmp_path / "run"
    result = cli("train", *SMALL, "--loss", "turns-to-nan", "--steps", "20", "--set", "checkpoint_every=4", "--out", str(run))
    line = one_line(result)
    assert "training diverged at step 7: d_loss" in line and "checkpoint of step 4" in line and "--lr" in line
    assert saved_step(run) == 4
    text = (run / "metrics.jsonl").read_text()
    assert "NaN" not in text and "Infinity" not in text
    assert metrics(run)[-1]["step"] == 7 and metrics(run)[-1]["d_loss"] is None
    assert cli("train", "--resume", str(run), "--steps", "6").returncode == 0  # the kept checkpoint resumes


def test_a_metrics_file_cut_by_a_crash_does_not_stop_a_resume(tmp_path, cli):
    run = tmp_path / "run"
    assert cli("train", *SMALL, "--steps", "4", "--out", str(run)).returncode == 0
    with (run / "metrics.jsonl").open("a") as file:
        file.write('{"step": 5, "d_lo')
    result = cli("train", "--resume", str(run), "--steps", "6")
    assert result.returncode == 0, result.stderr
    assert "cut short" in result.stderr
    assert [line["step"] for line in metrics(run)] == [1, 2, 3, 4, 5, 6]


def test_the_next_run_removes_what_interrupted_writes_left(tmp_path, cli):
    run = tmp_path / "run"
    assert cli("train", *SMALL, "--steps", "2", "--out", str(run)).returncode == 0
    left = [run / ".checkpoint.safetensors.x1y2.tmp", run / "samples" / ".step-000002.png.z3.tmp"]
    for path in left:
        path.write_bytes(b"half a file")
    assert cli("train", "--resume", str(run), "--steps", "3").returncode == 0
    assert not any(path.exists() for path in left)


def test_a_second_process_in_the_same_folder_is_refused_and_a_killed_one_leaves_no_lock(tmp_path, cli):
    run = tmp_path / "run"
    first = start("train", *SMALL, "--steps", "100000", "--out", str(run))  # no checkpoint for a long while
    try:
        wait_for_lines(run / "metrics.jsonl", 3, first)
        assert "in use by another ganzoo process" in one_line(cli("train", *SMALL, "--steps", "5", "--out", str(run)))
    finally:
        first.kill()  # kill -9: no chance to clean up
        first.communicate()
    assert cli("train", *SMALL, "--steps", "2", "--out", str(run)).returncode == 0  # no stale lock
    assert [line["step"] for line in metrics(run)] == [1, 2]  # the dead run's lines are gone


def test_a_resume_while_the_run_still_goes_is_refused(tmp_path, cli):
    run = tmp_path / "run"
    first = start("train", *SMALL, "--steps", "100000", "--set", "checkpoint_every=2", "--out", str(run))
    try:
        wait_for_lines(run / "metrics.jsonl", 3, first)
        assert "in use by another ganzoo process" in one_line(cli("train", "--resume", str(run), "--steps", "1000"))
    finally:
        first.kill()
        first.communicate()
    lines = len(metrics(run))
    assert cli("train", "--resume", str(run), "--steps", str(saved_step(run) + 1)).returncode == 0
    assert len(metrics(run)) <= lines + 1


def test_a_new_run_into_a_folder_with_only_a_dead_runs_metrics_starts_clean(tmp_path, cli):
    run = tmp_path / "run"
    run.mkdir()
    (run / "metrics.jsonl").write_text('{"step": 1, "d_loss": 9.0}\n{"step": 2, "d_loss": 9.0}\n')
    assert cli("train", *SMALL, "--steps", "1", "--out", str(run)).returncode == 0
    assert [line["step"] for line in metrics(run)] == [1] and metrics(run)[0]["d_loss"] != 9.0


def test_an_out_that_is_a_file_or_lies_under_one_gets_one_line(tmp_path, cli):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "run"):
        assert "is a file" in one_line(cli("train", *SMALL, "--steps", "1", "--out", str(out)))
    run = tmp_path / "run"
    assert cli("train", *SMALL, "--steps", "1", "--out", str(run)).returncode == 0
    assert "is a file" in one_line(cli("sample", str(run), "--out", str(blocker / "grid.png")))
    assert "is a file" in one_line(cli("interpolate", str(run), "--out", str(blocker / "walks.gif")))


FAILING_OBSERVER = """
import ganzoo

@ganzoo.hookimpl
def ganzoo_train_step(run, step, logs):
    raise RuntimeError("the plotting service is down")
"""


def test_an_observer_that_fails_is_reported_once_and_training_goes_on(tmp_path, cli, distributions):
    distributions.add("ganzoo-flaky", {"flaky": FAILING_OBSERVER})
    run = tmp_path / "run"
    result = cli("train", *SMALL, "--steps", "5", "--out", str(run))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("the plotting service is down") == 1 and "'flaky'" in result.stderr
    assert saved_step(run) == 5 and len(metrics(run)) == 5


# A small tmpfs, full or read-only, in a mount namespace of the test's own (no root needed where
# unprivileged user namespaces are allowed).
DISK_CHECK = """
import json, os, subprocess, sys
from pathlib import Path

disk, prepared, report = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
mode = sys.argv[4]
run = disk / "run"
subprocess.run(["cp", "-r", str(prepared), str(run)], check=True)
before = {name: (run / name).read_bytes() for name in ("checkpoint.safetensors", "generator.safetensors")}
if mode == "full":
    try:  # fill the disk to its last bytes
        with open(disk / "filler", "wb") as filler:
            while True:
                filler.write(b"x" * 4096)
                filler.flush()
    except OSError:
        pass
else:
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)

def ganzoo(*args):
    done = subprocess.run([sys.executable, "-m", "ganzoo", *args], capture_output=True, text=True)
    return {"returncode": done.returncode, "stderr": done.stderr}

results = {
    "resume": ganzoo("train", "--resume", str(run), "--steps", "8"),
    "sample": ganzoo("sample", str(run), "--out", str(disk / "grid.png")),
    "sample_npy": ganzoo("sample", str(run), "--out", str(disk / "samples.npy")),
    "interpolate": ganzoo("interpolate", str(run), "--out", str(disk / "walks.gif")),
}
untouched = all((run / name).read_bytes() == content for name, content in before.items())
left = sorted(str(p.relative_to(disk)) for p in disk.rglob("*") if p.name.endswith(".tmp")
              or p.name in ("grid.png", "samples.npy", "walks.gif"))
report.write_text(json.dumps({"results": results, "untouched": untouched, "left": left}))
"""


@pytest.mark.parametrize(("mode", "says"), [("full", "the disk is full"), ("read-only", "read-only file system")])
def test_a_full_or_read_only_disk_gets_one_line_and_costs_nothing(tmp_path, cli, mode, says):
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to mount a small tmpfs")
    prepared = tmp_path / "prepared"
    assert cli("train", *SMALL, "--steps", "4", "--out", str(prepared)).returncode == 0
    disk, report, script = tmp_path / "disk", tmp_path / "report.json", tmp_path / "check.py"
    disk.mkdir()
    script.write_text(textwrap.dedent(DISK_CHECK))
    command = f"mount -t tmpfs -o size=64m tmpfs {disk} && exec {sys.executable} {script} {disk} {prepared} {report} {mode}"
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", command],
                          capture_output=True, text=True, env=os.environ)
    if done.returncode != 0 and not report.exists():
        pytest.skip(f"cannot mount a tmpfs in a user namespace here: {done.stderr.strip()[-200:]}")
    found = json.loads(report.read_text())
    assert found["untouched"] and found["left"] == []
    for command, result in found["results"].items():
        lines = result["stderr"].strip().splitlines()
        assert result["returncode"] == 2 and "Traceback" not in result["stderr"], (command, result)
        assert says in lines[-1].lower(), (command, lines[-1])
