"""Reading filled Word forms back: mapping, states, bad input, real LibreOffice files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conseils_citoyens.errors import (
    DocumentError,
    NotADocumentError,
    UnknownQuestionnaireError,
    UnsafeDocumentError,
    WrongDocumentKindError,
)
from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.docx.export import export_docx
from conseils_citoyens.formats.docx.fill import fill_docx
from conseils_citoyens.formats.docx.importer import read_form
from conseils_citoyens.formats.slots import form_slots
from conseils_citoyens.survey.questionnaire.model import Questionnaire, QuestionnaireRef, Respondent
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from tests.conftest import requires_soffice
from tests.docx_sample import FULL_ANSWERS, SAMPLE
from tests.lo import convert

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}


def _resolve(ref: QuestionnaireRef, source: str) -> Questionnaire:
    assert ref == questionnaire_ref(SAMPLE), source
    return SAMPLE


def _form(tmp_path: Path, answers: dict[str, object] | None = None, **options: object) -> Path:
    blank = tmp_path / "vierge.docx"
    with blank.open("wb") as stream:
        export_docx(SAMPLE, stream, ExportOptions(**options))  # type: ignore[arg-type]
    if answers is None:
        return blank
    filled = tmp_path / "rempli.docx"
    fill_docx(blank, answers, filled, questionnaire=SAMPLE)
    return filled


def _edit(path: Path, change: Callable[[etree._Element], None]) -> Path:
    """Rewrite word/document.xml of ``path`` in place with ``change``."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            archive.writestr(info, data)
    path.write_bytes(out.getvalue())
    return path


def _checkbox(root: etree._Element, tag: str) -> etree._Element:
    return root.xpath(f"//w:sdt[w:sdtPr/w:tag/@w:val='{tag}']", namespaces=NS)[0]


def test_filled_form_reads_back_exactly(tmp_path: Path) -> None:
    form = read_form(_form(tmp_path, FULL_ANSWERS), _resolve)
    assert form.answers == FULL_ANSWERS
    assert form.problems == ()
    assert form.unmapped == ()
    assert form.questionnaire == questionnaire_ref(SAMPLE)
    assert form.respondent is None


def test_blank_form_has_no_answers_and_respondent_comes_back(tmp_path: Path) -> None:
    path = _form(tmp_path, respondent=Respondent(token="T-9", council_id="cc-7"))
    form = read_form(path, _resolve)
    assert form.answers == {}
    assert form.problems == ()
    assert form.unmapped == ()  # the personalised first page is the exporter's own text
    assert form.respondent == Respondent(token="T-9", council_id="cc-7")


def test_a_typed_x_over_the_box_counts_as_ticked(tmp_path: Path) -> None:
    def type_x(root: etree._Element) -> None:
        sdt = _checkbox(root, "cc|trained|yes")
        sdt.find(".//w:sdtContent//w:t", NS).text = "X"  # the state stays "0", as in Word

    path = _edit(_form(tmp_path, {"college": "habitants"}), type_x)
    form = read_form(path, _resolve)
    assert form.answers == {"college": "habitants", "trained": "yes"}


def test_an_unreadable_box_is_reported(tmp_path: Path) -> None:
    def scribble(root: etree._Element) -> None:
        sdt = _checkbox(root, "cc|trained|yes")
        sdt.find("w:sdtPr/w14:checkbox/w14:checked", NS).getparent().remove(
            sdt.find("w:sdtPr/w14:checkbox/w14:checked", NS)
        )
        sdt.find(".//w:sdtContent//w:t", NS).text = "peut-être"

    form = read_form(_edit(_form(tmp_path, {"years": 3}), scribble), _resolve)
    assert form.answers == {"years": 3}
    assert [p.code for p in form.problems] == ["form.unreadable_box"]


def test_two_boxes_on_a_single_choice_are_reported_and_the_rest_kept(tmp_path: Path) -> None:
    def tick_both(root: etree._Element) -> None:
        for tag in ("cc|trained|yes", "cc|trained|no"):
            sdt = _checkbox(root, tag)
            sdt.find("w:sdtPr/w14:checkbox/w14:checked", NS).set(f"{{{W14}}}val", "1")
            sdt.find(".//w:sdtContent//w:t", NS).text = "☒"

    path = _edit(_form(tmp_path, FULL_ANSWERS), tick_both)
    form = read_form(path, _resolve)
    expected = dict(FULL_ANSWERS)
    del expected["trained"]
    assert form.answers == expected
    assert [p.code for p in form.problems] == ["form.several_ticked"]
    assert "question 2" in form.problems[0].message


