"""The benchmark runner works (a smoke test on tiny sizes, no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_runner_prints_a_table(tmp_path: Path) -> None:
    out = tmp_path / "rows.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "import", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr
    assert "operation" in result.stdout
    assert "import conseils_citoyens" in result.stdout
    assert out.read_text(encoding="utf-8").startswith("[")
