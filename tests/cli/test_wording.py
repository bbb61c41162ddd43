"""Wording a person reads: the right hint for the right command, English typography, French first."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conseils_citoyens.cli import ExitCode, main
from conseils_citoyens.errors import ValidationError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(*args: str, lang: str = "fr") -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--lang", lang, *args])
    return result.exit_code, result.stdout, result.stderr


def _word_file(tmp_path: Path) -> Path:
    form = tmp_path / "questionnaire.docx"
    assert run("questionnaire", "export", "-o", str(form))[0] == ExitCode.OK
    return form


def test_a_form_given_to_council_check_asks_for_a_council_file(tmp_path: Path) -> None:
    form = _word_file(tmp_path)
    code, _, stderr = run("council", "check", str(form))
    assert code == ExitCode.UNREADABLE
    assert "« Conseil citoyen »" in stderr
    assert "schemas/council.schema.json" in stderr
    assert "fichier de réponses" not in stderr
    # Where a responses file is expected, the hint names it.
    code, _, stderr = run("report", str(form), "-o", str(tmp_path / "r.md"))
    assert code == ExitCode.UNREADABLE
    assert "le fichier de réponses écrit par « responses import »" in stderr


def test_english_puts_no_space_before_a_colon() -> None:
    code, stdout, _ = run(
        "council", "check", str(EXAMPLES / "conseil-citoyen-non-conforme.json"), lang="en"
    )
    assert code == ExitCode.FINDINGS
    assert "[council.parity]: parity not met" in stdout
    assert " : " not in stdout
    code, _, stderr = run("validate", "council", str(EXAMPLES / "faute.json"), lang="en")
    assert code == ExitCode.FINDINGS
    assert f"{EXAMPLES / 'faute.json'}: invalid" in stderr
    assert " : " not in stderr
    french = ValidationError([], kind="council", source="c.json")
    assert french.message_in("fr").startswith("c.json : ")


def test_the_response_schema_is_french_first() -> None:
    code, stdout, _ = run("questionnaire", "schema")
    assert code == ExitCode.OK
    schema = json.loads(stdout)
    assert schema["description"].startswith("Réponse au questionnaire")
    assert schema["x-description-en"].startswith("Response to questionnaire")
    assert schema["x-title-en"].startswith("Response to the questionnaire")
