"""The easy-read form: its own layout, the same slots, the same questionnaire on import."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conseils_citoyens.formats import ExportOptions, FilledForm
from conseils_citoyens.formats.docx import export as word
from conseils_citoyens.formats.docx.export import export_docx
from conseils_citoyens.formats.docx.fill import fill_docx
from conseils_citoyens.formats.docx.importer import read_form
from conseils_citoyens.formats.odt import layout as odt
from conseils_citoyens.formats.odt.export import export_odt
from conseils_citoyens.formats.odt.fill import fill_odt
from conseils_citoyens.formats.odt.importer import read_odt
from conseils_citoyens.formats.slots import form_slots
from conseils_citoyens.i18n import typeset
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    Matrix,
    MultipleChoice,
    Questionnaire,
    QuestionnaireRef,
    Ranking,
)
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
from conseils_citoyens.testing import answers_for, questionnaires

EASY = ExportOptions(easy_read=True)

FORMATS: dict[str, tuple[Callable[..., None], Callable[..., None], Callable[..., FilledForm]]] = {
    "docx": (export_docx, fill_docx, read_form),
    "odt": (export_odt, fill_odt, read_odt),
}


def _as_read(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """What a form gives back: typed text stripped, multiple choices in the form's order."""
    result = {k: v.strip() if isinstance(v, str) else v for k, v in answers.items()}
    for question in questionnaire.questions():
        if isinstance(question, MultipleChoice) and question.id in result:
            order = [c.code for c in question.choices] + [OTHER_CODE]
            result[question.id] = sorted(result[question.id], key=order.index)
    return result


def _round_trip(
    folder: Path, fmt: str, questionnaire: Questionnaire, answers: dict[str, Any]
) -> FilledForm:
    export, fill, read = FORMATS[fmt]
    blank = folder / f"facile.{fmt}"
    with blank.open("wb") as stream:
        export(questionnaire, stream, EASY)
    filled = folder / f"rempli.{fmt}"
    fill(blank, answers, filled, questionnaire=questionnaire)

    def resolve(ref: QuestionnaireRef, source: str) -> Questionnaire:
        assert ref == questionnaire_ref(questionnaire)  # the same identity as the usual form
        return questionnaire

    return read(filled, resolve)


@pytest.mark.parametrize("fmt", ["docx", "odt"])
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), questionnaire=questionnaires())
def test_easy_read_form_imports_into_the_same_questionnaire(
    tmp_path: Path, fmt: str, data: st.DataObject, questionnaire: Questionnaire
) -> None:
    answers = data.draw(answers_for(questionnaire))
    form = _round_trip(tmp_path, fmt, questionnaire, answers)
    assert form.problems == ()
    assert form.unmapped == ()
    assert form.answers == _as_read(questionnaire, answers)


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_standard_easy_read_form_round_trip(tmp_path: Path, fmt: str) -> None:
    questionnaire = standard_questionnaire()
    answers = {
        "college": "residents",
        "conseil": "Conseil de l'Épeule",
        "themes": {row.code: "useful" for row in questionnaire.question("themes").rows},  # type: ignore[union-attr]
        "priorites": ["emploi", "comprendre", "habitants"],
        "formats": ["atelier", OTHER_CODE],
        "formats.other": "Un jeu",
        "humeur": "optimiste",
        "commentaires": "Merci !\nÀ bientôt",
    }
    form = _round_trip(tmp_path, fmt, questionnaire, answers)
    assert form.problems == ()
    assert form.unmapped == ()
    assert form.answers == _as_read(questionnaire, answers)


def test_easy_read_layout_has_no_grid_and_the_same_slots() -> None:
    questionnaire = standard_questionnaire()
    blocks = word.layout(questionnaire, EASY)
    assert not [b for b in blocks if isinstance(b, word.Grid)]
    assert sorted(word.layout_slots(blocks), key=lambda s: (s.number, s.index)) == list(
        form_slots(questionnaire)
    )
    odt_blocks = odt.form_blocks(questionnaire, EASY)
    assert not [b for b in odt_blocks if isinstance(b, odt.Table)]
    texts = [
        " ".join(p for p in b.parts if isinstance(p, str))
        for b in blocks
        if isinstance(b, word.Para)
    ]
    matrix = questionnaire.question("themes")
    ranking = questionnaire.question("priorites")
    assert isinstance(matrix, Matrix)
    assert isinstance(ranking, Ranking)
    # one small question per topic, in its easy-read words
    for index, row in enumerate(matrix.rows, start=1):
        assert f"6.{index}. {typeset(row.label_for('fr', easy_read=True))}" in texts
    # the ranking becomes three simple questions
    assert "7.1. Quel thème est le plus important pour vous\u202f?" in texts
    assert "7.2. Quel thème vient en 2ᵉ\u202f?" in texts
    assert "7.3. Quel thème vient en 3ᵉ\u202f?" in texts
    # the easy-read wording of the standard questionnaire is used
    assert "1. Dans quel groupe du conseil citoyen êtes-vous\u202f?" in texts


def test_easy_read_styles_are_large() -> None:
    from conseils_citoyens.formats._formtext import EASY_LOOK, STANDARD_LOOK

    assert EASY_LOOK.body >= 14
    assert EASY_LOOK.box > STANDARD_LOOK.box
    specs = word.styles_for(EASY_LOOK)
    assert all(spec.size is None or spec.size >= 10 for spec in specs)


def test_export_options_reach_the_form_properties() -> None:
    stream = io.BytesIO()
    export_docx(standard_questionnaire(), stream, EASY)
    props = word.custom_properties(standard_questionnaire(), EASY)
    assert props[word.PROP_VARIANT] == word.EASY_READ
    assert word.PROP_VARIANT not in word.custom_properties(
        standard_questionnaire(), ExportOptions()
    )
