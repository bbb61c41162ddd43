"""``responses import`` from the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conseils_citoyens.cli import main
from conseils_citoyens.demo.simulate import Simulator
from conseils_citoyens.documents import schemas
from conseils_citoyens.formats.docx.fill import fill_docx
from conseils_citoyens.formats.odt.fill import fill_odt
from conseils_citoyens.plugins import isolated_plugins
from conseils_citoyens.survey.questionnaire.export import export_questionnaire
from conseils_citoyens.survey.questionnaire.model import Respondent
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    questionnaire = standard_questionnaire()
    export_questionnaire(questionnaire, tmp_path / "q.docx")
    export_questionnaire(questionnaire, tmp_path / "q.odt")
    simulator = Simulator(questionnaire, seed=5)
    forms = tmp_path / "formulaires"
    forms.mkdir()
    fill_docx(
        tmp_path / "q.docx", simulator.answers(), forms / "a.docx", questionnaire=questionnaire
    )
    fill_odt(tmp_path / "q.odt", simulator.answers(), forms / "b.odt", questionnaire=questionnaire)
    return tmp_path


def _run(*args: str) -> object:
    with isolated_plugins():
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_import_a_folder_writes_validated_responses(folder: Path) -> None:
    out = folder / "reponses.json"
    result = _run("responses", "import", str(folder / "formulaires"), "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert f"2 réponses écrites dans {out}" in result.output  # type: ignore[attr-defined]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [i["outcome"] for i in data["imports"]] == ["imported", "imported"]
    assert len(data["responses"]) == 2


def test_a_refused_file_exits_1_and_is_listed(folder: Path) -> None:
    (folder / "formulaires" / "c.docx").write_bytes(b"%PDF-1.7 ceci est un PDF")
    out = folder / "reponses.json"
    result = _run(
        "responses", "import", str(folder / "formulaires"), "-o", str(out), "--format", "json"
    )
    assert result.exit_code == 1  # type: ignore[attr-defined]
    summary = json.loads(result.output)  # type: ignore[attr-defined]
    assert summary["counts"]["refused"] == 1
    assert summary["counts"]["imported"] == 2
    assert out.exists()  # the valid forms are kept


def test_an_existing_output_needs_force(folder: Path) -> None:
    out = folder / "reponses.json"
    out.write_text("[]", encoding="utf-8")
    result = _run("responses", "import", str(folder / "formulaires"), "-o", str(out))
    assert result.exit_code == 5  # type: ignore[attr-defined]
    assert out.read_text(encoding="utf-8") == "[]"
    forced = _run("responses", "import", str(folder / "formulaires"), "-o", str(out), "--force")
    assert forced.exit_code == 0  # type: ignore[attr-defined]


def test_an_existing_output_stops_before_reading_any_form(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import conseils_citoyens.survey.imports

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the batch was read although the output exists")

    monkeypatch.setattr(conseils_citoyens.survey.imports, "import_forms", never)
    out = folder / "reponses.json"
    out.write_text("[]", encoding="utf-8")
    result = _run("responses", "import", str(folder / "formulaires"), "-o", str(out))
    assert result.exit_code == 5  # type: ignore[attr-defined]
    assert "existe déjà" in result.output  # type: ignore[attr-defined]


def test_an_output_folder_exits_5_in_french(folder: Path) -> None:
    target = folder / "sortie.json"
    target.mkdir()
    result = _run("responses", "import", str(folder / "formulaires"), "-o", str(target))
    assert result.exit_code == 5  # type: ignore[attr-defined]
    assert "c'est un dossier, pas un fichier" in result.output  # type: ignore[attr-defined]
    assert "Invalid value" not in result.output  # type: ignore[attr-defined]


def test_one_response_is_written_in_the_singular(folder: Path) -> None:
    forms = folder / "formulaires"
    french = _run("responses", "import", str(forms / "a.docx"), "-o", str(folder / "f.json"))
    assert "1 réponse écrite dans" in french.output  # type: ignore[attr-defined]
    english = _run(
        "--lang", "en", "responses", "import", str(forms / "a.docx"), "-o", str(folder / "e.json")
    )
    assert "1 response written to" in english.output  # type: ignore[attr-defined]
    both = _run("--lang", "en", "responses", "import", str(forms), "-o", str(folder / "b.json"))
    assert "2 responses written to" in both.output  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """One folder: every hostile form of the corpus, and three valid personalised forms."""
    import shutil

    from tests.hostile_forms import filled_form, make_hostile_forms

    work = tmp_path_factory.mktemp("cli-hostile")
    corpus = make_hostile_forms(work / "corpus")
    folder = work / "recus"
    folder.mkdir()
    placed: dict[str, Path] = {}
    for case, path in corpus.items():
        placed[case] = folder / f"{case}{path.suffix}"
        shutil.copyfile(path, placed[case])
    questionnaire = standard_questionnaire()
    for index in range(3):
        answers = Simulator(questionnaire, seed=300 + index).answers()
        name = f"valide-{index}.{'docx' if index % 2 else 'odt'}"
        respondent = Respondent(token=f"jeton-secret-{index}", council_id="cc-1")
        placed[f"valid-{index}"] = filled_form(folder, name, answers, respondent)
    return work, placed


def test_a_hostile_folder_exits_1_lists_every_refusal_and_keeps_the_valid_forms(
    hostile_folder: tuple[Path, dict[str, Path]],
) -> None:
    from tests.hostile_forms import REFUSED

    work, placed = hostile_folder
    out = work / "out.json"
    result = _run("responses", "import", str(placed["valid-0"].parent), "-o", str(out), "--force")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    lines = result.output.splitlines()  # type: ignore[attr-defined]
    for case in REFUSED:
        if placed[case].suffix not in (".docx", ".odt"):
            continue  # a folder stands for its .docx and .odt files
        (line,) = [n for n, text in enumerate(lines) if text.startswith(f"{placed[case]} ")]
        assert lines[line].endswith("refusé"), lines[line]
        assert REFUSED[case] in lines[line + 1]
    data = json.loads(out.read_text(encoding="utf-8"))
    tokens = {r["respondent"]["token"] for r in data["responses"] if r.get("respondent")}
    assert tokens == {"jeton-secret-0", "jeton-secret-1", "jeton-secret-2"}
    assert len(data["responses"]) == 6  # + the corpus' valid forms and its enormous answer


@pytest.mark.parametrize("suffix", [".md", ".csv", ".json", ".docx", ".odt"])
def test_reports_never_show_tokens_or_file_names(
    hostile_folder: tuple[Path, dict[str, Path]], tmp_path: Path, suffix: str
) -> None:
    """The responses file keeps the tokens (raw data); reports and exports never do."""
    import zipfile

    _work, placed = hostile_folder
    out = tmp_path / "out.json"
    _run("responses", "import", *(str(placed[f"valid-{i}"]) for i in range(3)), "-o", str(out))
    assert "jeton-secret-0" in out.read_text(encoding="utf-8")
    outputs = [tmp_path / f"r{suffix}"]
    result = _run("report", str(out), "-o", str(outputs[0]), "--with-comments", "--min-group", "1")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    if suffix in (".csv", ".json"):
        outputs.append(tmp_path / f"export{suffix}")
        exported = _run("responses", "export", str(out), "-o", str(outputs[1]), "--labels")
        assert exported.exit_code == 0, exported.output  # type: ignore[attr-defined]
    for path in outputs:
        if suffix in (".docx", ".odt"):
            with zipfile.ZipFile(path) as archive:
                text = "".join(
                    archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                )
        else:
            text = path.read_text(encoding="utf-8")
        assert "jeton-secret" not in text
        assert "valide-0" not in text  # file names may name the respondent


def test_a_folder_gives_every_file_an_outcome_but_lock_files(folder: Path) -> None:
    forms = folder / "formulaires"
    (forms / "scan.pdf").write_bytes(b"%PDF-1.7 un scan")
    (forms / "~$a.docx").write_bytes(b"lock")
    out = folder / "reponses.json"
    result = _run("responses", "import", str(forms), "-o", str(out))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    data = json.loads(out.read_text(encoding="utf-8"))
    outcomes = {Path(i["file"]).name: i["outcome"] for i in data["imports"]}
    assert outcomes == {"a.docx": "imported", "b.odt": "imported", "scan.pdf": "refused"}
    assert "~$a.docx" in result.output  # type: ignore[attr-defined]  # listed as ignored


@pytest.mark.parametrize(("lang", "said"), [("fr", "pris en charge : "), ("en", "supported: ")])
def test_a_file_of_another_format_is_told_every_format_the_command_reads(
    folder: Path, lang: str, said: str
) -> None:
    """The command reads scans too: « pris en charge : .docx, .odt » alone sent people astray."""
    forms = folder / "formulaires"
    (forms / "notes.txt").write_text("pas un formulaire", encoding="utf-8")
    result = _run("--lang", lang, "responses", "import", str(forms), "-o", str(folder / "r.json"))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    line = next(x for x in result.output.splitlines() if said in x)  # type: ignore[attr-defined]
    for suffix in (".docx", ".odt", ".pdf", ".png", ".jpg", ".tif"):
        assert suffix in line, line


def test_the_summary_agrees_with_the_counts(folder: Path) -> None:
    forms = folder / "formulaires"
    (forms / "c.docx").write_bytes(b"%PDF-1.7 un scan")
    (forms / "d.docx").write_bytes(b"%PDF-1.7 un autre scan")
    result = _run("responses", "import", str(forms), "-o", str(folder / "r.json"))
    assert "(2 importés, 2 refusés)" in result.output  # type: ignore[attr-defined]
    english = _run(
        "--lang", "en", "responses", "import", str(forms / "a.docx"), "-o", str(folder / "e.json")
    )
    assert "(1 imported)" in english.output  # type: ignore[attr-defined]


def test_a_mistyped_folder_stops_before_writing_anything(folder: Path) -> None:
    out = folder / "reponses.json"
    result = _run("responses", "import", str(folder / "formulaire"), "-o", str(out))
    assert result.exit_code == 3  # type: ignore[attr-defined]
    assert "introuvable" in result.output  # type: ignore[attr-defined]
    assert str(folder / "formulaire") in result.output  # type: ignore[attr-defined]
    assert not out.exists()


def test_an_empty_folder_is_an_error_not_an_empty_responses_file(folder: Path) -> None:
    empty = folder / "vide"
    empty.mkdir()
    (empty / "~$a.docx").write_bytes(b"lock")  # only a Word lock file
    out = folder / "reponses.json"
    result = _run("responses", "import", str(empty), "-o", str(out))
    assert result.exit_code == 3  # type: ignore[attr-defined]
    assert "aucun formulaire à importer" in result.output  # type: ignore[attr-defined]
    assert not out.exists()


@pytest.mark.parametrize("name", ["reponses.pdf", "reponses.docx", "reponses"])
def test_the_responses_file_must_be_json(folder: Path, name: str) -> None:
    out = folder / name
    result = _run("responses", "import", str(folder / "formulaires"), "-o", str(out))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "s'écrit en .json" in result.output  # type: ignore[attr-defined]
    assert not out.exists()


def test_no_progress_label_when_stderr_is_not_a_terminal(folder: Path) -> None:
    """A script or a log file gets the summary, not a stray 'Import' line."""
    forms = folder / "formulaires"
    for index in range(6):
        (forms / f"copie-{index}.docx").write_bytes((forms / "a.docx").read_bytes())
    with isolated_plugins():
        result = CliRunner().invoke(
            main, ["responses", "import", str(forms), "-o", str(folder / "r.json")]
        )
    assert result.exit_code == 0, result.output
    assert "Import" not in result.stderr


def test_a_form_the_report_will_leave_out_is_said_unusable_at_import(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from conseils_citoyens.cli import main
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
    from conseils_citoyens.survey.workflow import fill_form

    runner = CliRunner()
    blank = tmp_path / "vierge.docx"
    assert runner.invoke(main, ["questionnaire", "export", "-o", str(blank)]).exit_code == 0
    partial = tmp_path / "partiel.docx"  # the required matrix is left empty
    fill_form(blank, {"college": "residents"}, partial, questionnaire=standard_questionnaire())
    out = tmp_path / "r.json"
    result = runner.invoke(
        main, ["--lang", "fr", "responses", "import", str(partial), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "importé avec problèmes" in result.output
    assert "⇒ réponse inutilisable : le rapport l'écartera" in result.output
    assert "dont 1 réponse sera écartée du rapport" in result.output
    report = runner.invoke(main, ["--lang", "fr", "report", str(out), "-o", str(tmp_path / "r.md")])
    assert "0 réponse analysée sur 1, 1 écartée" in report.output
    # The census guide's table of outcomes quotes that mark and says to correct the form
    # (leaving it as it is only when no such mark is printed).
    guide = Path(__file__).resolve().parents[2] / "docs" / "fr" / "recensement.md"
    row = next(
        line
        for line in guide.read_text(encoding="utf-8").splitlines()
        if line.startswith("| **importé avec problèmes** |")
    )
    _, advice = row.split("Si l'outil ajoute « ⇒ réponse inutilisable »", 1)
    assert "le rapport écartera cette réponse ; corrigez le fichier" in advice
    assert advice.index("corrigez") < advice.index("Sinon") < advice.index("laisser ainsi")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
def test_special_files_and_subfolders_of_a_folder_are_listed_with_why(folder: Path) -> None:
    forms = folder / "formulaires"
    os.mkfifo(forms / "tube")
    (forms / "lot-2").mkdir()
    out = folder / "reponses.json"
    result = _run("--lang", "fr", "responses", "import", str(forms), "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    said = result.stderr  # type: ignore[attr-defined]
    assert f"ignoré : {forms / 'lot-2'} (sous-dossier" in said
    assert f"ignoré : {forms / 'tube'} (pas un fichier ordinaire" in said
    written = json.loads(out.read_text(encoding="utf-8"))
    schemas.validate("responses", written)
    record = written["ignored"]  # kept with the responses
    assert record == [
        {"file": str(forms / "lot-2"), "reason": "folder"},
        {"file": str(forms / "tube"), "reason": "special"},
    ]
    summary = _run(
        "--lang", "en", "responses", "import", str(forms), "-o", str(folder / "r2.json"),
        "--format", "json",
    )  # fmt: skip
    ignored = json.loads(summary.stdout)["ignored"]  # type: ignore[attr-defined]
    assert [Path(i["file"]).name for i in ignored] == ["lot-2", "tube"]
    assert [i["reason"] for i in ignored] == ["folder", "special"]
    assert "not a regular file" in ignored[1]["message"]


def test_a_typed_form_and_a_scan_of_one_respondent_count_once(tmp_path: Path) -> None:
    """Typed forms and scans are read apart in one run: one respondent is still counted once."""
    import random

    from tests.conftest import soffice_path
    from tests.formats.scan.conftest import require_scan_extra

    require_scan_extra()
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) absent")
    from conseils_citoyens.formats import ExportOptions
    from conseils_citoyens.formats.scan import synthetic
    from conseils_citoyens.formats.scan.geometry import geometry_from_pdf
    from conseils_citoyens.formats.scan.pdf import print_form

    questionnaire = standard_questionnaire()
    respondent = Respondent(token="T-7")
    forms = tmp_path / "retours"
    forms.mkdir()
    blank = tmp_path / "q-T-7.docx"
    export_questionnaire(questionnaire, blank, respondent=respondent)
    answers = Simulator(questionnaire, seed=8).answers()
    fill_docx(blank, answers, forms / "a-tape.docx", questionnaire=questionnaire)
    pdf = print_form(questionnaire, ExportOptions(respondent=respondent))
    geometry = geometry_from_pdf(pdf, questionnaire)
    marks = {zone.bookmark: "empty" for zone in geometry.zones}
    marks["cc1_0"] = "tick"
    pages = synthetic.scan_form(pdf, geometry, marks, random.Random(3))
    (forms / "b-scan.pdf").write_bytes(synthetic.to_pdf(pages))
    out = tmp_path / "reponses.json"
    result = _run("--lang", "fr", "responses", "import", str(forms), "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["responses"]) == 1
    outcomes = [i["outcome"] for i in data["imports"]]
    assert sorted(outcomes) == ["duplicate", "imported"]
    assert f"même répondant que {forms / 'a-tape.docx'}" in result.output  # type: ignore[attr-defined]


def test_the_responses_file_carries_each_answered_questionnaire_once(tmp_path: Path) -> None:
    """Two versions answered (one by two forms): both definitions, once each; none other."""
    from conseils_citoyens.survey.questionnaire.serialize import (
        dump_questionnaire,
        load_questionnaire,
        questionnaire_ref,
    )
    from conseils_citoyens.survey.workflow import build_questionnaire

    examples = Path(__file__).resolve().parents[2] / "examples"
    local = build_questionnaire(overlay=examples / "adaptation-locale.json")
    older = build_questionnaire(overlay=examples / "adaptation-2024.json")
    (tmp_path / "q-2024.json").write_text(json.dumps(dump_questionnaire(older)), "utf-8")
    forms = tmp_path / "formulaires"
    forms.mkdir()
    for name, questionnaire, seed in (
        ("a.docx", local, 1),
        ("b.docx", local, 2),
        ("c.docx", older, 3),
    ):
        blank = export_questionnaire(questionnaire, tmp_path / f"vierge-{name}")
        answers = Simulator(questionnaire, seed=seed).answers()
        fill_docx(blank, answers, forms / name, questionnaire=questionnaire)
    out = tmp_path / "tout.json"
    result = _run(
        "responses",
        "import",
        str(forms),
        "-o",
        str(out),
        "--overlay",
        str(examples / "adaptation-locale.json"),
        "--questionnaire",
        str(tmp_path / "q-2024.json"),
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    data = json.loads(out.read_text(encoding="utf-8"))
    schemas.validate("responses", data)
    assert len(data["responses"]) == 3
    carried = [questionnaire_ref(load_questionnaire(q)) for q in data["questionnaires"]]
    # In a stable order, each once; the standard questionnaire, known but not answered, is not.
    assert carried == [questionnaire_ref(local), questionnaire_ref(older)]
    assert {r["questionnaire"]["hash"] for r in data["responses"]} == {r.hash for r in carried}
