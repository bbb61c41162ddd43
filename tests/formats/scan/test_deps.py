"""Without the scan extra or LibreOffice: a French message naming what to install."""

from __future__ import annotations

import pytest

from conseils_citoyens.formats.scan import _deps
from conseils_citoyens.formats.scan._deps import MissingDependencyError, require, soffice


def test_missing_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(_deps.importlib, "import_module", fail)
    with pytest.raises(MissingDependencyError) as caught:
        require("zxingcpp")
    assert 'pip install "conseils-citoyens[scan]"' in caught.value.message
    assert "« zxing-cpp »" in caught.value.message
    assert "scan extra" in caught.value.message_in("en")
    # also met when exporting with --geometry: not only « la lecture des formulaires scannés »
    assert "la position des cases du formulaire PDF" in caught.value.message


def test_missing_libreoffice_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_deps.shutil, "which", lambda name: None)
    with pytest.raises(MissingDependencyError) as caught:
        soffice()
    assert "apt-get install libreoffice-writer-nogui" in caught.value.message
    assert "LibreOffice" in caught.value.message


def test_importing_the_package_loads_no_heavy_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys, conseils_citoyens.formats.scan, conseils_citoyens.plugins as p; "
        "p.get_plugins().exporters(); "
        "print(sorted(m for m in ('numpy', 'pypdfium2', 'zxingcpp', 'segno', 'PIL') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
