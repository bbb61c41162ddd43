"""fill_form: answers are checked before anything is written, and nothing is overwritten silently."""

from __future__ import annotations

from pathlib import Path

import pytest

import conseils_citoyens as cc
from conseils_citoyens.errors import OutputExistsError, ValidationError
from conseils_citoyens.survey.imports import Outcome, QuestionnaireCatalogue, import_forms

QUESTIONNAIRE = cc.standard_questionnaire()


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("blank")
    return cc.export_questionnaire(QUESTIONNAIRE, folder / "formulaire.docx")


def test_every_invalid_answer_is_listed_and_nothing_is_written(blank: Path, tmp_path: Path) -> None:
    target = tmp_path / "rempli.docx"
    answers = {
        "college": "habitants",  # unknown code
        "age": 42,  # unknown question
        "formats": "atelier",  # a multiple choice needs a list
        "themes": ["politique_ville"],  # a matrix needs {row: column}
        "deja_forme": "yes",  # valid: not reported
    }
    with pytest.raises(ValidationError) as caught:
        cc.fill_form(blank, answers, target, questionnaire=QUESTIONNAIRE)
    found = {p.path: p.code for p in caught.value.problems}
    assert found == {
        "$.answers.college": "response.unknown_code",
        "$.answers.age": "response.unknown_question",
        "$.answers.formats": "response.wrong_type",
        "$.answers.themes": "response.wrong_type",
    }
    assert isinstance(caught.value, ValueError)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_partial_form_is_filled_and_reads_back(blank: Path, tmp_path: Path) -> None:
    answers = {"college": "residents", "formats": ("atelier", "visite")}
    target = cc.fill_form(blank, answers, tmp_path / "pre-rempli.docx", questionnaire=QUESTIONNAIRE)
    (outcome,) = import_forms(target, QuestionnaireCatalogue([QUESTIONNAIRE])).outcomes
    assert outcome.response is not None
    assert dict(outcome.response.answers) == {
        "college": "residents",
        "formats": ["atelier", "visite"],
    }
    assert outcome.outcome is Outcome.IMPORTED_WITH_PROBLEMS  # required answers left blank


def test_an_existing_destination_is_kept_unless_overwrite(blank: Path, tmp_path: Path) -> None:
    target = tmp_path / "rempli.docx"
    target.write_bytes(b"a person's own file")
    with pytest.raises(OutputExistsError) as caught:
        cc.fill_form(blank, {"college": "residents"}, target, questionnaire=QUESTIONNAIRE)
    assert isinstance(caught.value, FileExistsError)
    assert "--force" not in caught.value.message_in("en")
    assert target.read_bytes() == b"a person's own file"
    cc.fill_form(
        blank, {"college": "residents"}, target, questionnaire=QUESTIONNAIRE, overwrite=True
    )
    assert target.read_bytes().startswith(b"PK")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rempli.docx"]


def test_answers_that_are_not_a_mapping_are_refused(blank: Path, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="dictionnaire"):
        cc.fill_form(
            blank, [("college", "residents")], tmp_path / "x.docx", questionnaire=QUESTIONNAIRE
        )  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["rempli.odt", "rempli.pdf", "rempli"])
def test_a_destination_named_for_another_format_is_refused(
    blank: Path, tmp_path: Path, name: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        cc.fill_form(blank, {"college": "residents"}, tmp_path / name, questionnaire=QUESTIONNAIRE)
    assert caught.value.problems[0].code == "fill.format_mismatch"
    assert "nommez-la en .docx" in str(caught.value)
    assert list(tmp_path.iterdir()) == []
    # Upper case is the same format.
    cc.fill_form(blank, {"college": "residents"}, tmp_path / "R.DOCX", questionnaire=QUESTIONNAIRE)


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_the_save_date_goes_from_the_form_to_the_response(tmp_path: Path, suffix: str) -> None:
    import datetime as dt

    blank = cc.export_questionnaire(QUESTIONNAIRE, tmp_path / f"vierge{suffix}")
    catalogue = QuestionnaireCatalogue([QUESTIONNAIRE])
    target = cc.fill_form(
        blank,
        {"college": "residents"},
        tmp_path / f"rempli{suffix}",
        questionnaire=QUESTIONNAIRE,
        saved_on=dt.date(2026, 3, 3),
    )
    (outcome,) = import_forms(target, catalogue).outcomes
    assert outcome.response is not None
    assert outcome.response.saved_on == dt.date(2026, 3, 3)
    data = cc.dump_response(outcome.response, redact=True)
    assert data["saved_on"] == "2026-03-03"  # not personal data: kept when redacted
    assert cc.load_response(data).saved_on == dt.date(2026, 3, 3)
    today = cc.fill_form(
        blank,
        {"college": "residents"},
        tmp_path / f"aujourdhui{suffix}",
        questionnaire=QUESTIONNAIRE,
    )
    (dated,) = import_forms(today, catalogue).outcomes
    assert dated.response is not None
    assert dated.response.saved_on is not None
    assert abs((dated.response.saved_on - dt.datetime.now(dt.UTC).date()).days) <= 1


def test_a_missing_or_unreadable_save_stamp_gives_no_date() -> None:
    import datetime as dt

    from conseils_citoyens.formats import saved_date

    assert saved_date("2026-04-28T09:12:44Z") == dt.date(2026, 4, 28)
    assert saved_date("2026-04-28T09:12:44.123456789") == dt.date(2026, 4, 28)
    assert saved_date(None) is None
    assert saved_date("") is None
    assert saved_date("hier") is None


def test_the_save_stamp_of_an_exported_form(tmp_path: Path) -> None:
    import datetime as dt

    from conseils_citoyens.documents.safety import open_package
    from conseils_citoyens.formats.docx.importer import open_form
    from conseils_citoyens.formats.odt.importer import read_saved_on

    # Word documents always say when they were saved (here: exported); ours are read as such.
    form, _ = open_form(cc.export_questionnaire(QUESTIONNAIRE, tmp_path / "vierge.docx"))
    assert form.saved_on is not None
    assert abs((form.saved_on - dt.datetime.now(dt.UTC).date()).days) <= 1
    # The OpenDocument form has no dc:date until someone saves it: no date, none guessed.
    package = open_package(
        cc.export_questionnaire(QUESTIONNAIRE, tmp_path / "vierge.odt"), kind="odt"
    )
    assert read_saved_on(package.parse_xml("meta.xml")) is None
