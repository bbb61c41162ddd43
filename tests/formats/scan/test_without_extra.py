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


@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = _deps.importlib.import_module

    def fake(name: str, package: str | None = None) -> object:
        if name.split(".", 1)[0] in ("numpy", "pypdfium2", "zxingcpp", "segno", "PIL"):
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
def test_pdf_export_names_the_extra(tmp_path: Path) -> None:
    result = _run("questionnaire", "export", "-o", str(tmp_path / "f.pdf"))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert 'pip install "conseils-citoyens[scan]"' in result.output  # type: ignore[attr-defined]
    assert not (tmp_path / "f.pdf").exists()
