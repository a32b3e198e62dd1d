"""``check_plugin_is_light``: declaring a plugin's parts must not import torch.

ganzoo imports every plugin, and calls its registration hooks, on every command, ``ganzoo --help``
and ``ganzoo list`` included. A plugin that imports torch there costs every user seconds on each
command; factories given as ``"module:attribute"`` strings keep the heavy code out until a run
needs it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable

_PROBE = """
import json, sys
names, forbidden, register = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3] == "1"
if register:
    from ganzoo.plugins import load_zoo
for name in names:
    __import__(name)  # the import statement's machinery, which -X importtime records (importlib's is not)
    status = None
    if register:
        zoo = load_zoo(extra=[("checked", sys.modules[name])], environ={"GANZOO_LOAD_PLUGINS": ""})
        status = [zoo.plugins[-1].status, zoo.plugins[-1].error]
    heavy = [m for m in forbidden if m in sys.modules]
    print(json.dumps({"module": name, "heavy": heavy, "status": status}))
    if heavy or (status and status[0] != "loaded"):
        break
"""

_IMPORT_TIME = re.compile(r"^import time:\s*\d+ \|\s*\d+ \| ( *)(\S+)\s*$")


def check_plugin_is_light(
    module: str, *more: str, forbidden: Iterable[str] = ("torch",), register: bool = True, timeout: float = 120
) -> None:
    """Import the plugin ``module`` (``"ganzoo_mygan.plugin"``) in a fresh interpreter and, unless
    ``register`` is false, call its registration hooks as ``ganzoo list`` does; fail if that
    imported any of ``forbidden``, naming the chain of imports that led there.

    Further modules are checked in turn in the same interpreter, which is quicker than one call
    each. The interpreter sees the same ``sys.path`` as the caller."""
    forbidden = list(forbidden)
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", _PROBE, json.dumps([module, *more]), json.dumps(forbidden), "1" if register else "0"],
        capture_output=True, text=True, env=environment, timeout=timeout,
    )
    reports = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0:
        failed = [module, *more][len(reports)] if len(reports) <= len(more) else module
        errors = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
        raise AssertionError(f"importing plugin {failed!r} failed:\n" + "\n".join(errors[-15:]))
    result = reports[-1]
    module = result["module"]
    if result["status"] is not None and result["status"][0] != "loaded":
        raise AssertionError(f"plugin {module!r} did not register: {result['status'][1]}")
    if result["heavy"]:
        heavy = result["heavy"][0]
        chain = import_chain(done.stderr, heavy)
        where = "importing it" if not register else "importing it and registering its parts"
        raise AssertionError(
            f"plugin {module!r} is not light: {where} imports {heavy}"
            + (f" ({' → '.join(chain)})" if chain else "")
            + f". ganzoo imports every plugin on each command; import {heavy} only in the modules your"
            " factories name, and give factories as 'module:attribute' strings"
        )


def import_chain(importtime: str, target: str) -> list[str]:
    """From ``python -X importtime`` output, the modules that led to importing ``target``, outermost first."""
    rows = [(len(m.group(1)), m.group(2)) for m in map(_IMPORT_TIME.match, importtime.splitlines()) if m]
    start = next((i for i, (_, name) in enumerate(rows) if name == target), None)
    if start is None:
        return []
    chain, depth = [target], rows[start][0]
    for indent, name in rows[start + 1:]:  # a module is listed after everything it imported
        if indent < depth:
            chain.append(name)
            depth = indent
    return chain[::-1]
