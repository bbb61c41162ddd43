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
    # two groups of 6: both below 7, merged into one group of 12
    assert [(g["code"], g["valeur"]) for g in groups] == [
        ("*", "12"),
        ("residents", "6"),
        ("local_actors", "6"),
    ]
    assert groups[0]["libellé"] == "Autres groupes (moins de 7 personnes chacun)"


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


def test_the_responses_file_alone_is_enough_for_every_command(tmp_path: Path) -> None:
    """The responses file carries its questionnaire: no --overlay after the import.

    An explicit --overlay or --questionnaire still works when it is the same
    questionnaire, and is refused (exit 2, in French) when it is another one. A
    file written before responses files carried their questionnaire still works
    with --overlay, and without it says to give it.
    """
    from click.testing import CliRunner

    from conseils_citoyens.cli import main
    from conseils_citoyens.demo import run_demo
    from conseils_citoyens.plugins import isolated_plugins

    with isolated_plugins():
        run_demo(tmp_path / "demo", respondents=10, echo=lambda line: None)
        responses = tmp_path / "demo" / "4-reponses" / "reponses.json"
        overlay = str(tmp_path / "demo" / "2-questionnaire" / "adaptation-locale.json")
        data = json.loads(responses.read_text(encoding="utf-8"))
        assert [q["version"] for q in data["questionnaires"]] == ["1.0+secteur-nord"]
        schemas.validate("responses", data)
        runner = CliRunner()

        def commands(extra: list[str], name: str) -> list[list[str]]:
            return [
                ["report", str(responses), *extra, "-o", str(tmp_path / f"{name}.md")],
                [
                    "responses",
                    "export",
                    str(responses),
                    *extra,
                    "-o",
                    str(tmp_path / f"{name}.csv"),
                ],
                [
                    "cycle",
                    "plan",
                    str(responses),
                    *extra,
                    "-o",
                    str(tmp_path / f"{name}.json"),
                    "--qpv",
                    "QN05921M",
                    "--start",
                    "2026-02-02",
                    "--min-group",
                    "2",
                ],
            ]

        for command in [*commands([], "alone"), *commands(["--overlay", overlay], "same")]:
            result = runner.invoke(main, ["--lang", "fr", *command])
            assert result.exit_code == 0, (command, result.output)
        standard = tmp_path / "standard.json"
        standard.write_text(json.dumps(dump_questionnaire(standard_questionnaire())), "utf-8")
        for command in commands(["--questionnaire", str(standard)], "other"):
            result = runner.invoke(main, ["--lang", "fr", *command])
            assert result.exit_code == 2, (command, result.output)
            assert "mais les réponses de" in result.output
            assert "contient déjà son questionnaire : retirez --questionnaire" in result.output
        old = tmp_path / "ancien.json"
        old.write_text(
            json.dumps({k: v for k, v in data.items() if k != "questionnaires"}), "utf-8"
        )
        with_overlay = runner.invoke(
            main, ["report", str(old), "--overlay", overlay, "-o", str(tmp_path / "old.md")]
        )
        without = runner.invoke(main, ["report", str(old), "-o", str(tmp_path / "x.md")])
    assert with_overlay.exit_code == 0, with_overlay.output
    assert without.exit_code == 1
    assert "ne le contient pas" in without.output
    assert "--overlay" in without.output


def test_a_damaged_carried_questionnaire_makes_the_file_invalid(
    tmp_path: Path, responses_file: Path
) -> None:
    data = json.loads(responses_file.read_text(encoding="utf-8"))
    broken = dump_questionnaire(standard_questionnaire())
    del broken["sections"]
    data["questionnaires"] = [broken]
    responses_file.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = _run("report", str(responses_file), "-o", str(tmp_path / "r.md"))
    assert code == 1
    assert "$.questionnaires[0]" in err


@pytest.mark.parametrize("spelling", ["collège", "College", " college "])
def test_by_accepts_the_accented_spelling(
    tmp_path: Path, responses_file: Path, spelling: str
) -> None:
    output = tmp_path / "r.json"
    code, _, err = _run("report", str(responses_file), "-o", str(output), "--by", spelling)
    assert code == 0, err
    assert json.loads(output.read_text(encoding="utf-8"))["breakdown"]["by"] == "college"


def test_an_unknown_by_exits_2_listing_the_valid_values(
    tmp_path: Path, responses_file: Path
) -> None:
    code, _, err = _run(
        "report", str(responses_file), "-o", str(tmp_path / "r.md"), "--by", "formats"
    )
    assert code == 2
    assert "répartition inconnue « formats » ; possibles : college, council, commune, epci" in err
    assert "anciennete" in err
    assert not (tmp_path / "r.md").exists()


def test_by_a_fact_no_response_gives_says_so(tmp_path: Path, responses_file: Path) -> None:
    code, _, err = _run(
        "report", str(responses_file), "-o", str(tmp_path / "r.md"), "--by", "commune"
    )
    assert code == 2
    assert "aucune réponse n'indique sa commune" in err


