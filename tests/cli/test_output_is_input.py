"""A command never writes over a file it reads, even with --force (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conseils_citoyens.cli import ExitCode, main
from conseils_citoyens.survey.questionnaire.model import Response
from conseils_citoyens.survey.questionnaire.serialize import dump_response, questionnaire_ref
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire


@pytest.fixture
def responses_file(tmp_path: Path) -> Path:
    ref = questionnaire_ref(standard_questionnaire())
    entries = [
        dump_response(Response(questionnaire=ref, answers={"college": "residents"}))
        for _ in range(3)
    ]
    path = tmp_path / "rr.json"
    path.write_text(json.dumps({"responses": entries}), encoding="utf-8")
    return path


def _refused(args: list[str], kept: Path) -> str:
    before = kept.read_bytes()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert kept.read_bytes() == before
    return result.stderr


def test_report_and_export_refuse_to_overwrite_their_input(
    responses_file: Path, tmp_path: Path
) -> None:
    same = str(tmp_path / "." / "rr.json")  # the same file under another name
    stderr = _refused(["report", str(responses_file), "-o", same, "--force"], responses_file)
    assert "est aussi un fichier lu par la commande" in stderr
    assert "même avec --force" in stderr
    _refused(["responses", "export", str(responses_file), "-o", same, "--force"], responses_file)
    english = _refused(
        ["--lang", "en", "report", str(responses_file), "-o", same, "--force"], responses_file
    )
    assert "is also a file the command reads" in english


def test_import_and_questionnaire_refuse_to_overwrite_their_input(tmp_path: Path) -> None:
    overlay = tmp_path / "adaptation.json"
    overlay.write_text('{"id": "lille", "hide": ["humeur"]}', encoding="utf-8")
    _refused(["questionnaire", "export", "-o", str(overlay), "--overlay", str(overlay)], overlay)
    _refused(
        ["questionnaire", "schema", "-o", str(overlay), "--overlay", str(overlay), "--force"],
        overlay,
    )
    _refused(["responses", "import", str(overlay), "-o", str(overlay), "--force"], overlay)


def test_a_symbolic_link_to_the_input_is_the_input(responses_file: Path, tmp_path: Path) -> None:
    link = tmp_path / "lien.json"
    link.symlink_to(responses_file)
    _refused(["report", str(responses_file), "-o", str(link), "--force"], responses_file)


def test_cycle_and_diagnostic_commands_refuse_to_overwrite_their_input(
    responses_file: Path, tmp_path: Path
) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    cycle = tmp_path / "cycle.json"
    cycle.write_bytes((examples / "cycle-exemple.json").read_bytes())
    diagnostic = tmp_path / "diagnostic.json"
    diagnostic.write_bytes((examples / "diagnostic-exemple.json").read_bytes())
    plan = ["cycle", "plan", str(responses_file), "--qpv", "QN05921M", "--start", "2026-02-02"]
    _refused([*plan, "-o", str(responses_file), "--force"], responses_file)
    _refused(["cycle", "programme", str(cycle), "-o", str(cycle), "--force"], cycle)
    _refused(
        ["diagnostic", "summary", str(diagnostic), "-o", str(diagnostic), "--force"], diagnostic
    )
