"""``conseils-citoyens demo``: the whole flow on sample data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conseils_citoyens.cli import main
from conseils_citoyens.demo import DATA_FILES, MARKER, data_files, run_demo
from conseils_citoyens.errors import OutputError
from conseils_citoyens.plugins import isolated_plugins
from tests.conftest import requires_soffice

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {
    "territoire.json": "territoire-exemple.json",
    "conseil-conforme.json": "conseil-citoyen-conforme.json",
    "conseil-non-conforme.json": "conseil-citoyen-non-conforme.json",
    "adaptation-locale.json": "adaptation-locale.json",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("demo") / "demo-conseils-citoyens"
    with isolated_plugins():
        result = run_demo(directory, respondents=12, echo=lambda line: None)
    assert (result.imported, result.with_problems, result.duplicates, result.refused) == (
        10,
        2,
        1,
        1,
    )
    return directory


def test_the_demo_data_are_the_examples() -> None:
    packaged = data_files()
    assert set(packaged) == set(DATA_FILES)
    for name, example in EXAMPLES.items():
        assert packaged[name] == json.loads((ROOT / "examples" / example).read_text("utf-8"))


def test_the_demo_makes_every_file(demo: Path) -> None:
    expected = [
        "1-territoire/composition-conseil-conforme.txt",
        "1-territoire/composition-conseil-non-conforme.json",
        "2-questionnaire/formulaire-vierge.docx",
        "2-questionnaire/formulaire-vierge.odt",
        "2-questionnaire/schema-reponses.json",
        "4-reponses/reponses.json",
        "4-reponses/bilan-import.txt",
        "5-rapports/rapport-besoins.docx",
        "5-rapports/rapport-besoins.odt",
        "5-rapports/rapport-besoins.md",
        "5-rapports/rapport-besoins.csv",
        "5-rapports/programme-cycle.docx",
        "LISEZMOI.txt",
    ]
    for name in expected:
        assert (demo / name).stat().st_size > 0, name
    forms = list((demo / "3-formulaires-remplis").iterdir())
    assert {p.suffix for p in forms} == {".docx", ".odt"}
    assert len(forms) == 12 + 2  # a form sent twice and a damaged one


def test_the_readme_says_what_to_open_first_and_what_each_file_is_for(demo: Path) -> None:
    lines = (demo / "LISEZMOI.txt").read_text(encoding="utf-8").splitlines()
    start = lines.index("Par où commencer")
    assert lines[start + 1] == "   1. 5-rapports/rapport-besoins.docx"
    listed = {
        line.strip().split(" : ", 1)[0]: line.split(" : ", 1)[1]
        for line in lines
        if line.startswith("   ") and " : " in line
    }
    written = [
        p.relative_to(demo).as_posix()
        for p in demo.rglob("*")
        if p.is_file()
        and p.parent.name != "3-formulaires-remplis"
        and p.name not in (MARKER, "LISEZMOI.txt")
    ]
    assert sorted(written) == sorted(n for n in listed if not n.startswith("3-"))
    assert all(len(purpose) > 15 for purpose in listed.values()), listed
    assert listed["3-formulaires-remplis/ (14 fichiers)"].startswith(
        "les formulaires remplis par les répondants simulés, dont deux avec deux cases cochées"
    )


def test_the_compliant_council_has_no_finding_and_the_other_has_errors(demo: Path) -> None:
    good = json.loads((demo / "1-territoire/composition-conseil-conforme.json").read_text("utf-8"))
    bad = json.loads(
        (demo / "1-territoire/composition-conseil-non-conforme.json").read_text("utf-8")
    )
    assert good["findings"] == []
    assert not bad["ok"]


def test_the_problems_are_reported_per_form(demo: Path) -> None:
    data = json.loads((demo / "4-reponses/reponses.json").read_text("utf-8"))
    outcomes = {Path(i["file"]).name: i for i in data["imports"]}
    assert outcomes["formulaire-abime.docx"]["outcome"] == "refused"
    assert outcomes["repondant-05_renvoi.odt"]["outcome"] == "duplicate"
    with_problems = [i for i in outcomes.values() if i["outcome"] == "imported_with_problems"]
    assert {Path(i["file"]).suffix for i in with_problems} == {".docx", ".odt"}
    for item in with_problems:  # as many boxes as the console says: two
        assert "2 cases cochées" in item["problems"][0]["message"]
    log = (demo / "4-reponses/bilan-import.txt").read_text("utf-8")
    assert log.count("2 cases cochées") == 2
    assert "3 cases cochées" not in log
    assert len(data["responses"]) == 12


def _marker(directory: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((directory / MARKER).read_text(encoding="utf-8"))
    return data


def test_a_second_run_reuses_its_folder_and_a_foreign_folder_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "demo"
    with isolated_plugins():
        run_demo(directory, respondents=3, echo=lambda line: None)
        run_demo(directory, respondents=3, echo=lambda line: None)
        foreign = tmp_path / "mes-documents"
        foreign.mkdir()
        (foreign / "important.txt").write_text("à garder", encoding="utf-8")
        with pytest.raises(OutputError) as refused:
            run_demo(foreign, respondents=3, echo=lambda line: None)
    assert (foreign / "important.txt").read_text(encoding="utf-8") == "à garder"
    # The message says what --force does: add, never delete nor replace.
    assert "sans supprimer ni remplacer aucun de vos fichiers" in refused.value.message_in("fr")
    assert _marker(directory)["complete"] is True


def test_the_demo_never_deletes_nor_replaces_a_file_it_did_not_write(tmp_path: Path) -> None:
    directory = tmp_path / "demo"
    with isolated_plugins():
        run_demo(directory, respondents=3, echo=lambda line: None)
        notes = directory / "5-rapports" / "mes-notes.txt"
        notes.write_text("mes notes", encoding="utf-8")
        readme = directory / "LISEZMOI.txt"
        readme.write_text("retouché à la main", encoding="utf-8")
        # A new run keeps the user's file, and refuses to replace the demo file they changed.
        with pytest.raises(OutputError) as refused:
            run_demo(directory, respondents=3, echo=lambda line: None)
        assert "LISEZMOI.txt" in refused.value.message_in("fr")
        assert notes.read_text(encoding="utf-8") == "mes notes"
        assert readme.read_text(encoding="utf-8") == "retouché à la main"
        readme.unlink()
        run_demo(directory, respondents=3, echo=lambda line: None)
        assert notes.read_text(encoding="utf-8") == "mes notes"
        # --force into a foreign folder: a file where the demo writes stops it before any write.
        foreign = tmp_path / "autre"
        (foreign / "5-rapports").mkdir(parents=True)
        mine = foreign / "5-rapports" / "rapport-besoins.md"
        mine.write_text("mon rapport", encoding="utf-8")
        with pytest.raises(OutputError):
            run_demo(foreign, respondents=3, force=True, echo=lambda line: None)
    assert mine.read_text(encoding="utf-8") == "mon rapport"
    assert sorted(p.name for p in foreign.rglob("*")) == ["5-rapports", "rapport-besoins.md"]


def test_a_forced_run_beside_the_users_files_keeps_them_on_every_later_run(
    tmp_path: Path,
) -> None:
    """The issue's case: a file of one's own in 5-rapports/, then demo --force, then demo."""
    folder = tmp_path / "campagne"
    (folder / "5-rapports").mkdir(parents=True)
    mine = folder / "5-rapports" / "mes-notes.txt"
    mine.write_text("mes notes", encoding="utf-8")
    with isolated_plugins():
        runner = CliRunner()
        refused = runner.invoke(main, ["demo", str(folder), "--respondents", "3"])
        assert refused.exit_code == 5, refused.output
        forced = runner.invoke(main, ["demo", str(folder), "--force", "--respondents", "3"])
        assert forced.exit_code == 0, forced.output
        assert _marker(folder)["complete"] is True
        assert "5-rapports/mes-notes.txt" not in _marker(folder)["files"]  # type: ignore[operator]
        again = runner.invoke(main, ["demo", str(folder), "--respondents", "3"])
        assert again.exit_code == 0, again.output
    assert mine.read_text(encoding="utf-8") == "mes notes"
    assert (folder / "5-rapports" / "rapport-besoins.md").is_file()


def test_the_refusal_agrees_with_the_number_of_files_in_the_way(tmp_path: Path) -> None:
    """« 1 fichier … ne l'a pas écrit … déplacez-le », « 2 fichiers … ne les a pas écrits »."""
    directory = tmp_path / "demo"
    with isolated_plugins():
        run_demo(directory, respondents=3, echo=lambda line: None)
        (directory / "LISEZMOI.txt").write_text("retouché", encoding="utf-8")
        with pytest.raises(OutputError) as one:
            run_demo(directory, respondents=3, echo=lambda line: None)
        (directory / "4-reponses" / "bilan-import.txt").write_text("retouché", encoding="utf-8")
        with pytest.raises(OutputError) as two:
            run_demo(directory, respondents=3, echo=lambda line: None)
    assert (
        "1 fichier est là où elle écrit, et elle ne l'a pas écrit (ou il a été modifié) : "
        "LISEZMOI.txt ; déplacez-le ou choisissez un autre dossier"
    ) in one.value.message_in("fr")
    assert "(or that was changed): LISEZMOI.txt; move it or" in one.value.message_in("en")
    assert (
        "2 fichiers sont là où elle écrit, et elle ne les a pas écrits (ou ils ont été "
        "modifiés) : 4-reponses/bilan-import.txt, LISEZMOI.txt ; déplacez-les ou"
    ) in two.value.message_in("fr")
    assert "2 files are where it writes" in two.value.message_in("en")
    assert "move them or" in two.value.message_in("en")


