"""Word forms as LibreOffice and people leave them: every answer comes back, or is reported.

Each test rewrites ``word/document.xml`` the way LibreOffice 7.4 writes it
(checked on files it saved: see ``tests/formats/test_libreoffice_paths.py``)
or the way a person edits it, then checks that no answer is lost or
changed without a problem naming its question.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.docx.export import export_docx
from conseils_citoyens.formats.docx.fill import fill_docx
from conseils_citoyens.formats.docx.importer import open_form, read_form
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


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _resolve(ref: QuestionnaireRef, source: str) -> Questionnaire:
    assert ref == questionnaire_ref(SAMPLE), source
    return SAMPLE


def _form(tmp_path: Path, answers: dict[str, object]) -> Path:
    blank = tmp_path / "vierge.docx"
    with blank.open("wb") as stream:
        export_docx(SAMPLE, stream, ExportOptions())
    filled = tmp_path / "rempli.docx"
    fill_docx(blank, answers, filled, questionnaire=SAMPLE)
    return filled


def _rewrite(path: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """Rewrite every part of ``path`` in place with ``change(name, data)``."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, change(info.filename, data))
    path.write_bytes(out.getvalue())
    return path


def _edit(path: Path, change: Callable[[etree._Element], None]) -> Path:
    def document(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        root = etree.fromstring(data)
        change(root)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))

    return _rewrite(path, document)


def _control(root: etree._Element, tag: str) -> etree._Element:
    found: list[etree._Element] = root.xpath(
        f"//w:sdt[w:sdtPr/w:tag/@w:val='{tag}']", namespaces=NS
    )
    return found[0]


def _drop_tags(root: etree._Element) -> None:
    """LibreOffice drops every ``w:tag`` when it saves a .docx."""
    for tag in list(root.iter(_w("tag"))):
        tag.getparent().remove(tag)


