"""fill_docx: filling a form the way Word does, and the export -> fill -> import round trip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conseils_citoyens.errors import UnknownQuestionnaireError
from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.docx.export import export_docx
from conseils_citoyens.formats.docx.fill import fill_docx
from conseils_citoyens.formats.docx.importer import read_form
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    MultipleChoice,
    Questionnaire,
    QuestionnaireRef,
)
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.testing import answers_for, questionnaires
from tests.docx_sample import FULL_ANSWERS, SAMPLE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}


def _blank(path: Path, questionnaire: Questionnaire = SAMPLE) -> Path:
    with path.open("wb") as stream:
        export_docx(questionnaire, stream, ExportOptions())
    return path


def _as_read(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """What a form gives back: typed text loses its surrounding white space, and the
    choices of a multiple choice come in the form's order (the answer is a set)."""
    result = {k: v.strip() if isinstance(v, str) else v for k, v in answers.items()}
    for question in questionnaire.questions():
        if isinstance(question, MultipleChoice) and question.id in result:
            order = [c.code for c in question.choices] + [OTHER_CODE]
            result[question.id] = sorted(result[question.id], key=order.index)
    return result


def test_fill_sets_state_glyph_and_text_like_word(tmp_path: Path) -> None:
    out = io.BytesIO()
    fill_docx(_blank(tmp_path / "f.docx"), FULL_ANSWERS, out, questionnaire=SAMPLE)
    with zipfile.ZipFile(out) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    yes = root.xpath("//w:sdt[w:sdtPr/w:tag/@w:val='cc|trained|yes']", namespaces=NS)[0]
    no = root.xpath("//w:sdt[w:sdtPr/w:tag/@w:val='cc|trained|no']", namespaces=NS)[0]
    assert yes.find("w:sdtPr/w14:checkbox/w14:checked", NS).get(f"{{{W14}}}val") == "1"
    assert "".join(yes.find("w:sdtContent", NS).itertext()) == "☒"
    assert "".join(no.find("w:sdtContent", NS).itertext()) == "☐"
    text = root.xpath("//w:sdt[w:sdtPr/w:tag/@w:val='cc|name_group']", namespaces=NS)[0]
    assert text.find("w:sdtPr/w:showingPlcHdr", NS) is None
    assert "".join(text.find("w:sdtContent", NS).itertext()) == "Cadre de vie"
    box = root.xpath("//w:sdt[w:sdtPr/w:tag/@w:val='cc|college|other']", namespaces=NS)
    other_text = root.xpath("//w:sdt[w:sdtPr/w:tag/@w:val='cc|college|other|text']", namespaces=NS)
    assert len(box) == len(other_text) == 1  # the "other" box and its text have their own tags


def test_multi_line_text_uses_breaks_and_reads_back(tmp_path: Path) -> None:
    answers = {"comments": "Première ligne\nDeuxième ligne"}
    filled = tmp_path / "rempli.docx"
    fill_docx(_blank(tmp_path / "f.docx"), answers, filled, questionnaire=SAMPLE)
    with zipfile.ZipFile(filled) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    sdt = root.xpath("//w:sdt[w:sdtPr/w:tag/@w:val='cc|comments']", namespaces=NS)[0]
    assert len(sdt.findall(".//w:br", NS)) == 1
    assert read_form(filled, lambda ref, src: SAMPLE).answers == answers


def test_fill_refuses_another_questionnaire(tmp_path: Path) -> None:
    import attrs

    other = attrs.evolve(SAMPLE, version="2.0")
    with pytest.raises(UnknownQuestionnaireError) as info:
        fill_docx(_blank(tmp_path / "f.docx"), {}, io.BytesIO(), questionnaire=other)
    assert "f.docx" in str(info.value)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), questionnaire=questionnaires())
def test_export_fill_import_round_trip(
    tmp_path: Path, data: st.DataObject, questionnaire: Questionnaire
) -> None:
    answers = data.draw(answers_for(questionnaire))
    blank = _blank(tmp_path / "vierge.docx", questionnaire)
    filled = tmp_path / "rempli.docx"
    fill_docx(blank, answers, filled, questionnaire=questionnaire)

    def resolve(ref: QuestionnaireRef, source: str) -> Questionnaire:
        assert ref == questionnaire_ref(questionnaire)
        return questionnaire

    form = read_form(filled, resolve)
    assert form.problems == ()
    assert form.unmapped == ()
    assert form.answers == _as_read(questionnaire, answers)
