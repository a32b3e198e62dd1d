"""Start-up time of the ``ganzoo`` command line, against the time it takes just to import torch.

Each command runs as a fresh subprocess, as a user would start it; the commands take turns, round
by round, after one untimed round, and the table gives the median wall time of each. A second
subprocess per command runs the same command in-process and then reports whether ``torch`` is in
``sys.modules``: the listing commands are meant never to import it.

    python benchmarks/startup.py [--runs 7] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

GANZOO_COMMANDS = (("--help",), ("list",), ("plugins",))

# Runs the ganzoo command line given in argv, then says on the last line of stderr whether torch was imported.
PROBE = """
import sys
from ganzoo.cli import main
sys.argv = ["ganzoo", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("torch" in sys.modules, file=sys.stderr)
"""
IMPORT_PROBE = "import sys, ganzoo.cli; print('torch' in sys.modules, file=sys.stderr)"


def ganzoo_script() -> list[str]:
    """The ``ganzoo`` script beside this interpreter or on PATH, else ``python -m ganzoo``."""
    beside = Path(sys.executable).parent / "ganzoo"
    found = str(beside) if beside.exists() else shutil.which("ganzoo")
    return [found] if found else [sys.executable, "-m", "ganzoo"]


def wall_time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def imports_torch(code: str, args: tuple[str, ...], env: dict[str, str]) -> bool:
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True)
    return done.stderr.strip().splitlines()[-1] == "True"


def load_average() -> float | None:
    """The one-minute load average, to judge how busy the machine was; None where unknown."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def measure(runs: int) -> dict:
    env = {**os.environ, "GANZOO_OFFLINE": "1"}
    load_before = load_average()
    script = ganzoo_script()
    commands = {f"ganzoo {' '.join(args)}": [*script, *args] for args in GANZOO_COMMANDS}
    commands['python -c "import torch"'] = [sys.executable, "-c", "import torch"]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_number in range(runs + 1):
        for name, command in commands.items():
            elapsed = wall_time(command, env)
            if round_number:  # the first round only warms the file cache
                times[name].append(elapsed)
    torch_imported = {f"ganzoo {' '.join(args)}": imports_torch(PROBE, args, env) for args in GANZOO_COMMANDS}
    return {
        "runs": runs,
        "python": sys.version.split()[0],
        "commands": {
            name: {"median_s": statistics.median(t), "min_s": min(t), "max_s": max(t), "imports_torch": torch_imported.get(name, True)}
            for name, t in times.items()
        },
        "import_ganzoo_cli_imports_torch": imports_torch(IMPORT_PROBE, (), env),
        "load_average": [load_before, load_average()],
    }


def report(result: dict) -> str:
    lines = [
        f"wall time of {result['runs']} runs each, in turn, after one untimed round (Python {result['python']})",
        "",
        f"  {'command':<28} {'median':>8} {'min':>8} {'max':>8}  imports torch",
    ]
    for name, r in result["commands"].items():
        lines.append(f"  {name:<28} {r['median_s']:>7.2f}s {r['min_s']:>7.2f}s {r['max_s']:>7.2f}s  {'yes' if r['imports_torch'] else 'no'}")
    before, after = (f"{x:.1f}" if x is not None else "unknown" for x in result["load_average"])
    lines += [
        "",
        f"import ganzoo.cli imports torch: {'yes' if result['import_ganzoo_cli_imports_torch'] else 'no'}",
        f"load average (1 min) before and after: {before}, {after}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the result as JSON to OUT")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    result = measure(args.runs)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