def _to_fillin(sdt: etree._Element) -> None:
    """Replace a text control by a FILLIN field, as LibreOffice does on .odt -> .docx."""
    text = "\n".join((t.text or "") + "".join(c.tail or "" for c in t) for t in sdt.iter(_w("t")))
    runs = (
        etree.fromstring(f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="begin"/></w:r>'),
        etree.fromstring(
            f'<w:r xmlns:w="{W}"><w:instrText xml:space="preserve"> FILLIN ""</w:instrText></w:r>'
        ),
    )
    parent = sdt.getparent()
    index = parent.index(sdt)
    pieces = [
        *runs,
        etree.fromstring(f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="separate"/></w:r>'),
    ]
    result = etree.fromstring(f'<w:r xmlns:w="{W}"/>')
    for n, line in enumerate(text.split("\n")):
        if n:
            etree.SubElement(result, _w("br"))
        etree.SubElement(result, _w("t")).text = line
    pieces.append(result)
    pieces.append(etree.fromstring(f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="end"/></w:r>'))
    parent.remove(sdt)
    for offset, piece in enumerate(pieces):
        parent.insert(index + offset, piece)


def _text_controls(root: etree._Element) -> list[etree._Element]:
    return [sdt for sdt in root.iter(_w("sdt")) if sdt.find("w:sdtPr/w:text", NS) is not None]


# --- LibreOffice's own writing ---------------------------------------------------------


def test_fillin_fields_from_an_odt_saved_as_docx_are_read(tmp_path: Path) -> None:
    answers = {**FULL_ANSWERS, "comments": "Première ligne\nDeuxième ligne"}

    def as_libreoffice(root: etree._Element) -> None:
        _drop_tags(root)
        for sdt in _text_controls(root):
            _to_fillin(sdt)

    form = read_form(_edit(_form(tmp_path, answers), as_libreoffice), _resolve)
    assert form.answers == answers
    assert form.problems == ()
    assert form.unmapped == ()


def test_an_unread_field_never_gives_its_bookmark_to_the_next_box(tmp_path: Path) -> None:
    """The "other" text of question 3 is a field we cannot read: question 4 stays right."""
    answers = {**FULL_ANSWERS, "formats": ["soir", "samedi", "other"]}

    def unknown_field(root: etree._Element) -> None:
        _drop_tags(root)
        other_text = root.xpath(
            "//w:bookmarkStart[@w:name='cc3_4']/following-sibling::w:sdt[1]", namespaces=NS
        )[0]
        _to_fillin(other_text)
        for instruction in root.iter(_w("instrText")):
            instruction.text = " MACROBUTTON NoMacro "
        # and the bookmark end is lost: nothing but its start remains
        for end in root.xpath("//w:bookmarkStart[@w:name='cc3_4']", namespaces=NS):
            ident = end.get(_w("id"))
            for mark in root.xpath(f"//w:bookmarkEnd[@w:id='{ident}']", namespaces=NS):
                mark.getparent().remove(mark)

    form = read_form(_edit(_form(tmp_path, answers), unknown_field), _resolve)
    expected = dict(answers)
    del expected["formats.other"]
    assert form.answers == expected
    codes = {(p.code, p.path) for p in form.problems}
    assert ("form.slot_missing", "$.answers.formats") in codes
    assert "Visio le midi" in " ".join(form.unmapped)


def test_lines_written_as_side_by_side_texts_stay_lines(tmp_path: Path) -> None:
    """LibreOffice writes each line of a multi-line answer as its own w:t, without w:br."""

    def side_by_side(root: etree._Element) -> None:
        _drop_tags(root)
        run = _text_controls(root)[-1].find("w:sdtContent/w:r", NS)
        for br in run.findall("w:br", NS):
            run.remove(br)

    answers = {"comments": "Première ligne été\nDeuxième ligne à Tourcoing\n3e ligne"}
    form = read_form(_edit(_form(tmp_path, answers), side_by_side), _resolve)
    assert form.answers == answers


def test_an_x_typed_inside_libreoffice_wrapper_is_reported(tmp_path: Path) -> None:
    def wrap_and_type(root: etree._Element) -> None:
        _drop_tags(root)
        for sdt in [
            s for s in root.iter(_w("sdt")) if s.find("w:sdtPr/w14:checkbox", NS) is not None
        ]:
            wrapper = etree.fromstring(
                f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:id w:val="7"/></w:sdtPr><w:sdtContent/></w:sdt>'
            )
            sdt.addprevious(wrapper)
            wrapper.find("w:sdtContent", NS).append(sdt)
        box = root.xpath("//w:bookmarkStart[@w:name='cc2_1']", namespaces=NS)[0]
        content = box.getnext().find("w:sdtContent", NS)  # the wrapper's content
        content.append(etree.fromstring(f'<w:r xmlns:w="{W}"><w:t>X</w:t></w:r>'))

    form = read_form(_edit(_form(tmp_path, {"college": "habitants"}), wrap_and_type), _resolve)
    assert form.answers == {"college": "habitants"}
    assert form.unmapped == ("X Non",)
    (problem,) = form.problems
    assert problem.code == "form.mark_beside_box"
    assert problem.path == "$.answers.trained"
    assert problem.message_in("fr") == (
        "question 2 (Avez-vous déjà suivi une formation ?) : « X Non » : une marque écrite "
        "à côté d'une case au lieu de la cocher ; vérifiez la réponse"
    )


def test_a_remark_beside_a_box_is_listed_without_a_tick_problem(tmp_path: Path) -> None:
    def remark(root: etree._Element) -> None:
        for t in root.iter(_w("t")):
            if t.text == " Non":
                t.text = " Non (pas encore)"

    form = read_form(_edit(_form(tmp_path, {"trained": "no"}), remark), _resolve)
    assert form.answers == {"trained": "no"}
    assert form.unmapped == ("Non (pas encore)",)
    assert form.problems == ()


# --- a person's edits ----------------------------------------------------------------


def test_a_deleted_matrix_row_is_reported(tmp_path: Path) -> None:
    def delete_row(root: etree._Element) -> None:
        mark = root.xpath("//w:bookmarkStart[@w:name='cc7_4']", namespaces=NS)[0]
        row = next(a for a in mark.iterancestors() if a.tag == _w("tr"))
        row.getparent().remove(row)

    form = read_form(_edit(_form(tmp_path, FULL_ANSWERS), delete_row), _resolve)
    expected = dict(FULL_ANSWERS)
    expected["topics"] = {"politique_ville": "high", "prise_parole": "mid"}
    assert form.answers == expected
    (problem,) = form.problems
    assert problem.code == "form.slot_missing"
    assert problem.message_in("fr") == (
        "question 7 (Intérêt pour chaque thème) : "
        "4 cases ou zones de réponse introuvables dans le document"
    )


def test_a_deleted_paragraph_or_control_is_reported(tmp_path: Path) -> None:
    def delete(root: etree._Element) -> None:
        mark = root.xpath("//w:bookmarkStart[@w:name='cc2_1']", namespaces=NS)[0]
        mark.getparent().getparent().remove(mark.getparent())  # the « Non » paragraph
        _control(root, "cc|name_group").getparent().remove(_control(root, "cc|name_group"))

    form = read_form(_edit(_form(tmp_path, {"trained": "yes"}), delete), _resolve)
    assert form.answers == {"trained": "yes"}
    assert sorted(p.path for p in form.problems) == ["$.answers.name_group", "$.answers.trained"]
    assert {p.code for p in form.problems} == {"form.slot_missing"}


def test_xml_comments_and_processing_instructions_inside_an_answer(tmp_path: Path) -> None:
    def comment(root: etree._Element) -> None:
        t = _control(root, "cc|comments").find(".//w:t", NS)
        t.text = "Comment"
        t.append(etree.Comment(" note "))
        t[-1].tail = "aire 3"
        t.append(etree.ProcessingInstruction("edit", "x"))
        t[-1].tail = " et fin"

    form = read_form(_edit(_form(tmp_path, {"comments": "x"}), comment), _resolve)
    assert form.answers == {"comments": "Commentaire 3 et fin"}


def test_hyphens_tabs_and_symbols_are_read(tmp_path: Path) -> None:
    def special(root: etree._Element) -> None:
        run = _control(root, "cc|name_group").find(".//w:r", NS)
        for child in list(run):
            if child.tag != _w("rPr"):
                run.remove(child)
        for xml in (
            "<w:t>A</w:t>",
            "<w:noBreakHyphen/>",
            "<w:t>B co</w:t>",
            "<w:softHyphen/>",
            "<w:t>opération</w:t>",
            "<w:tab/>",
            '<w:sym w:font="Wingdings" w:char="F0FC"/>',
            '<w:sym w:font="Arial" w:char="00E9"/>',
        ):
            run.append(etree.fromstring(f'<w:x xmlns:w="{W}">{xml}</w:x>')[0])

    form = read_form(_edit(_form(tmp_path, {"name_group": "x"}), special), _resolve)
    assert form.answers == {"name_group": "A\u2011B co\u00adopération\t✓é"}


def test_a_wingdings_tick_in_a_box_is_read(tmp_path: Path) -> None:
    def tick(root: etree._Element) -> None:
        sdt = _control(root, "cc|trained|no")
        checked = sdt.find("w:sdtPr/w14:checkbox/w14:checked", NS)
        checked.getparent().remove(checked)
        run = sdt.find(".//w:r", NS)
        run.remove(run.find("w:t", NS))
        run.append(etree.fromstring(f'<w:sym xmlns:w="{W}" w:font="Wingdings" w:char="F0FD"/>'))

    form = read_form(_edit(_form(tmp_path, {}), tick), _resolve)
    assert form.answers == {"trained": "no"}


def test_word_tracked_deletions_are_not_read(tmp_path: Path) -> None:
    def delete_tracked(root: etree._Element) -> None:
        content = _control(root, "cc|name_group").find("w:sdtContent", NS)
        content.append(
            etree.fromstring(
                f'<w:del xmlns:w="{W}" w:id="90" w:author="P"><w:r><w:delText>ancien</w:delText>'
                "</w:r></w:del>"
            )
        )

    form = read_form(_edit(_form(tmp_path, {"name_group": "Cadre"}), delete_tracked), _resolve)
    assert form.answers == {"name_group": "Cadre"}


def test_a_control_flagged_as_placeholder_with_other_text_is_reported(tmp_path: Path) -> None:
    """Text in a character style, not ours, in a control showing its placeholder."""

    def flag(root: etree._Element) -> None:
        sdt = _control(root, "cc|name_group")
        sdt.find("w:sdtPr", NS).append(etree.fromstring(f'<w:showingPlcHdr xmlns:w="{W}"/>'))
        for run in sdt.iterfind("w:sdtContent//w:r", NS):
            rpr = run.find("w:rPr", NS)
            if rpr is None:
                rpr = etree.SubElement(run, f"{{{W}}}rPr")
                run.insert(0, rpr)
            rpr.insert(
                0, etree.fromstring(f'<w:rStyle xmlns:w="{W}" w:val="Textedelespacerserv"/>')
            )

    form = read_form(_edit(_form(tmp_path, {"name_group": "Cadre de vie"}), flag), _resolve)
    assert "name_group" not in form.answers
    (problem,) = form.problems
    assert problem.code == "form.placeholder_text"
    assert problem.path == "$.answers.name_group"
    assert "« Cadre de vie »" in problem.message


def test_text_typed_over_the_placeholder_with_the_flag_left_is_an_answer(tmp_path: Path) -> None:
    """LibreOffice 7.4 saves a control it filled still flagged as showing its placeholder."""

    def flag(root: etree._Element) -> None:
        pr = _control(root, "cc|name_group").find("w:sdtPr", NS)
        pr.append(etree.fromstring(f'<w:showingPlcHdr xmlns:w="{W}"/>'))

    form = read_form(_edit(_form(tmp_path, {"name_group": "Cadre de vie"}), flag), _resolve)
    assert form.answers == {"name_group": "Cadre de vie"}
    assert form.problems == ()


def test_a_control_repeated_many_times_gives_one_problem(tmp_path: Path) -> None:
    def repeat(root: etree._Element) -> None:
        sdt = _control(root, "cc|trained|yes")
        for _ in range(500):
            sdt.addnext(etree.fromstring(etree.tostring(sdt)))

    form = read_form(_edit(_form(tmp_path, {"trained": "yes"}), repeat), _resolve)
    assert form.answers == {"trained": "yes"}
    (problem,) = form.problems
    assert problem.code == "form.duplicate_control"
    assert "apparaît 500 fois de plus" in problem.message


# --- strict OOXML -----------------------------------------------------------------------

_STRICT = {
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": (
        b"http://purl.oclc.org/ooxml/wordprocessingml/main"
    ),
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
    b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties": (
        b"http://purl.oclc.org/ooxml/officeDocument/customProperties"
    ),
    b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes": (
        b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes"
    ),
}


def _strict(name: str, data: bytes) -> bytes:
    """What Word's « Strict Open XML Document » writes: other namespaces, same vocabulary."""
    if not name.endswith((".xml", ".rels")):
        return data
    for transitional, strict in _STRICT.items():
        data = data.replace(transitional, strict)
    if name.endswith(".rels"):
        data = data.replace(
            b"http://purl.oclc.org/ooxml/officeDocument/relationships/custom-properties",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
        )
    return data


def test_a_strict_ooxml_form_is_read(tmp_path: Path) -> None:
    path = _rewrite(_form(tmp_path, FULL_ANSWERS), _strict)
    with zipfile.ZipFile(path) as archive:
        assert b"purl.oclc.org/ooxml/wordprocessingml" in archive.read("word/document.xml")
        rels = archive.read("_rels/.rels")
    assert re.search(rb"purl\.oclc\.org/ooxml/officeDocument/relationships/officeDocument", rels)
    form = read_form(path, _resolve)
    assert form.answers == FULL_ANSWERS
    assert form.problems == ()
    assert form.unmapped == ()


# --- random answers, random edits: never a silently wrong answer ------------------------

#: Edits of the kinds LibreOffice and people make.
EDIT_KINDS = (
    "drop_tags",  # LibreOffice saving a .docx
    "wrappers",  # LibreOffice's rich-text control around each checkbox
    "fillin",  # an .odt form saved as .docx: text boxes become FILLIN fields
    "side_by_side_lines",  # LibreOffice's multi-line runs
    "xml_comment",  # a comment inside an answer's text
    "x_after_box",  # an X typed right after a box (inside the wrapper)
    "delete_row",  # a matrix or ranking row deleted
    "delete_paragraph",  # a choice or answer paragraph deleted
    "delete_control",  # a control deleted
)


def _slot_marks(root: etree._Element) -> list[etree._Element]:
    return [m for m in root.iter(_w("bookmarkStart")) if (m.get(_w("name")) or "").startswith("cc")]


def _apply(root: etree._Element, kind: str, pick: Callable[[int], int]) -> bool:
    """Apply one edit; return True when it changed what a person sees (text or boxes)."""
    checkboxes = [s for s in root.iter(_w("sdt")) if s.find("w:sdtPr/w14:checkbox", NS) is not None]
    if kind == "drop_tags":
        _drop_tags(root)
    elif kind == "wrappers" or (kind == "x_after_box" and checkboxes):
        for sdt in checkboxes:
            if sdt.getparent().tag == _w("sdtContent"):
                continue
            wrapper = etree.fromstring(
                f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:id w:val="7"/></w:sdtPr><w:sdtContent/></w:sdt>'
            )
            sdt.addprevious(wrapper)
            wrapper.find("w:sdtContent", NS).append(sdt)
        if kind == "x_after_box":
            box = checkboxes[pick(len(checkboxes))]
            box.addnext(etree.fromstring(f'<w:r xmlns:w="{W}"><w:t>X</w:t></w:r>'))
            return True
    elif kind == "fillin":
        _drop_tags(root)
        for sdt in _text_controls(root):
            _to_fillin(sdt)
    elif kind == "side_by_side_lines":
        for sdt in _text_controls(root):
            for br in list(sdt.iter(_w("br"))):
                br.getparent().remove(br)
    elif kind == "xml_comment":
        texts = [
            t for sdt in _text_controls(root) for t in sdt.iter(_w("t")) if t.text and not len(t)
        ]
        if texts:
            t = texts[pick(len(texts))]
            middle = len(t.text) // 2
            t.text, rest = t.text[:middle], t.text[middle:]
            t.append(etree.Comment(" relu "))
            t[-1].tail = rest
    elif kind in ("delete_row", "delete_paragraph", "delete_control"):
        marks = _slot_marks(root)
        if not marks:
            return False
        mark = marks[pick(len(marks))]
        if kind == "delete_control":
            victim = mark.getnext()
            while victim is not None and victim.tag not in (_w("sdt"), _w("r")):
                victim = victim.getnext()
        else:
            wanted = _w("tr") if kind == "delete_row" else _w("p")
            victim = next((a for a in mark.iterancestors() if a.tag == wanted), None)
        if victim is None or victim.getparent() is None:
            return False
        victim.getparent().remove(victim)
        return True
    return False


def _question_of(key: str) -> str:
    return key.split(".", 1)[0]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), questionnaire=questionnaires())
