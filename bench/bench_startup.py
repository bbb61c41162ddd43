"""Start-up: ``conseils-citoyens council check FILE`` against importing its dependencies.

Target (issue 20): the whole command, start to exit, at most 1.3x a fresh
interpreter running ``import click, jsonschema, attrs, cattrs, pluggy``.
Both are timed as whole processes (interpreter start-up included), the
median of several runs measured in turn, so that the noise of a shared
machine hits both alike.

The target row runs the command as a user does: installed plugins are looked
up (``plugins.installed_entry_points``, which reads the ``*.dist-info``
folders of ``sys.path`` and imports ``importlib.metadata`` only when a plugin
is installed). A second row, for information, runs it with
``CONSEILS_CITOYENS_PLUGINS=""`` (no installed plugin allowed, so none looked up).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench._timing import row

ROOT = Path(__file__).resolve().parents[1]
COUNCIL = ROOT / "examples" / "conseil-citoyen-conforme.json"
BASELINE = "import click, jsonschema, attrs, cattrs, pluggy"


def _process(arguments: list[str], *, plugins: bool = True) -> float:
    env = {"LANG": "fr_FR.UTF-8", "PATH": ""}
    if not plugins:
        env["CONSEILS_CITOYENS_PLUGINS"] = ""
    start = time.perf_counter()
    subprocess.run([sys.executable, *arguments], capture_output=True, check=False, env=env)
    return time.perf_counter() - start


def run(quick: bool) -> list[dict[str, Any]]:
    """Time ``council check`` and the dependencies' import, alternating, in fresh processes."""
    repeat = 3 if quick else 11
    command = ["-m", "conseils_citoyens", "council", "check", str(COUNCIL)]
    _process(command)  # write the bytecode caches first
    ours: list[float] = []
    closed: list[float] = []
    deps: list[float] = []
    for _ in range(repeat):
        deps.append(_process(["-c", BASELINE]))
        ours.append(_process(command))
        closed.append(_process(command, plugins=False))
    return [
        row(
            "council check FILE (whole process)",
            statistics.median(ours),
            statistics.median(deps),
            max_ratio=1.3,
            note=f"baseline: python -c '{BASELINE}'",
        ),
        row(
            "council check FILE, no installed plugin looked up",
            statistics.median(closed),
            statistics.median(deps),
            note='CONSEILS_CITOYENS_PLUGINS="": installed plugins are not looked up',
        ),
    ]