def test_release_log_withholds_a_report_two_forms_later(tmp_path: Path) -> None:
    path = tmp_path / "reponses.json"
    entries = _standard_responses(12)
    path.write_text(json.dumps({"responses": entries}), encoding="utf-8")
    code, _, err = _run("report", str(path), "-o", str(tmp_path / "r1.json"))
    assert code == 0, err
    log = tmp_path / "reponses.publications.json"
    assert log.exists()
    # two late forms: the new report would give their answers by subtraction
    path.write_text(json.dumps({"responses": _standard_responses(14)}), encoding="utf-8")
    code, _, err = _run("report", str(path), "-o", str(tmp_path / "r2.json"))
    assert code == 0, err
    assert "diffère de 2 personnes" in err
    data = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    assert data["privacy"]["release_conflicts"][0]["difference"] == 2
    assert all(t["hidden"] == "release" for t in data["needs"][0]["topics"])
    schemas.validate("report", data)
    # without the log, the report is written in full (the user vouches for it)
    code, _, err = _run("report", str(path), "-o", str(tmp_path / "r3.json"), "--no-release-log")
    assert code == 0, err
    data = json.loads((tmp_path / "r3.json").read_text(encoding="utf-8"))
    assert "release_conflicts" not in data["privacy"]
    # a log of one's own choosing
    own = tmp_path / "journal.json"
    code, _, err = _run(
        "report", str(path), "-o", str(tmp_path / "r4.md"), "--release-log", str(own)
    )
    assert code == 0, err
    assert own.exists()
    code, _, err = _run(
        "report",
        str(path),
        "-o",
        str(tmp_path / "r5.md"),
        "--release-log",
        str(own),
        "--no-release-log",
    )
    assert code != 0
    assert "s'excluent" in err


def _seven_from_the_example_council(responses_file: Path, *, unreadable: bool = False) -> Path:
    """Make the first 7 responses come from the example council (after an unreadable entry
    put first, when asked); return that council's file."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    council = examples / "conseil-citoyen-conforme.json"
    council_id = json.loads(council.read_text(encoding="utf-8"))["id"]
    data = json.loads(responses_file.read_text(encoding="utf-8"))
    for entry in data["responses"][:7]:
        entry["respondent"] = {"council_id": council_id}
    if unreadable:
        data["responses"].insert(0, "illisible")  # rejected, position 0
    responses_file.write_text(json.dumps(data), encoding="utf-8")
    return council


def test_council_files_give_the_response_rate_on_page_one(
    tmp_path: Path, responses_file: Path
) -> None:
    council = _seven_from_the_example_council(responses_file)
    output = tmp_path / "rapport.md"
    code, _, err = _run(
        "report", str(responses_file), "--council", str(council), "--top", "2", "-o", str(output)
    )
    assert code == 0, err
    page_one = output.read_text(encoding="utf-8").split("## Synthèse")[0]
    assert "Taux de réponse : " in page_one
    # 7 of the 12 analysed come from the council: the other 5 are a group of 5, both shown
    assert ": 7 réponses pour " in page_one
    assert "à organiser en priorité" in page_one
    code, _, err = _run(
        "report",
        str(responses_file),
        "--council",
        str(tmp_path / "absent.json"),
        "-o",
        str(tmp_path / "x.md"),
    )
    assert code in (2, 3)
    assert not (tmp_path / "x.md").exists()


def test_one_respondent_in_two_responses_files_is_refused_by_every_command(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "lot1.json", tmp_path / "lot2.json"
    first.write_text(
        json.dumps([dump_response(response({"years": 3}, token="A7", source="lot-1/a.docx"))]),
        encoding="utf-8",
    )
    second.write_text(
        json.dumps([dump_response(response({"years": 4}, token="A7", source="lot-2/a.odt"))]),
        encoding="utf-8",
    )
    questionnaire = tmp_path / "q.json"
    questionnaire.write_text(json.dumps(dump_questionnaire(QUESTIONNAIRE)), encoding="utf-8")
    for command in ("report", "responses export"):
        output = tmp_path / ("r.md" if command == "report" else "r.csv")
        code, _, err = _run(
            *command.split(), str(first), str(second), "--questionnaire", str(questionnaire),
            "-o", str(output),
        )  # fmt: skip
        assert code == 1, err
        assert "même répondant (jeton « A7 »)" in err
        assert "lot-2/a.odt" in err
        assert "lot-1/a.docx" in err
        assert "gardez un seul de ses formulaires" in err
        assert not output.exists()


def test_page_one_counts_per_council_the_responses_analysed_even_after_unreadable_entries(
    tmp_path: Path, responses_file: Path
) -> None:
    """An unreadable entry shifts positions: the counts must still be of the analysed responses."""
    council = _seven_from_the_example_council(responses_file, unreadable=True)
    output = tmp_path / "rapport.md"
    code, out, err = _run(
        "report", str(responses_file), "--council", str(council), "-o", str(output)
    )
    assert code == 0, err
    assert "12 réponses analysées sur 14" in out
    page_one = output.read_text(encoding="utf-8").split("## Synthèse")[0]
    assert ": 7 réponses pour " in page_one