def test_random_answers_and_edits_never_give_a_silently_wrong_answer(
    tmp_path: Path, data: st.DataObject, questionnaire: Questionnaire
) -> None:
    answers = data.draw(answers_for(questionnaire), label="answers")
    kinds = data.draw(st.lists(st.sampled_from(EDIT_KINDS), max_size=4), label="edits")
    blank = tmp_path / "vierge.docx"
    with blank.open("wb") as stream:
        export_docx(questionnaire, stream, ExportOptions())
    filled = tmp_path / "rempli.docx"
    fill_docx(blank, answers, filled, questionnaire=questionnaire)
    visible_edits: list[bool] = []

    def edit(root: etree._Element) -> None:
        for kind in kinds:
            visible_edits.append(
                _apply(
                    root, kind, lambda n, kind=kind: data.draw(st.integers(0, n - 1), label=kind)
                )
            )

    _edit(filled, edit)

    def resolve(ref: QuestionnaireRef, source: str) -> Questionnaire:
        return questionnaire

    form = read_form(filled, resolve)
    expected = _as_read(questionnaire, answers)
    named = {_question_of(p.path.removeprefix("$.answers.")) for p in form.problems}
    for key in set(expected) | set(form.answers):
        if form.answers.get(key) != expected.get(key):
            assert _question_of(key) in named, (key, form.answers.get(key), expected.get(key))
    if any(visible_edits):
        assert form.problems or form.unmapped
    else:  # what LibreOffice does on its own reads exactly, with nothing to report
        assert dict(form.answers) == expected
        assert form.problems == ()
        assert form.unmapped == ()


