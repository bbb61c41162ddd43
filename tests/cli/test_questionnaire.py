"""``conseils-citoyens questionnaire export|schema``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conseils_citoyens.cli import ExitCode, main
from conseils_citoyens.survey.questionnaire.serialize import load_questionnaire, questionnaire_ref
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_export_json_and_overwrite_rules(tmp_path: Path) -> None:
    out = tmp_path / "q.json"
    code, stdout, _ = run("questionnaire", "export", "-o", str(out))
    assert code == ExitCode.OK
    assert questionnaire_ref(standard_questionnaire()).hash in stdout
    assert load_questionnaire(out) == standard_questionnaire()
    code, _, stderr = run("questionnaire", "export", "-o", str(out))
    assert code == ExitCode.OUTPUT
    assert "existe déjà" in stderr
    assert run("questionnaire", "export", "-o", str(out), "--force")[0] == ExitCode.OK


def test_export_with_overlay(tmp_path: Path) -> None:
    overlay = tmp_path / "lille.json"
    overlay.write_text('{"id": "lille", "hide": ["humeur"]}', encoding="utf-8")
    out = tmp_path / "q.json"
    code, stdout, _ = run("questionnaire", "export", "-o", str(out), "--overlay", str(overlay))
    assert code == ExitCode.OK
    assert "1.0+lille" in stdout
    assert load_questionnaire(out).version == "1.0+lille"


def test_bad_overlay_exits_1_naming_file_and_path(tmp_path: Path) -> None:
    overlay = tmp_path / "bad.json"
    overlay.write_text('{"id": "x", "hide": ["deja_forme"]}', encoding="utf-8")
    code, _, stderr = run("questionnaire", "schema", "--overlay", str(overlay))
    assert code == ExitCode.FINDINGS
    assert str(overlay) in stderr
    assert "$.hide[0]" in stderr


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    code, _, _ = run("questionnaire", "export", "-o", str(tmp_path / "q.xyz"))
    assert code == ExitCode.USAGE
    assert not (tmp_path / "q.xyz").exists()


def test_an_output_without_suffix_says_so(tmp_path: Path) -> None:
    code, _, stderr = run("questionnaire", "export", "-o", str(tmp_path / "questionnaire"))
    assert code == ExitCode.USAGE
    assert "« sans extension »" in stderr
    assert "-o questionnaire.docx" in stderr


def test_schema_to_stdout_and_file(tmp_path: Path) -> None:
    code, stdout, _ = run("questionnaire", "schema")
    assert code == ExitCode.OK
    schema = json.loads(stdout)
    assert schema["properties"]["questionnaire"]["properties"]["hash"]["const"] == (
        questionnaire_ref(standard_questionnaire()).hash
    )
    out = tmp_path / "schema.json"
    assert run("questionnaire", "schema", "-o", str(out))[0] == ExitCode.OK
    assert json.loads(out.read_text(encoding="utf-8")) == schema


def test_no_progress_label_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    tokens = [arg for index in range(5) for arg in ("--token", f"T{index}")]
    code, stdout, stderr = run("questionnaire", "export", "-o", str(tmp_path / "f.odt"), *tokens)
    assert code == ExitCode.OK
    assert stdout.count("f-T") == 5
    assert "Export" not in stderr
