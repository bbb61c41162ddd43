""".odt forms as LibreOffice and people leave them: every answer comes back, or is reported."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.odt.export import export_odt
from conseils_citoyens.formats.odt.fill import fill_odt
from conseils_citoyens.formats.odt.importer import read_odt
from conseils_citoyens.formats.slots import choices_of
from conseils_citoyens.survey.questionnaire.model import OTHER_CODE, MultipleChoice, Questionnaire
from conseils_citoyens.testing import answers_for, questionnaires
from tests.odt_helpers import SAMPLE, SAMPLE_ANSWERS, exported, resolver, rewrite, write


def _filled(tmp_path: Path, answers: dict[str, Any]) -> Path:
    target = tmp_path / "filled.odt"
    fill_odt(exported(), answers, target, questionnaire=SAMPLE)
    return target


def test_text_deleted_under_tracked_changes_is_not_typed_text(tmp_path: Path) -> None:
    """A box ticked with « record changes » on: LibreOffice keeps the old ☐ as a deletion."""
    path = _filled(tmp_path, SAMPLE_ANSWERS)

    def track(xml: bytes) -> bytes:
        region = (
            b"<text:tracked-changes>"
            b'<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion>'
            b"<office:change-info><dc:creator>P</dc:creator>"
            b"<dc:date>2026-11-29T10:00:00</dc:date></office:change-info>"
            b"<text:p>\xe2\x98\x90</text:p><text:p>Ancienne r\xc3\xa9ponse</text:p>"
            b"</text:deletion></text:changed-region></text:tracked-changes>"
        )
        xml = xml.replace(b"<office:text>", b"<office:text>" + region, 1)
        if b"xmlns:dc=" not in xml:
            xml = xml.replace(
                b"<office:document-content ",
                b'<office:document-content xmlns:dc="http://purl.org/dc/elements/1.1/" ',
                1,
            )
        # the deletion point, inside the answer's paragraph
        return xml.replace(b"Les Aubiers", b'Les <text:change text:change-id="ct1"/>Aubiers', 1)

    write(path, rewrite(path.read_bytes(), "content.xml", track))
    form = read_odt(path, resolver())
    assert dict(form.answers) == {**SAMPLE_ANSWERS, "quartier": "Les Aubiers"}
    assert form.problems == ()
    assert form.unmapped == ()


def test_a_comment_in_an_answer_is_reported_not_mixed_in(tmp_path: Path) -> None:
    path = _filled(tmp_path, SAMPLE_ANSWERS)

    def annotate(xml: bytes) -> bytes:
        note = (
            b"<office:annotation><dc:creator>P</dc:creator>"
            b"<text:p>Je ne suis pas s\xc3\xbbre</text:p></office:annotation>"
        )
        xml = xml.replace(b"Les Aubiers", b"Les Aubiers" + note, 1)
        if b"xmlns:dc=" not in xml:
            xml = xml.replace(
                b"<office:document-content ",
                b'<office:document-content xmlns:dc="http://purl.org/dc/elements/1.1/" ',
                1,
            )
        return xml

    write(path, rewrite(path.read_bytes(), "content.xml", annotate))
    form = read_odt(path, resolver())
    assert dict(form.answers) == SAMPLE_ANSWERS
    assert form.unmapped == ("Je ne suis pas sûre",)


def test_an_x_typed_beside_a_box_names_the_question(tmp_path: Path) -> None:
    path = _filled(tmp_path, {"quartier": "Nord"})

    def type_x(xml: bytes) -> bytes:
        marker = b'<text:bookmark-end text:name="cc3_1"/>'
        assert marker in xml
        return xml.replace(marker, marker + b"<text:span>X</text:span>", 1)

    write(path, rewrite(path.read_bytes(), "content.xml", type_x))
    form = read_odt(path, resolver())
    assert dict(form.answers) == {"quartier": "Nord"}
    assert form.unmapped == ("X Non",)
    (problem,) = form.problems
    assert problem.code == "form.mark_beside_box"
    assert problem.path == "$.answers.forme"


@pytest.mark.parametrize("style", ["cc_20_Placeholder", "Texte_20_à_20_remplacer"])
def test_a_control_flagged_as_placeholder_with_other_text_is_reported(
    tmp_path: Path, style: str
) -> None:
    """Text in the placeholder style, not ours, in a control showing its placeholder."""
    path = _filled(tmp_path, {"quartier": "Les Aubiers"})

    def flag(xml: bytes) -> bytes:
        marked = xml.replace(
            b'<text:bookmark-start text:name="cc8_0"/><loext:content-control>'
            b"<text:span>Les Aubiers",
            b'<text:bookmark-start text:name="cc8_0"/>'
            b'<loext:content-control loext:showing-place-holder="true">'
            b'<text:span text:style-name="' + style.encode() + b'">Les Aubiers',
        )
        assert marked != xml
        return marked

    write(path, rewrite(path.read_bytes(), "content.xml", flag))
    form = read_odt(path, resolver())
    assert "quartier" not in form.answers
    (problem,) = form.problems
    assert problem.code == "form.placeholder_text"
    assert problem.path == "$.answers.quartier"


def test_text_typed_over_the_placeholder_with_the_flag_left_is_an_answer(tmp_path: Path) -> None:
    """LibreOffice 7.4 leaves a control flagged as showing its placeholder after typing."""
    path = _filled(tmp_path, {"quartier": "Les Aubiers"})

    def flag(xml: bytes) -> bytes:
        marked = xml.replace(
            b'<text:bookmark-start text:name="cc8_0"/><loext:content-control>',
            b'<text:bookmark-start text:name="cc8_0"/>'
            b'<loext:content-control loext:showing-place-holder="true">',
        )
        assert marked != xml
        return marked

    write(path, rewrite(path.read_bytes(), "content.xml", flag))
    form = read_odt(path, resolver())
    assert dict(form.answers) == {"quartier": "Les Aubiers"}
    assert form.problems == ()


# --- random answers, random edits: never a silently wrong answer ------------------------

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
EDIT_KINDS = ("tracked_deletion", "annotation", "x_after_box", "delete_row", "delete_paragraph")


def _apply(root: Any, kind: str, pick: Callable[[int], int]) -> bool:
    """Apply one edit to content.xml; return True when it changed what a person sees."""
    from lxml import etree

    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    marks = [
        m
        for m in body.iter(f"{{{TEXT}}}bookmark-start")
        if m.get(f"{{{TEXT}}}name", "").startswith("cc")
    ]
    if kind == "tracked_deletion":
        region = etree.fromstring(
            f'<text:tracked-changes xmlns:text="{TEXT}" xmlns:office="{OFFICE}">'
            '<text:changed-region text:id="ct9"><text:deletion><office:change-info/>'
            "<text:p>☐</text:p><text:p>X ancienne réponse</text:p>"
            "</text:deletion></text:changed-region></text:tracked-changes>"
        )
        body.insert(0, region)
        return False
    if not marks:
        return False
    mark = marks[pick(len(marks))]
    paragraph = mark.getparent()
    while paragraph is not None and paragraph.tag not in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
        paragraph = paragraph.getparent()
    if kind == "annotation":
        note = etree.fromstring(
            f'<office:annotation xmlns:office="{OFFICE}" xmlns:text="{TEXT}">'
            "<text:p>Relu par Mme D.</text:p></office:annotation>"
        )
        paragraph.append(note)
        return True
    if kind == "x_after_box":
        control = mark.getnext()
        if control is None or control.get(f"{{{LOEXT}}}checkbox") != "true":
            return False
        span = etree.fromstring(f'<text:span xmlns:text="{TEXT}">X</text:span>')
        control.addnext(span)
        return True
    if kind == "delete_row":
        row = next((a for a in mark.iterancestors() if a.tag.endswith("}table-row")), None)
        if row is None:
            return False
        row.getparent().remove(row)
        return True
    paragraph.getparent().remove(paragraph)
    return True


def _document_order(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    result = {k: v.strip() if isinstance(v, str) else v for k, v in answers.items()}
    for question in questionnaire.questions():
        if isinstance(question, MultipleChoice) and question.id in result:
            order = [c.code for c in choices_of(question)] + [OTHER_CODE]
            result[question.id] = sorted(result[question.id], key=order.index)
    return result


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), questionnaire=questionnaires())
def test_random_answers_and_edits_never_give_a_silently_wrong_answer(
    data: st.DataObject, questionnaire: Questionnaire, tmp_path_factory: Any
) -> None:
    from lxml import etree

    answers = data.draw(answers_for(questionnaire), label="answers")
    kinds = data.draw(st.lists(st.sampled_from(EDIT_KINDS), max_size=4), label="edits")
    blank = io.BytesIO()
    export_odt(questionnaire, blank, ExportOptions())
    path = tmp_path_factory.mktemp("edits") / "form.odt"
    fill_odt(blank.getvalue(), answers, path, questionnaire=questionnaire)
    visible: list[bool] = []

    def edit(xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        for kind in kinds:
            visible.append(
                _apply(
                    root, kind, lambda n, kind=kind: data.draw(st.integers(0, n - 1), label=kind)
                )
            )
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))

    write(path, rewrite(path.read_bytes(), "content.xml", edit))
    form = read_odt(path, resolver(questionnaire))
    expected = _document_order(questionnaire, answers)
    named = {p.path.removeprefix("$.answers.").split(".", 1)[0] for p in form.problems}
    for key in set(expected) | set(form.answers):
        if form.answers.get(key) != expected.get(key):
            assert key.split(".", 1)[0] in named, (key, form.answers.get(key), expected.get(key))
    if any(visible):
        assert form.problems or form.unmapped
    else:  # what LibreOffice does on its own reads exactly, with nothing to report
        assert dict(form.answers) == expected
        assert form.problems == ()
        assert form.unmapped == ()


def test_a_comment_inside_a_property_does_not_cut_it(tmp_path: Path) -> None:
    path = _filled(tmp_path, {"quartier": "Nord"})

    def comment(xml: bytes) -> bytes:
        marked = xml.replace(b"sha256:", b"sha<!-- relu -->256:", 1)
        assert marked != xml
        return marked

    write(path, rewrite(path.read_bytes(), "meta.xml", comment))
    assert dict(read_odt(path, resolver()).answers) == {"quartier": "Nord"}
