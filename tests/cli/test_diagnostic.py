"""The ``diagnostic`` and ``cycle`` commands: output, exit codes, atomic and refused writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conseils_citoyens.cli import main
from conseils_citoyens.documents.jsonio import read_json

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DIAGNOSTIC = EXAMPLES / "diagnostic-exemple.json"
CYCLE = EXAMPLES / "cycle-exemple.json"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--lang", "fr", *args])
    return result.exit_code, result.stdout, result.stderr


def test_examples_check_clean() -> None:
    code, out, _ = _run("diagnostic", "check", str(DIAGNOSTIC), "--as-of", "2026-01-01")
    assert code == 0
    # the title names the diagnostic already: not « Diagnostic « Diagnostic partagé… » »
    assert out.startswith(
        "Diagnostic partagé « Défis des quartiers » — Tourcoing 2025 (diag-tourcoing-2025) —"
    )
    assert "vérification au 01/01/2026" in out
    assert "Résumé : 0 erreur, 0 avertissement, 0 conseil ; 7 règles appliquées" in out
    code, out, _ = _run("cycle", "check", str(CYCLE))
    assert out.startswith("Cycle de qualification « Nos espaces publics » (cycle-espaces-")
    code, out, _ = _run("cycle", "check", str(CYCLE), "--format", "json")
    assert code == 0
    assert json.loads(out)["findings"] == []


def test_findings_are_listed_with_paths(tmp_path: Path) -> None:
    data = read_json(DIAGNOSTIC)
    data["defis"][0]["themes"] = ["inconnu"]
    del data["defis"][1]["actions"][0]["carrier"]
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = _run("diagnostic", "check", str(path))
    assert code == 0  # warnings only: no error
    assert "Avertissements (2)" in out
    assert "[diagnostic.theme_declared] : le défi « Un quartier éclairé" in out
    assert "emplacement : $.defis[0].themes[0]" in out
    assert "emplacement : $.defis[1].actions[0]" in out
    code, out, _ = _run("diagnostic", "check", str(path), "--format", "json")
    data = json.loads(out)
    assert data["valid"] is True
    findings = data["findings"]
    assert {f["rule"] for f in findings} == {
        "diagnostic.theme_declared",
        "diagnostic.action_carrier",
    }


def test_english_output() -> None:
    result = CliRunner().invoke(main, ["--lang", "en", "cycle", "check", str(CYCLE)])
    assert result.exit_code == 0
    assert "checked as of" in result.stdout
    assert "Summary: 0 errors, 0 warnings" in result.stdout


def test_invalid_document_exits_1(tmp_path: Path) -> None:
    data = read_json(CYCLE)
    data["audiences"] = ["journalists"]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = _run("cycle", "check", str(path))
    assert code == 1
    assert "$.audiences[0]" in err
    code, out, _ = _run("cycle", "check", str(path), "--format", "json")
    assert code == 1
    assert json.loads(out)["problems"][0]["path"] == "$.audiences[0]"


def test_unreadable_file_exits_3(tmp_path: Path) -> None:
    code, _, _ = _run("diagnostic", "check", str(tmp_path / "absent.json"))
    assert code == 3
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, _, _ = _run("cycle", "check", str(broken))
    assert code == 3


@pytest.mark.parametrize(
    ("group", "command", "source"),
    [("diagnostic", "summary", DIAGNOSTIC), ("cycle", "programme", CYCLE)],
)
@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_documents_are_written_and_not_overwritten(
    tmp_path: Path, group: str, command: str, source: Path, suffix: str
) -> None:
    output = tmp_path / f"fiche{suffix}"
    code, out, _ = _run(group, command, str(source), "-o", str(output))
    assert code == 0
    assert f"écrit : {output}" in out
    first = output.read_bytes()
    assert first.startswith(b"PK")
    output.write_bytes(b"keep me")
    code, _, err = _run(group, command, str(source), "-o", str(output))
    assert code == 5
    assert "--force" in err
    assert output.read_bytes() == b"keep me"
    code, _, _ = _run(group, command, str(source), "-o", str(output), "--force")
    assert code == 0
    assert output.read_bytes().startswith(b"PK")
    assert [p.name for p in tmp_path.iterdir()] == [output.name]  # no temporary file left


def test_unsupported_extension_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run("diagnostic", "summary", str(DIAGNOSTIC), "-o", str(tmp_path / "f.pdf"))
    assert code == 2
    assert "non prise en charge" in err
    assert list(tmp_path.iterdir()) == []


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    data = read_json(DIAGNOSTIC)
    data["period"]["start"] = "2025-02-30"  # invalid date: refused before any write
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    output = tmp_path / "out" / "fiche.docx"
    code, _, _ = _run("diagnostic", "summary", str(path), "-o", str(output))
    assert code == 1
    assert not output.exists()


def test_cycle_plan_drafts_a_programme_from_responses(tmp_path: Path) -> None:
    from conseils_citoyens.demo import run_demo
    from conseils_citoyens.plugins import isolated_plugins

    with isolated_plugins():
        run_demo(tmp_path / "demo", respondents=15, echo=lambda line: None)
    responses = tmp_path / "demo" / "4-reponses" / "reponses.json"
    questionnaire = tmp_path / "demo" / "2-questionnaire" / "questionnaire.json"
    base = ["cycle", "plan", str(responses), "--qpv", "QN05921M", "--start", "2026-02-02"]
    code, _, err = _run(
        *base, "--questionnaire", str(questionnaire), "-o", str(tmp_path / "c.json")
    )
    assert code == 0, err
    cycle = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert cycle["period"] == {"start": "2026-02-02", "end": "2026-08-02"}
    assert cycle["sessions"]
    code, _, _ = _run("cycle", "check", str(tmp_path / "c.json"))
    assert code == 0
    code, _, err = _run(*base, "-o", str(tmp_path / "c.docx"))
    assert code == 0, err  # the responses file carries the adapted questionnaire
    assert (tmp_path / "c.docx").stat().st_size > 0
    given = ["cycle", "plan", str(responses), "--questionnaire", str(questionnaire)]
    dates = ["--start", "2026-02-02"]
    # a malformed QPV code is a usage error; an expired one an error as in council check
    code, _, err = _run(*given, "--qpv", "XX", *dates, "-o", str(tmp_path / "bad.json"))
    assert code == 2
    assert "« XX » n'est pas un code QPV" in err
    code, _, err = _run(*given, "--qpv", "QP059034", *dates, "-o", str(tmp_path / "bad.json"))
    assert code == 1
    assert "n'est plus valide depuis le 01/01/2024" in err
    assert not (tmp_path / "bad.json").exists()
    # no cycle document was given: the refusal names the responses, not « document « cycle » »
    code, _, err = _run(*base, "--min-group", "16", "-o", str(tmp_path / "bad.json"))
    assert code == 1
    assert err.startswith(f"erreur : {responses} : aucun cycle proposé\n  - aucun thème"), err
    assert "document « cycle »" not in err
    assert not (tmp_path / "bad.json").exists()
    code, _, err = _run(
        *given,
        "--qpv",
        "QN05921M",
        *dates,
        "--school-zone",
        "B",
        "--slot",
        "samedi=vendredi@09:30-11:30",
        "--slot",
        "semaine_soir=mardi@18:00-20:00",
        "--slot",
        "mercredi=mercredi@14:00-16:00",
        "-o",
        str(tmp_path / "zoned.json"),
    )
    assert code == 0, err
    zoned = json.loads((tmp_path / "zoned.json").read_text(encoding="utf-8"))
    starts = {s["start_time"] for s in zoned["sessions"]}
    assert starts <= {"09:30", "18:00", "14:00", "18:30"}
    assert "vacances scolaires de la zone B" in zoned["summary"]
    code, _, _ = _run("validate", "cycle", str(tmp_path / "zoned.json"))
    assert code == 0
    code, _, err = _run(
        *given,
        "--qpv",
        "QN05921M",
        *dates,
        "--slot",
        "samedi=jamais@9-8",
        "-o",
        str(tmp_path / "x.json"),
    )
    assert code == 2
    assert "créneau illisible" in err