def test_the_english_readme_follows_english_typography(tmp_path: Path) -> None:
    """LISEZMOI.txt of a demo run in English: what each file is for, no space before a colon."""
    with isolated_plugins():
        result = CliRunner().invoke(
            main, ["--lang", "en", "demo", str(tmp_path / "d"), "--respondents", "8"]
        )
    assert result.exit_code == 0, result.output
    readme = (tmp_path / "d" / "LISEZMOI.txt").read_text(encoding="utf-8")
    assert "Where to start" in readme
    assert "4-reponses/reponses.json: the imported responses" in readme
    assert "3-formulaires-remplis/ (10 files): the forms filled" in readme
    assert " : " not in readme


def test_a_refused_run_leaves_the_folder_untouched(tmp_path: Path) -> None:
    directory = tmp_path / "demo"
    with isolated_plugins():
        run_demo(directory, respondents=3, echo=lambda line: None)
        with (directory / "LISEZMOI.txt").open("a", encoding="utf-8") as readme:
            readme.write("x\n")
        before = {p: p.read_bytes() for p in directory.rglob("*") if p.is_file()}
        with pytest.raises(OutputError) as refused:
            run_demo(directory, respondents=3, echo=lambda line: None)
    assert "ne remplace jamais vos fichiers" in refused.value.message_in("fr")
    # Checked before anything is removed: every earlier file is still there, unchanged.
    assert {p: p.read_bytes() for p in directory.rglob("*") if p.is_file()} == before


