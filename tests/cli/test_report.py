"""``conseils-citoyens report`` and ``responses export``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conseils_citoyens.cli import main
from conseils_citoyens.documents import schemas
from conseils_citoyens.survey.questionnaire.model import Matrix, Response
from conseils_citoyens.survey.questionnaire.serialize import (
    dump_questionnaire,
    dump_response,
    questionnaire_ref,
)
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
from tests.training_fixture import QUESTIONNAIRE, response


def _standard_responses(count: int) -> list[dict[str, object]]:
    questionnaire = standard_questionnaire()
    ref = questionnaire_ref(questionnaire)
    matrix = next(q for q in questionnaire.questions() if isinstance(q, Matrix))
    rows = [r.code for r in matrix.rows]
    result = []
    for i in range(count):
        answers = {
            "college": "residents" if i % 2 else "local_actors",
            matrix.id: {rows[0]: "priority", rows[1]: "useful" if i % 3 else "important"},
        }
        result.append(dump_response(Response(questionnaire=ref, answers=answers)))
    return result


@pytest.fixture
def responses_file(tmp_path: Path) -> Path:
    entries = _standard_responses(12)
    entries.append({**entries[0], "answers": {"college": "nobody"}})
    path = tmp_path / "reponses.json"
    path.write_text(json.dumps({"responses": entries}), encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--lang", "fr", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("suffix", [".md", ".json", ".csv", ".docx", ".odt"])
def test_report_every_format(tmp_path: Path, responses_file: Path, suffix: str) -> None:
    output = tmp_path / f"rapport{suffix}"
    code, out, err = _run("report", str(responses_file), "-o", str(output), "--by", "college")
    assert code == 0, err
    assert "12 réponses analysées sur 13, 1 écartée (détail dans le rapport)" in out
    assert "réponse n° 13 écartée" in err
    assert output.stat().st_size > 0
    if suffix == ".json":
        data = json.loads(output.read_text(encoding="utf-8"))
        schemas.validate("report", data)
        assert data["responses"]["excluded"] == 1
        assert data["breakdown"]["by"] == "college"


def test_existing_output_needs_force(tmp_path: Path, responses_file: Path) -> None:
    output = tmp_path / "rapport.md"
    output.write_text("ancien", encoding="utf-8")
    code, _, err = _run("report", str(responses_file), "-o", str(output))
    assert code == 5
    assert "existe déjà" in err
    assert output.read_text(encoding="utf-8") == "ancien"
    code, _, _ = _run("report", str(responses_file), "-o", str(output), "--force")
    assert code == 0
    assert "Synthèse" in output.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["report"], ["responses", "export"]])
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_an_output_folder_exits_5_in_french(
    tmp_path: Path, responses_file: Path, command: list[str], force: list[str]
) -> None:
    folder = tmp_path / "rapport.csv"
    folder.mkdir()
    code, _, err = _run(*command, str(responses_file), "-o", str(folder), *force)
    assert code == 5, err
    assert "c'est un dossier, pas un fichier" in err
    assert "Invalid value" not in err
    assert "invalide" not in err


def test_unknown_suffix_is_a_usage_error(tmp_path: Path, responses_file: Path) -> None:
    code, _, _ = _run("report", str(responses_file), "-o", str(tmp_path / "r.pdf"))
    assert code == 2


def test_min_group_and_csv_dialect(tmp_path: Path, responses_file: Path) -> None:
    output = tmp_path / "r.csv"
    code, _, err = _run(
        "report",
        str(responses_file),
        "-o",
        str(output),
        "--min-group",
        "7",
        "--by",
        "college",
        "--csv-dialect",
        "rfc4180",
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"), newline="")))
    groups = [r for r in rows if r["rubrique"] == "groupes"]
    # two groups of 6: both below 7, both suppressed
    assert [g["valeur"] for g in groups] == ["< 7", "< 7"]


def test_other_questionnaire_needs_its_file(tmp_path: Path) -> None:
    responses = tmp_path / "r.json"
    responses.write_text(
        json.dumps([dump_response(response({"mood": "worried"})) for _ in range(6)]),
        encoding="utf-8",
    )
    code, _, err = _run("report", str(responses), "-o", str(tmp_path / "r.md"))
    assert code == 1
    assert "ni standard ni celui des extensions installées" in err
    assert "--questionnaire" in err
    questionnaire = tmp_path / "q.json"
    questionnaire.write_text(json.dumps(dump_questionnaire(QUESTIONNAIRE)), encoding="utf-8")
    code, _, err = _run(
        "report",
        str(responses),
        "-o",
        str(tmp_path / "r.md"),
        "--questionnaire",
        str(questionnaire),
    )
    assert code == 0, err
    assert "Confiant" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_mixed_versions_are_refused(tmp_path: Path, responses_file: Path) -> None:
    other = tmp_path / "autre.json"
    other.write_text(json.dumps([dump_response(response({}))]), encoding="utf-8")
    code, _, err = _run("report", str(responses_file), str(other), "-o", str(tmp_path / "r.md"))
    assert code == 1
    assert "analysez chaque version à part" in err


def test_missing_responses_file(tmp_path: Path) -> None:
    code, _, _ = _run("report", str(tmp_path / "absent.json"), "-o", str(tmp_path / "r.md"))
    assert code == 3


def test_responses_export(tmp_path: Path, responses_file: Path) -> None:
    output = tmp_path / "brut.csv"
    code, out, err = _run("responses", "export", str(responses_file), "-o", str(output), "--labels")
    assert code == 0, err
    assert "13 réponses exportées" in out
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:2] == ["numéro", "valide"]
    assert len(rows) == 14
    assert rows[-1][1] == "non"
    json_output = tmp_path / "brut.json"
    code, _, err = _run("responses", "export", str(responses_file), "-o", str(json_output))
    assert code == 0, err
    exported = json.loads(json_output.read_text(encoding="utf-8"))
    assert exported["rows"][1]["college"] == "residents"
    code, _, _ = _run("responses", "export", str(responses_file), "-o", str(json_output))
    assert code == 5


def test_overlay_finds_the_adapted_questionnaire_for_every_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from conseils_citoyens.cli import main
    from conseils_citoyens.demo import run_demo
    from conseils_citoyens.plugins import isolated_plugins

    with isolated_plugins():
        run_demo(tmp_path / "demo", respondents=10, echo=lambda line: None)
        responses = str(tmp_path / "demo" / "4-reponses" / "reponses.json")
        overlay = str(tmp_path / "demo" / "2-questionnaire" / "adaptation-locale.json")
        runner = CliRunner()
        commands = [
            ["report", responses, "--overlay", overlay, "-o", str(tmp_path / "r.md")],
            ["responses", "export", responses, "--overlay", overlay, "-o", str(tmp_path / "r.csv")],
            [
                "cycle",
                "plan",
                responses,
                "--overlay",
                overlay,
                "-o",
                str(tmp_path / "c.json"),
                "--qpv",
                "QN05921M",
                "--start",
                "2026-02-02",
                "--min-group",
                "2",
            ],
        ]
        for command in commands:
            result = runner.invoke(main, command)
            assert result.exit_code == 0, (command, result.output)
        without = runner.invoke(main, ["report", responses, "-o", str(tmp_path / "x.md")])
    assert without.exit_code == 1
    assert "--overlay" in without.output
