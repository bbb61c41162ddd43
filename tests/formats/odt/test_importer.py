"""Import filled .odt forms: ours, re-saved by LibreOffice, other widgets, Word forms, bad files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conseils_citoyens.errors import (
    DocumentError,
    NotADocumentError,
    UnknownQuestionnaireError,
    WrongDocumentKindError,
)
from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.odt import IMPORTER, register_importers
from conseils_citoyens.formats.odt.export import export_odt
from conseils_citoyens.formats.odt.fill import fill_odt
from conseils_citoyens.formats.odt.importer import read_odt
from conseils_citoyens.formats.slots import choices_of
from conseils_citoyens.survey.questionnaire.model import MultipleChoice, Questionnaire, Respondent
from conseils_citoyens.testing import answers_for, questionnaires
from tests.conftest import requires_soffice
from tests.lo import convert
from tests.odt_helpers import SAMPLE, SAMPLE_ANSWERS, exported, resolver, rewrite, write


def _filled(tmp_path: Path, answers: dict[str, Any], name: str = "filled.odt") -> Path:
    target = tmp_path / name
    fill_odt(exported(), answers, target, questionnaire=SAMPLE)
    return target


def test_a_filled_form_gives_back_its_answers(tmp_path: Path) -> None:
    form = read_odt(_filled(tmp_path, SAMPLE_ANSWERS), resolver())
    assert dict(form.answers) == SAMPLE_ANSWERS
    assert form.problems == ()
    assert form.unmapped == ()
    assert form.source.endswith("filled.odt")


def test_a_blank_form_has_no_answers(tmp_path: Path) -> None:
    form = read_odt(write(tmp_path / "blank.odt", exported()), resolver())
    assert dict(form.answers) == {}
    assert form.problems == ()
    assert form.unmapped == ()


def test_the_respondent_comes_from_the_properties(tmp_path: Path) -> None:
    data = exported(SAMPLE, ExportOptions(respondent=Respondent(token="T-9", council_id="C1")))
    form = read_odt(write(tmp_path / "p.odt", data), resolver())
    assert form.respondent == Respondent(token="T-9", council_id="C1")
    assert form.unmapped == ()


def test_two_boxes_on_a_single_choice_are_reported_and_the_rest_kept(tmp_path: Path) -> None:
    path = _filled(tmp_path, {"quartier": "Centre"})

    def tick_two(xml: bytes) -> bytes:
        return xml.replace(b'loext:checked="false"', b'loext:checked="true"', 2)

    write(path, rewrite(path.read_bytes(), "content.xml", tick_two))
    form = read_odt(path, resolver())
    assert dict(form.answers) == {"quartier": "Centre"}
    assert [p.code for p in form.problems] == ["form.several_ticked"]
    assert "question 1" in form.problems[0].message


def test_the_state_wins_over_the_glyph(tmp_path: Path) -> None:
    path = write(tmp_path / "f.odt", exported())

    def state_only(xml: bytes) -> bytes:  # LibreOffice's API may change the state only
        return xml.replace(b'loext:checked="false"', b'loext:checked="true"', 1)

    write(path, rewrite(path.read_bytes(), "content.xml", state_only))
    assert dict(read_odt(path, resolver()).answers) == {"college": "habitants"}


def test_glyphs_typed_by_hand(tmp_path: Path) -> None:
    """A person (or another ODF editor) replaced the boxes by plain text."""
    path = write(tmp_path / "f.odt", exported())
    control = re.compile(
        rb"<loext:content-control loext:checkbox[^>]*>(.*?)</loext:content-control>"
    )
    glyphs = iter(["X", "☐", "☐", "✓", "☐", "☐", "☐", "x"])

    def typed(xml: bytes) -> bytes:
        def one(match: re.Match[bytes]) -> bytes:
            glyph = next(glyphs, "☐")
            return f"<text:span>{glyph}</text:span>".encode()

        return control.sub(one, xml)

    write(path, rewrite(path.read_bytes(), "content.xml", typed))
    form = read_odt(path, resolver())
    assert dict(form.answers) == {"college": "habitants", "formats": ["soir"], "forme": "no"}
    assert form.problems == ()


def test_an_unreadable_glyph_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "f.odt", exported())
    control = re.compile(
        rb"<loext:content-control loext:checkbox[^>]*>(.*?)</loext:content-control>"
    )
    write(
        path,
        rewrite(path.read_bytes(), "content.xml", lambda x: control.sub(b"peut-etre", x, count=1)),
    )
    form = read_odt(path, resolver())
    assert [p.code for p in form.problems] == ["form.unreadable_box"]


def test_standard_form_controls_and_legacy_fields(tmp_path: Path) -> None:
    """Checkboxes as form:checkbox + draw:control, or as FORMCHECKBOX fieldmarks."""
    path = write(tmp_path / "f.odt", exported())
    control = re.compile(
        rb"<loext:content-control loext:checkbox[^>]*>(.*?)</loext:content-control>"
    )
    counter = iter(range(100))

    def legacy(xml: bytes) -> bytes:
        def one(match: re.Match[bytes]) -> bytes:
            n = next(counter)
            if n == 1:  # college = acteurs, as a form control (current state wins)
                return b'<draw:control draw:control="box1"/>'
            if n == 3:  # formats = soir, as a legacy field
                return (
                    b'<field:fieldmark text:name="f3" field:type="vnd.oasis.opendocument.field.FORMCHECKBOX">'
                    b'<field:param field:name="Checkbox_Checked" field:value="true"/></field:fieldmark>'
                )
            return b'<draw:control draw:control="box0"/>' if n == 0 else match.group(0)

        body = control.sub(one, xml)
        forms = (
            b'<office:forms><form:form form:name="f">'
            b'<form:checkbox form:id="box0" xml:id="box0" form:name="b0" form:state="checked" form:current-state="unchecked"/>'
            b'<form:checkbox form:id="box1" xml:id="box1" form:name="b1" form:state="unchecked" form:current-state="checked"/>'
            b"</form:form></office:forms>"
        )
        body = body.replace(b"<office:text>", b"<office:text>" + forms, 1)
        if b"xmlns:draw=" not in body:
            body = body.replace(
                b"<office:document-content ",
                b'<office:document-content xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ',
                1,
            )
        return body.replace(
            b"<office:document-content ",
            b'<office:document-content xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0" '
            b'xmlns:field="urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0" ',
            1,
        )

    write(path, rewrite(path.read_bytes(), "content.xml", legacy))
    form = read_odt(path, resolver())
    assert dict(form.answers) == {"college": "acteurs", "formats": ["soir"]}
    assert form.problems == ()


def test_text_input_fields_and_text_after_the_bookmark(tmp_path: Path) -> None:
    path = write(tmp_path / "f.odt", exported())
    text_control = re.compile(
        rb'<loext:content-control loext:showing-place-holder="true">(.*?)</loext:content-control>'
    )
    counter = iter(range(100))

    def replace(xml: bytes) -> bytes:
        def one(match: re.Match[bytes]) -> bytes:
            n = next(counter)
            if n == 1:  # annees, as an input field (Word plain-text control via LibreOffice)
                return b'<text:text-input text:description="">12,5</text:text-input>'
            if n == 3:  # quartier, typed after the bookmark
                return b"Les Chartrons"
            return match.group(0)

        return text_control.sub(one, xml)

    write(path, rewrite(path.read_bytes(), "content.xml", replace))
    form = read_odt(path, resolver())
    assert dict(form.answers) == {"annees": 12.5, "quartier": "Les Chartrons"}


def test_text_outside_the_slots_is_unmapped_not_dropped(tmp_path: Path) -> None:
    path = _filled(tmp_path, {"forme": "yes"})

    def add(xml: bytes) -> bytes:
        xml = xml.replace(b"Le samedi", b"Le samedi (sauf en juillet)", 1)
        return xml.replace(
            b"</office:text>",
            b'<text:p text:style-name="Standard">Merci pour ce questionnaire</text:p></office:text>',
        )

    write(path, rewrite(path.read_bytes(), "content.xml", add))
    form = read_odt(path, resolver())
    assert dict(form.answers) == {"forme": "yes"}
    assert form.unmapped == ("Le samedi (sauf en juillet)", "Merci pour ce questionnaire")


def test_a_deleted_slot_is_reported(tmp_path: Path) -> None:
    path = _filled(tmp_path, {"quartier": "Nord"})

    def delete(xml: bytes) -> bytes:
        return re.sub(rb'<text:bookmark-start text:name="cc1_1"/>', b"", xml)

    write(path, rewrite(path.read_bytes(), "content.xml", delete))
    form = read_odt(path, resolver())
    assert dict(form.answers) == {"quartier": "Nord"}
    assert [p.code for p in form.problems] == ["form.slot_missing"]
    (problem,) = form.problems
    assert problem.message_in("fr").endswith(
        " : 1 case ou zone de réponse introuvable dans le document"
    )
    assert problem.message_in("en").endswith(": 1 answer box not found in the document")


def test_several_deleted_slots_of_a_question_are_counted_in_the_plural(tmp_path: Path) -> None:
    path = _filled(tmp_path, {"quartier": "Nord"})

    def delete(xml: bytes) -> bytes:
        return re.sub(rb'<text:bookmark-start text:name="cc1_[12]"/>', b"", xml)

    write(path, rewrite(path.read_bytes(), "content.xml", delete))
    (problem,) = read_odt(path, resolver()).problems
    assert problem.message_in("fr").endswith(
        " : 2 cases ou zones de réponse introuvables dans le document"
    )
    assert problem.message_in("en").endswith(": 2 answer boxes not found in the document")


def test_the_importer_is_registered_by_the_hook() -> None:
    registered = []
    register_importers(registered.append)
    assert registered == [IMPORTER]


# --- bad input -----------------------------------------------------------------------


def test_not_an_odt(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.odt", b"Bonjour, ceci est du texte")
    with pytest.raises(NotADocumentError, match=r"notes\.odt"):
        read_odt(path, resolver())


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"absent\.odt"):
        read_odt(tmp_path / "absent.odt", resolver())


def test_an_odt_of_another_document(tmp_path: Path) -> None:
    data = rewrite(
        exported(),
        "meta.xml",
        lambda xml: re.sub(rb"<meta:user-defined.*?</meta:user-defined>", b"", xml),
    )
    path = write(tmp_path / "lettre.odt", data)
    with pytest.raises(WrongDocumentKindError, match=r"lettre\.odt"):
        read_odt(path, resolver())


def test_a_spreadsheet_is_the_wrong_kind(tmp_path: Path) -> None:
    data = rewrite(
        exported(), "mimetype", lambda _: b"application/vnd.oasis.opendocument.spreadsheet"
    )
    with pytest.raises(DocumentError, match=r"tableur\.odt|tableur"):
        read_odt(write(tmp_path / "tableur.odt", data), resolver())


def test_an_unknown_questionnaire(tmp_path: Path) -> None:
    data = rewrite(exported(), "meta.xml", lambda xml: xml.replace(b"sha256:", b"sha256:0", 1))
    with pytest.raises(UnknownQuestionnaireError):
        read_odt(write(tmp_path / "autre.odt", data), resolver())


def test_a_doctype_is_refused(tmp_path: Path) -> None:
    data = rewrite(
        exported(),
        "content.xml",
        lambda xml: xml.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e "boom">]>', 1),
    )
    with pytest.raises(DocumentError, match=r"hostile\.odt"):
        read_odt(write(tmp_path / "hostile.odt", data), resolver())


def test_malformed_content_names_the_file(tmp_path: Path) -> None:
    data = rewrite(exported(), "content.xml", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(NotADocumentError, match=r"coupe\.odt"):
        read_odt(write(tmp_path / "coupe.odt", data), resolver())


# --- round trip --------------------------------------------------------------------------


def _document_order(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """What a form can carry: multiple choices in document order, texts without outer spaces."""
    expected: dict[str, Any] = {}
    for key, value in answers.items():
        question_id = key.split(".", 1)[0]
        question = questionnaire.question(question_id)
        if isinstance(question, MultipleChoice) and key == question_id:
            codes = [c.code for c in choices_of(question)] + ["other"]
            value = sorted(value, key=codes.index)
        if isinstance(value, str):
            value = value.strip()
        expected[key] = value
    return expected


@settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_export_fill_import(data: st.DataObject, tmp_path_factory: Any) -> None:
    questionnaire = data.draw(questionnaires())
    answers = data.draw(answers_for(questionnaire))
    blank = io.BytesIO()
    export_odt(questionnaire, blank, ExportOptions())
    path = tmp_path_factory.mktemp("rt") / "form.odt"
    fill_odt(blank.getvalue(), answers, path, questionnaire=questionnaire)
    form = read_odt(path, resolver(questionnaire))
    assert form.problems == ()
    assert form.unmapped == ()
    assert dict(form.answers) == _document_order(questionnaire, answers)


# --- real clients ---------------------------------------------------------------------


@requires_soffice
def test_libreoffice_resaving_keeps_the_answers(tmp_path: Path) -> None:
    resaved = convert(_filled(tmp_path, SAMPLE_ANSWERS), "odt", tmp_path / "resaved")
    form = read_odt(resaved, resolver())
    assert dict(form.answers) == SAMPLE_ANSWERS
    assert form.problems == ()
    assert form.unmapped == ()


@requires_soffice
def test_through_word_and_back(tmp_path: Path) -> None:
    """odt -> docx -> odt with LibreOffice: content controls, bookmarks and properties survive."""
    docx = convert(_filled(tmp_path, SAMPLE_ANSWERS), "docx", tmp_path / "docx")
    back = convert(docx, "odt", tmp_path / "back")
    with zipfile.ZipFile(back) as archive:
        assert b"cc_questionnaire_hash" in archive.read("meta.xml")
    form = read_odt(back, resolver())
    assert dict(form.answers) == SAMPLE_ANSWERS
    assert form.problems == ()
    assert form.unmapped == ()


@requires_soffice
def test_a_word_form_filled_then_saved_as_odt(tmp_path: Path) -> None:
    """Word form -> fill_docx -> LibreOffice saves .odt -> this importer.

    LibreOffice 7.4 turns Word plain-text controls into input fields and drops
    the line breaks inside them, so the long text here has one line.
    """
    from conseils_citoyens.formats.docx.export import export_docx
    from conseils_citoyens.formats.docx.fill import fill_docx

    answers = {**SAMPLE_ANSWERS, "remarques": "Une seule ligne de remarques"}
    blank = tmp_path / "blank.docx"
    with blank.open("wb") as handle:
        export_docx(SAMPLE, handle)
    filled = tmp_path / "filled.docx"
    fill_docx(blank, answers, filled, questionnaire=SAMPLE)
    odt = convert(filled, "odt", tmp_path / "odt")
    with zipfile.ZipFile(odt) as archive:
        assert b"<text:text-input" in archive.read("content.xml")
    form = read_odt(odt, resolver())
    assert dict(form.answers) == answers
    assert form.problems == ()
    assert form.unmapped == ()


def test_lines_typed_on_the_ruled_lines_under_a_long_text_belong_to_it(tmp_path: Path) -> None:
    path = _filled(tmp_path, {"remarques": "Début"})
    # as lxml writes them: the ruled lines but the last keep with the next one
    empty_line = b'<text:p text:style-name="cc_20_Answer_20_Keep"/>'

    def type_lines(xml: bytes) -> bytes:
        assert xml.count(empty_line) == 2
        assert xml.count(b'<text:p text:style-name="cc_20_Answer"/>') == 1
        return xml.replace(
            empty_line, b'<text:p text:style-name="cc_20_Answer_20_Keep">suite</text:p>', 1
        )

    write(path, rewrite(path.read_bytes(), "content.xml", type_lines))
    form = read_odt(path, resolver())
    assert dict(form.answers) == {"remarques": "Début\nsuite"}
    assert form.unmapped == ()


def test_an_enormous_text_answer_is_cut_and_reported(tmp_path: Path) -> None:
    """1 MB typed in a text box: the first 20,000 characters are kept, never silently."""
    enormous = "Très long commentaire : " + _random_text(1_048_776)  # 1,048,800 characters
    form = read_odt(_filled(tmp_path, {"forme": "no", "remarques": enormous}), resolver())
    assert form.answers["remarques"] == enormous[:20_000].strip()
    assert form.answers["forme"] == "no"
    (problem,) = form.problems
    assert problem.code == "form.answer_truncated"
    assert problem.path == "$.answers.remarques"
    assert "1048800 caractères coupée aux 20000 premiers" in problem.message
    assert "Très long" not in problem.message  # the answer itself is not quoted


def _random_text(size: int) -> str:
    """Text that compresses like typed text (a repeated phrase looks like a zip bomb)."""
    import random

    rng = random.Random(size)
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyzéèà    ") for _ in range(size))


@pytest.mark.parametrize(
    ("count", "spaces"), [("abc", 1), ("-3", 1), ("", 1), ("4", 4), ("99999999999", 1000)]
)
def test_a_forged_space_count_is_bounded(tmp_path: Path, count: str, spaces: int) -> None:
    """``text:s text:c`` comes from the file: never a ValueError, never 100 GB of spaces."""
    data = rewrite(
        _filled(tmp_path, SAMPLE_ANSWERS).read_bytes(),
        "content.xml",
        lambda xml: xml.replace(b"Les Aubiers", f'Les<text:s text:c="{count}"/>Aubiers'.encode()),
    )
    form = read_odt(write(tmp_path / "espaces.odt", data), resolver())
    assert form.answers["quartier"] == "Les" + " " * spaces + "Aubiers"


def test_a_number_that_overflows_is_unreadable_not_infinite(tmp_path: Path) -> None:
    data = rewrite(
        _filled(tmp_path, SAMPLE_ANSWERS).read_bytes(),
        "content.xml",
        lambda xml: re.sub(rb">2[,.]5<", b">" + b"1" * 400 + b"<", xml),
    )
    form = read_odt(write(tmp_path / "infini.odt", data), resolver())
    assert "annees" not in form.answers
    assert [p.code for p in form.problems] == ["form.unreadable_number"]