def test_a_failed_run_is_not_marked_complete_and_the_next_run_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import conseils_citoyens.demo as demo_module

    directory = tmp_path / "demo"

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("panne simulée")

    with isolated_plugins():
        monkeypatch.setattr(demo_module, "_batch_text", broken)
        with pytest.raises(RuntimeError):
            run_demo(directory, respondents=3, echo=lambda line: None)
        marker = _marker(directory)
        assert marker["complete"] is False
        assert "4-reponses/reponses.json" in marker["files"]  # type: ignore[operator]
        assert not (directory / "LISEZMOI.txt").exists()
        monkeypatch.undo()
        run_demo(directory, respondents=3, echo=lambda line: None)
    assert _marker(directory)["complete"] is True
    assert (directory / "LISEZMOI.txt").exists()


def test_the_cli_prints_each_step(tmp_path: Path) -> None:
    with isolated_plugins():
        result = CliRunner().invoke(main, ["demo", str(tmp_path / "d"), "--respondents", "5"])
    assert result.exit_code == 0, result.output
    for step in (
        "1. Territoire",
        "2. Questionnaire",
        "3. 5 formulaires",
        "4. Import",
        "5. Rapports",
    ):
        assert step in result.output
    english = CliRunner().invoke(
        main, ["--lang", "en", "demo", str(tmp_path / "d"), "--respondents", "5"]
    )
    assert "4. Import: " in english.output


@requires_soffice
@pytest.mark.slow
def test_every_document_of_the_demo_opens_in_libreoffice(demo: Path, tmp_path: Path) -> None:
    from tests.lo import convert

    documents = [
        demo / "2-questionnaire/formulaire-vierge.docx",
        demo / "2-questionnaire/formulaire-vierge.odt",
        demo / "5-rapports/rapport-besoins.docx",
        demo / "5-rapports/rapport-besoins.odt",
        demo / "5-rapports/programme-cycle.docx",
        next((demo / "3-formulaires-remplis").glob("*.odt")),
    ]
    for document in documents:
        pdf = convert(document, "pdf", tmp_path / document.parent.name)
        assert pdf.read_bytes().startswith(b"%PDF"), document


def test_the_report_gives_the_survey_period_on_its_first_page(demo: Path) -> None:
    markdown = (demo / "5-rapports" / "rapport-besoins.md").read_text("utf-8")
    key_points = markdown[markdown.index("À retenir") :].split("\n## ", 1)[0]
    assert "Réponses du 3 mars au 28 avril 2026." in key_points
    responses = json.loads((demo / "4-reponses" / "reponses.json").read_text("utf-8"))
    assert all("saved_on" in r for r in responses["responses"])


@pytest.mark.parametrize(
    ("respondents", "fr", "en"),
    [(1, "(Word)", "(Word)"), (3, "(Word et LibreOffice)", "(Word and LibreOffice)")],
)
def test_the_console_names_only_the_formats_it_filled(
    tmp_path: Path, respondents: int, fr: str, en: str
) -> None:
    """One respondent fills a Word form only: the console does not say « Word et LibreOffice »."""
    from conseils_citoyens.i18n import language

    lines: dict[str, list[str]] = {"fr": [], "en": []}
    with isolated_plugins():
        for lang in ("fr", "en"):
            with language(lang):
                run_demo(tmp_path / lang, respondents=respondents, echo=lines[lang].append)
    (french,) = [line for line in lines["fr"] if line.startswith("3. ")]
    (english,) = [line for line in lines["en"] if line.startswith("3. ")]
    assert (
        f"formulaire{'s' if respondents > 1 else ''} rempli{'s' if respondents > 1 else ''} {fr},"
        in french
    )
    assert f"filled form{'s' if respondents > 1 else ''} {en}," in english