def test_state_wins_over_a_stale_glyph(tmp_path: Path) -> None:
    def tick_state_only(root: etree._Element) -> None:
        sdt = _checkbox(root, "cc|trained|no")
        sdt.find("w:sdtPr/w14:checkbox/w14:checked", NS).set(f"{{{W14}}}val", "1")

    form = read_form(_edit(_form(tmp_path, {}), tick_state_only), _resolve)
    assert form.answers == {"trained": "no"}


def test_without_tags_the_bookmarks_map_the_slots(tmp_path: Path) -> None:
    def drop_tags(root: etree._Element) -> None:
        for tag in root.iter(f"{{{W}}}tag"):
            tag.getparent().remove(tag)

    form = read_form(_edit(_form(tmp_path, FULL_ANSWERS), drop_tags), _resolve)
    assert form.answers == FULL_ANSWERS


def test_without_tags_or_bookmarks_document_order_checked_by_labels_maps_the_slots(
    tmp_path: Path,
) -> None:
    def drop_names(root: etree._Element) -> None:
        for el in list(root.iter(f"{{{W}}}tag", f"{{{W}}}bookmarkStart", f"{{{W}}}bookmarkEnd")):
            el.getparent().remove(el)

    form = read_form(_edit(_form(tmp_path, FULL_ANSWERS), drop_names), _resolve)
    assert form.answers == FULL_ANSWERS


def test_positional_mapping_refuses_a_box_whose_label_changed(tmp_path: Path) -> None:
    def drop_names_and_swap(root: etree._Element) -> None:
        for el in list(root.iter(f"{{{W}}}tag", f"{{{W}}}bookmarkStart", f"{{{W}}}bookmarkEnd")):
            el.getparent().remove(el)
        for t in root.iter(f"{{{W}}}t"):
            if t.text == " Non":
                t.text = " Peut-être"

    form = read_form(_edit(_form(tmp_path, {"trained": "no"}), drop_names_and_swap), _resolve)
    assert "trained" not in form.answers
    assert "☒ Peut-être" in form.unmapped


def test_legacy_formcheckbox_fields_are_read(tmp_path: Path) -> None:
    def to_legacy(root: etree._Element) -> None:
        sdt = _checkbox(root, "cc|college|acteurs")
        field = etree.fromstring(
            f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="begin"><w:ffData>'
            '<w:name w:val="cc1_1"/><w:checkBox><w:sizeAuto/><w:default w:val="0"/>'
            '<w:checked w:val="1"/></w:checkBox></w:ffData></w:fldChar></w:r>'
        )
        sdt.getparent().replace(sdt, field)

    form = read_form(_edit(_form(tmp_path, {}), to_legacy), _resolve)
    assert form.answers == {"college": "acteurs"}


def test_text_typed_outside_the_boxes_is_reported(tmp_path: Path) -> None:
    def add_note(root: etree._Element) -> None:
        body = root.find("w:body", NS)
        note = etree.fromstring(
            f'<w:p xmlns:w="{W}"><w:r><w:t>Je préfère le mardi soir.</w:t></w:r></w:p>'
        )
        body.insert(5, note)
        for t in root.iter(f"{{{W}}}t"):
            if t.text == " En soirée":
                t.text = " En soirée (pas trop tard)"

    form = read_form(_edit(_form(tmp_path, FULL_ANSWERS), add_note), _resolve)
    assert form.answers == FULL_ANSWERS
    assert set(form.unmapped) == {"Je préfère le mardi soir.", "En soirée (pas trop tard)"}


def test_placeholder_text_counts_as_empty_even_without_the_flag(tmp_path: Path) -> None:
    def drop_flags(root: etree._Element) -> None:
        for flag in list(root.iter(f"{{{W}}}showingPlcHdr")):
            flag.getparent().remove(flag)

    form = read_form(_edit(_form(tmp_path, {"years": 12}), drop_flags), _resolve)
    assert form.answers == {"years": 12}
    assert form.problems == ()


def test_unreadable_number_is_reported(tmp_path: Path) -> None:
    form = read_form(_form(tmp_path, {"years": "douze"}), _resolve)
    assert "years" not in form.answers
    assert [p.code for p in form.problems] == ["form.unreadable_number"]


def test_not_a_docx_is_a_clear_document_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("pas un document Word", encoding="utf-8")
    with pytest.raises(NotADocumentError) as info:
        read_form(path, _resolve)
    assert str(path) in str(info.value)


def test_missing_file_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as info:
        read_form(tmp_path / "absent.docx", _resolve)
    assert "absent.docx" in str(info.value)


