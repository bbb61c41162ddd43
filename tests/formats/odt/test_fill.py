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


# --- a hostile form given to fill: checked like any document we read ----------------


@pytest.mark.parametrize(
    ("case", "error", "words"),
    [
        ("bomb_odt", "DocumentTooLargeError", "content.xml"),
        ("xxe_odt", "UnsafeDocumentError", "DOCTYPE"),
        ("truncated_odt", "NotADocumentError", "tronquée ou corrompue"),
    ],
)
def test_a_hostile_form_is_refused_before_anything_is_inflated(
    case: str, error: str, words: str, tmp_path: Path
) -> None:
    """Before: the 150 MB content.xml of a bomb was inflated in memory, whole."""
    from tests.hostile_forms import corpus_module

    source = corpus_module().make_corpus(tmp_path / "corpus", [case])[case]
    target = tmp_path / "rempli.odt"
    with pytest.raises(DocumentError) as caught:
        fill_odt(source, SAMPLE_ANSWERS, target, questionnaire=SAMPLE)
    assert type(caught.value).__name__ == error
    assert words in caught.value.message_in("fr")
    assert caught.value.message_in("fr").startswith(str(source))
    assert not target.exists()


def test_a_form_needing_a_later_zip_version_is_refused(tmp_path: Path) -> None:
    """Before: zipfile's NotImplementedError (« zip file version 6.4 ») escaped."""
    data = bytearray(exported())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 6 : at + 8] = (64).to_bytes(2, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    with pytest.raises(DocumentError):
        fill_odt(bytes(data), SAMPLE_ANSWERS, io.BytesIO(), questionnaire=SAMPLE)
