"""Import cost: ``import conseils_citoyens`` against its own dependencies.

Target: at most 1.5x importing attrs + cattrs + jsonschema + pluggy together
(median of several fresh interpreters). That it loads neither python-docx,
odfpy nor lxml is a property, tested in tests/test_import_cost.py.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from typing import Any

from bench._timing import row

_SNIPPET = "import time; t = time.perf_counter(); {imports}; print(time.perf_counter() - t)"


def _fresh(imports: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-X", "frozen_modules=on", "-c", _SNIPPET.format(imports=imports)],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def run(quick: bool) -> list[dict[str, Any]]:
    """Measure the import of the package and of its core dependencies, in fresh interpreters."""
    repeat = 3 if quick else 9
    deps = _fresh("import attrs, cattrs, jsonschema, pluggy", repeat)
    ours = _fresh("import conseils_citoyens", repeat)
    full_api = _fresh(
        "import conseils_citoyens; conseils_citoyens.Council; conseils_citoyens.load", repeat
    )
    return [
        row(
            "import conseils_citoyens",
            ours,
            deps,
            max_ratio=1.5,
            note="baseline: import attrs, cattrs, jsonschema, pluggy",
        ),
        row("import + model + load", full_api, deps, note="first use of the lazy API"),
    ]
