"""fill_odt: fills an exported form the way LibreOffice does."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree

from conseils_citoyens.errors import DocumentError
from conseils_citoyens.formats.odt.fill import fill_odt
from tests.odt_helpers import SAMPLE, SAMPLE_ANSWERS, exported, part

LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _controls(data: bytes) -> list[etree._Element]:
    return etree.fromstring(part(data, "content.xml")).findall(f".//{{{LOEXT}}}content-control")


def test_ticked_boxes_get_the_state_and_the_glyph(tmp_path: Path) -> None:
    target = tmp_path / "filled.odt"
    fill_odt(exported(), {"college": "acteurs", "forme": "no"}, target, questionnaire=SAMPLE)
    boxes = [c for c in _controls(target.read_bytes()) if c.get(f"{{{LOEXT}}}checkbox")]
    states = [(c.get(f"{{{LOEXT}}}checked"), "".join(c.itertext())) for c in boxes]
    assert states[1] == ("true", "☒")  # college = acteurs
    assert states[7] == ("true", "☒")  # forme = no
    assert sum(1 for s in states if s[0] == "true") == 2
    assert all(glyph == "☐" for checked, glyph in states if checked == "false")


def test_text_replaces_the_placeholder_with_line_breaks() -> None:
    out = io.BytesIO()
    fill_odt(io.BytesIO(exported()), SAMPLE_ANSWERS, out, questionnaire=SAMPLE)
    texts = [c for c in _controls(out.getvalue()) if not c.get(f"{{{LOEXT}}}checkbox")]
    assert all(c.get(f"{{{LOEXT}}}showing-place-holder") is None for c in texts)
    last = texts[-1]
    assert last.find(f".//{{{TEXT}}}line-break") is not None
    assert "".join(last.itertext()) == "Première ligneDeuxième ligne"


def test_empty_answers_leave_the_form_blank() -> None:
    out = io.BytesIO()
    fill_odt(exported(), {}, out, questionnaire=SAMPLE)
    assert part(out.getvalue(), "content.xml").count(b'loext:checked="true"') == 0
    assert part(out.getvalue(), "mimetype") == b"application/vnd.oasis.opendocument.text"


def test_not_an_odt_is_a_document_error() -> None:
    with pytest.raises(DocumentError, match="odt"):
        fill_odt(b"not a zip", {}, io.BytesIO(), questionnaire=SAMPLE)
