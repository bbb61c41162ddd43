"""Without the scan extra: scans are refused with the install command, nothing else changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conseils_citoyens.cli import main
from conseils_citoyens.formats.scan import _deps
from conseils_citoyens.plugins import isolated_plugins
from conseils_citoyens.survey.questionnaire.export import export_questionnaire
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
from tests.conftest import soffice_path


@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = _deps.importlib.import_module

    def fake(name: str, package: str | None = None) -> object:
        if name.split(".", 1)[0] in ("numpy", "pypdfium2", "zxingcpp", "PIL"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(_deps.importlib, "import_module", fake)


def _run(*args: str) -> object:
    with isolated_plugins():
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.usefixtures("no_extra")
def test_scans_are_refused_with_the_install_command(tmp_path: Path) -> None:
    export_questionnaire(standard_questionnaire(), tmp_path / "vide.docx")
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = _run(
        "responses", "import", str(tmp_path / "scan.png"), str(tmp_path / "vide.docx"),
        "-o", str(tmp_path / "r.json"),
    )  # fmt: skip
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert 'pip install "conseils-citoyens[scan]"' in output
    assert "scan.png" in output
    assert "vide.docx" in output  # the Word form is still read (refused as empty)


@pytest.mark.usefixtures("no_extra")
def test_the_pdf_form_needs_libreoffice_only(tmp_path: Path) -> None:
    """The PDF form is LibreOffice's print of the .odt form (its QR code is drawn by segno,
    a core dependency); only the box positions (--geometry) need the extra."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) absent")
    result = _run("questionnaire", "export", "-o", str(tmp_path / "f.pdf"))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert (tmp_path / "f.pdf").read_bytes().startswith(b"%PDF")
    result = _run(
        "questionnaire", "export", "-o", str(tmp_path / "g.pdf"),
        "--geometry", str(tmp_path / "g.json"),
    )  # fmt: skip
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert 'pip install "conseils-citoyens[scan]"' in result.output  # type: ignore[attr-defined]
    assert not (tmp_path / "g.json").exists()
