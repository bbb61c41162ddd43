"""``import conseils_citoyens`` stays light: no document library, no plugin loading."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("docx", "odf", "lxml", "pluggy", "jsonschema", "click")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys; {code}; print(','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return {m for m in out.stdout.strip().split(",") if m}


def test_import_loads_no_document_library_nor_plugins() -> None:
    assert _loaded_after("import conseils_citoyens") == set()


def test_model_access_stays_light() -> None:
    loaded = _loaded_after(
        "import conseils_citoyens as cc; cc.Council; cc.Member; cc.QpvGeneration"
    )
    assert loaded.isdisjoint({"docx", "odf", "lxml", "pluggy"})
