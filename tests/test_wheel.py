"""The built wheel ships its schemas: an installed copy validates and checks a council."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UV = shutil.which("uv")

SNIPPET = """
import json, sys
from pathlib import Path
import conseils_citoyens
from conseils_citoyens.documents import schemas
from conseils_citoyens.council.composition import check_council

package = Path(conseils_citoyens.__file__).parent
assert str(package).startswith(sys.prefix), package
assert (package / "schemas" / "council.schema.json").is_file()
council = conseils_citoyens.load(sys.argv[1], conseils_citoyens.Council)
report = check_council(council, as_of=__import__("datetime").date(2025, 6, 1))
print(json.dumps({"kinds": list(schemas.kinds()), "ok": report.ok, "schema_dir": str(schemas.schema_dir())}))
"""


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.mark.slow
@pytest.mark.skipif(UV is None, reason="uv is not on PATH")
def test_the_installed_wheel_finds_its_schemas(tmp_path: Path) -> None:
    assert UV is not None
    dist = tmp_path / "dist"
    built = _run([UV, "build", "--wheel", "--out-dir", str(dist), str(ROOT)], tmp_path)
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("conseils_citoyens-*.whl")
    venv = tmp_path / "venv"
    created = _run([UV, "venv", "--python", sys.executable, str(venv)], tmp_path)
    assert created.returncode == 0, created.stderr
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    installed = _run([UV, "pip", "install", "--python", str(python), str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr
    example = ROOT / "examples" / "conseil-citoyen-conforme.json"
    # Run from tmp_path so the source tree's schemas/ folder cannot be picked up.
    result = _run([str(python), "-c", SNIPPET, str(example)], tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"council", "member", "territory", "common"} <= set(data["kinds"])
    assert data["ok"] is True
    assert data["schema_dir"].startswith(str(venv))
    # Release hygiene: the wheel alone runs the whole demo (sample data are package data).
    script = venv / ("Scripts" if os.name == "nt" else "bin") / "conseils-citoyens"
    demo = _run([str(script), "demo", "--respondents", "6", str(tmp_path / "demo")], tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "demo" / "5-rapports" / "rapport-besoins.odt").is_file()
    # The French catalogue was compiled by the build hook (Babel is not installed here).
    names = zipfile.ZipFile(wheel).namelist()
    assert "conseils_citoyens/cli/locale/fr/LC_MESSAGES/messages.mo" in names
    usage = _run([str(script), "--lang", "fr", "report"], tmp_path)
    assert "Utilisation : conseils-citoyens report" in usage.stderr
    # And the sdist carries what a rebuild needs.
    sdist = _run([UV, "build", "--sdist", "--out-dir", str(dist), str(ROOT)], tmp_path)
    assert sdist.returncode == 0, sdist.stderr
    assert list(dist.glob("conseils_citoyens-*.tar.gz"))
