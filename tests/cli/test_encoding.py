"""A file in the wrong encoding, or of the wrong kind, gets the likely cause and the fix."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conseils_citoyens.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(*args: str, lang: str = "fr") -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--lang", lang, *args])
    return result.exit_code, result.output


def test_an_overlay_saved_by_an_old_notepad_says_how_to_save_it_again(tmp_path: Path) -> None:
    overlay = json.loads((EXAMPLES / "adaptation-locale.json").read_text(encoding="utf-8"))
    ansi = tmp_path / "adaptation.json"
    ansi.write_bytes(json.dumps(overlay, ensure_ascii=False).encode("cp1252"))
    code, out = _run(
        "questionnaire", "export", "-o", str(tmp_path / "q.json"), "--overlay", str(ansi)
    )
    assert code == 3
    assert "texte non UTF-8 à la ligne 1" in out
    assert "Windows-1252" in out
    assert "Encodage : UTF-8" in out
    code, out = _run(
        "questionnaire", "export", "-o", str(tmp_path / "q.json"), "--overlay", str(ansi), lang="en"
    )
    assert "save it as UTF-8" in out


def test_a_word_file_given_where_json_is_expected_says_so(tmp_path: Path) -> None:
    form = tmp_path / "formulaire.docx"
    code, _ = _run("questionnaire", "export", "-o", str(form))
    assert code == 0
    code, out = _run("report", str(form), "-o", str(tmp_path / "r.md"))
    assert code == 3
    assert "ce fichier est un document Word ou LibreOffice" in out
    assert "pas un fichier JSON" in out
    assert "UTF-8" not in out


def test_a_utf16_file_says_so(tmp_path: Path) -> None:
    council = tmp_path / "conseil.json"
    text = (EXAMPLES / "conseil-citoyen-conforme.json").read_text(encoding="utf-8")
    council.write_bytes(text.encode("utf-16"))
    code, out = _run("council", "check", str(council))
    assert code == 3
    assert "UTF-16" in out


def test_a_pdf_given_where_json_is_expected_says_so(tmp_path: Path) -> None:
    scan = tmp_path / "reponses.json"  # the name does not matter: the bytes do
    scan.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    code, out = _run("report", str(scan), "-o", str(tmp_path / "r.md"))
    assert code == 3
    assert "ce fichier est un PDF, pas un fichier JSON" in out
    assert "UTF-8" not in out
    code, out = _run("report", str(scan), "-o", str(tmp_path / "r.md"), lang="en")
    assert "this file is a PDF, not a JSON file" in out