def test_another_word_document_is_not_a_form(tmp_path: Path) -> None:
    path = tmp_path / "compte-rendu.docx"
    other = docx.Document()
    other.add_paragraph("Compte rendu de la réunion du 3 mars")
    other.save(str(path))
    with pytest.raises(WrongDocumentKindError) as info:
        read_form(path, _resolve)
    message = str(info.value)
    assert str(path) in message
    assert "n'est pas un formulaire de recensement conseils-citoyens" in message


def test_a_doctype_is_refused(tmp_path: Path) -> None:
    path = _form(tmp_path, {})
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in entries:
            if info.filename == "word/document.xml":
                head, rest = data.split(b"?>", 1)
                data = head + b'?><!DOCTYPE w:document [<!ENTITY x "boom">]>' + rest
            archive.writestr(info, data)
    with pytest.raises(UnsafeDocumentError):
        read_form(path, _resolve)


def test_unknown_questionnaire(tmp_path: Path) -> None:
    path = _form(tmp_path, {})

    def unknown(ref: QuestionnaireRef, source: str) -> Questionnaire:
        raise UnknownQuestionnaireError(source, {"fr": "inconnu", "en": "unknown"})

    with pytest.raises(UnknownQuestionnaireError):
        read_form(path, unknown)

    def missing(ref: QuestionnaireRef, source: str) -> Questionnaire:
        raise KeyError(ref.hash)

    with pytest.raises(UnknownQuestionnaireError) as info:
        read_form(path, missing)
    assert "test-besoins" in str(info.value)


@requires_soffice
@pytest.mark.soffice
def test_a_form_saved_again_by_libreoffice_reads_the_same(tmp_path: Path) -> None:
    filled = _form(tmp_path, FULL_ANSWERS, respondent=Respondent(token="LO-1"))
    resaved = convert(filled, "docx", tmp_path / "libreoffice")
    with zipfile.ZipFile(resaved) as archive:
        document = archive.read("word/document.xml")
    assert b"cc|college" not in document  # LibreOffice dropped the tags...
    assert b"cc1_0" in document  # ...and kept the bookmarks
    form = read_form(resaved, _resolve)
    assert form.answers == FULL_ANSWERS
    assert form.problems == ()
    assert form.unmapped == ()
    assert form.respondent == Respondent(token="LO-1")
    assert len(form_slots(SAMPLE)) > 40


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(cuts=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=8))
def test_a_mangled_form_never_crashes(tmp_path: Path, cuts: list[int]) -> None:
    """Remove arbitrary elements (sdtPr, sdtContent, runs...): a form or a DocumentError."""
    path = _form(tmp_path, FULL_ANSWERS)

    def mangle(root: etree._Element) -> None:
        elements = [el for el in root.iter() if el.getparent() is not None]
        for cut in cuts:
            victim = elements[cut % len(elements)]
            parent = victim.getparent()
            if parent is not None:
                parent.remove(victim)

    try:
        form = read_form(_edit(path, mangle), _resolve)
    except DocumentError:
        return
    assert set(form.answers) <= {q.id for q in SAMPLE.questions()} | {
        "college.other",
        "formats.other",
    }
    out = io.BytesIO()
    fill_docx(path, FULL_ANSWERS, out, questionnaire=SAMPLE)


def test_an_enormous_text_answer_is_cut_and_reported(tmp_path: Path) -> None:
    """1 MB typed in a text box: the first 20,000 characters are kept, never silently."""
    enormous = "Très long commentaire : " + _random_text(1_048_776)  # 1,048,800 characters
    answers = {"college": "habitants", "comments": enormous}
    form = read_form(_form(tmp_path, answers), _resolve)
    assert form.answers["comments"] == enormous[:20_000].strip()
    assert form.answers["college"] == "habitants"
    (problem,) = form.problems
    assert problem.code == "form.answer_truncated"
    assert problem.path == "$.answers.comments"
    assert "1048800 caractères coupée aux 20000 premiers" in problem.message
    assert "Très long" not in problem.message  # the answer itself is not quoted


def _random_text(size: int) -> str:
    """Text that compresses like typed text (a repeated phrase looks like a zip bomb)."""
    import random

    rng = random.Random(size)
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyzéèà    ") for _ in range(size))


def test_a_forged_checkbox_glyph_code_is_ignored(tmp_path: Path) -> None:
    """``w14:checkedState`` holds a hex code from the file: too large for chr() is no crash."""

    def forge(root: etree._Element) -> None:
        sdt = _checkbox(root, "cc|trained|yes")
        state = sdt.find("w:sdtPr/w14:checkbox/w14:checkedState", NS)
        state.set(f"{{{W14}}}val", "F" * 40)

    form = read_form(_edit(_form(tmp_path, {"trained": "yes"}), forge), _resolve)
    assert form.answers == {"trained": "yes"}
