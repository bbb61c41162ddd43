""".odt forms as LibreOffice and people leave them: every answer comes back, or is reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conseils_citoyens.formats.odt.fill import fill_odt
from conseils_citoyens.formats.odt.importer import read_odt
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


def test_a_control_flagged_as_placeholder_with_other_text_is_reported(tmp_path: Path) -> None:
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
    assert "quartier" not in form.answers
    (problem,) = form.problems
    assert problem.code == "form.placeholder_text"
    assert problem.path == "$.answers.quartier"