def _as_read(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """What a form gives back: texts without outer white space, choices in the form's order."""
    result = {k: v.strip() if isinstance(v, str) else v for k, v in answers.items()}
    for question in questionnaire.questions():
        if isinstance(question, MultipleChoice) and question.id in result:
            order = [c.code for c in question.choices] + [OTHER_CODE]
            result[question.id] = sorted(result[question.id], key=order.index)
    return result


def test_fill_writes_into_fillin_fields_too(tmp_path: Path) -> None:
    """An .odt form saved as .docx can be pre-filled like any Word form."""

    def as_libreoffice(root: etree._Element) -> None:
        _drop_tags(root)
        for sdt in _text_controls(root):
            _to_fillin(sdt)

    blank = _edit(_form(tmp_path, {}), as_libreoffice)
    filled = tmp_path / "prerempli.docx"
    fill_docx(blank, FULL_ANSWERS, filled, questionnaire=SAMPLE)
    form = read_form(filled, _resolve)
    assert form.answers == FULL_ANSWERS
    assert form.problems == ()
    assert form.unmapped == ()


def test_a_comment_inside_a_custom_property_does_not_cut_it(tmp_path: Path) -> None:
    def comment(name: str, data: bytes) -> bytes:
        if name != "docProps/custom.xml":
            return data
        marked = data.replace(b"sha256:", b"sha<!-- relu -->256:", 1)
        assert marked != data
        return marked

    path = _rewrite(_form(tmp_path, {"trained": "no"}), comment)
    assert read_form(path, _resolve).answers == {"trained": "no"}


def test_bookmarks_without_ids_still_mark_the_next_control(tmp_path: Path) -> None:
    def drop_ids(root: etree._Element) -> None:
        _drop_tags(root)
        for mark in root.iter(_w("bookmarkStart"), _w("bookmarkEnd")):
            mark.attrib.pop(_w("id"), None)

    path = _edit(_form(tmp_path, FULL_ANSWERS), drop_ids)
    parsed, _package = open_form(path)
    assert all(len(control.bookmarks) == 1 for control in parsed.controls)  # not by position
    form = read_form(path, _resolve)
    assert form.answers == FULL_ANSWERS
    assert form.problems == ()
