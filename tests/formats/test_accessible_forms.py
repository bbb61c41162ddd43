"""Digital forms for everyone: document language, real headings, table header rows, alt text.

Checked on the XML of the standard and easy-read forms, in Word and OpenDocument.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.slots import question_numbers
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {
    "w": W,
    "wp": WP,
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def _parts(fmt: str, easy_read: bool) -> dict[str, etree._Element]:
    questionnaire = standard_questionnaire()
    stream = io.BytesIO()
    if fmt == "docx":
        from conseils_citoyens.formats.docx.export import export_docx

        export_docx(questionnaire, stream, ExportOptions(easy_read=easy_read))
        names = ("word/document.xml", "word/styles.xml", "docProps/core.xml")
    else:
        from conseils_citoyens.formats.odt.export import export_odt

        export_odt(questionnaire, stream, ExportOptions(easy_read=easy_read))
        names = ("content.xml", "styles.xml", "meta.xml")
    with zipfile.ZipFile(stream) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in names}


@pytest.mark.parametrize("easy_read", [False, True])
def test_word_form_is_accessible(easy_read: bool) -> None:
    parts = _parts("docx", easy_read)
    body, styles, core = (
        parts["word/document.xml"],
        parts["word/styles.xml"],
        parts["docProps/core.xml"],
    )
    # the document language, for screen readers and spelling
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(f"{{{W}}}val") == "fr-FR"
    assert "fr-FR" in etree.tostring(core).decode()
    # real headings: the title, the sections, and each question at outline level 2
    outline = {
        style.get(f"{{{W}}}styleId"): style.find("w:pPr/w:outlineLvl", NS)
        for style in styles.iter(f"{{{W}}}style")
    }
    used = [p.get(f"{{{W}}}val") for p in body.iterfind(".//w:pPr/w:pStyle", NS)]
    assert used[0] == "Title"
    assert "Heading1" in used
    assert outline["CcQuestion"] is not None
    assert outline["CcQuestion"].get(f"{{{W}}}val") == "1"
    questions = used.count("CcQuestion")
    assert questions >= len(question_numbers(standard_questionnaire()))
    # every table of boxes has a header row, repeated on each page
    for table in body.iter(f"{{{W}}}tbl"):
        if len(table.findall("w:tblGrid/w:gridCol", NS)) > 1:
            first = table.find("w:tr", NS)
            assert first.find("w:trPr/w:tblHeader", NS) is not None
    # anything graphical has a text alternative
    for frame in body.iter(f"{{{WP}}}docPr"):
        assert (frame.get("descr") or "").strip(), "image without alternative text"


@pytest.mark.parametrize("easy_read", [False, True])
def test_opendocument_form_is_accessible(easy_read: bool) -> None:
    parts = _parts("odt", easy_read)
    content, styles, meta = parts["content.xml"], parts["styles.xml"], parts["meta.xml"]
    assert meta.findtext(".//dc:language", namespaces=NS) == "fr-FR"
    default = styles.find(".//style:default-style/style:text-properties", NS)
    assert default.get(f"{{{NS['fo']}}}language") == "fr"
    levels = [
        int(h.get(f"{{{NS['text']}}}outline-level")) for h in content.iterfind(".//text:h", NS)
    ]
    assert levels.count(1) >= 4  # sections and the closing block
    assert levels.count(2) >= len(question_numbers(standard_questionnaire()))
    for table in content.iterfind(".//table:table", NS):
        if len(table.findall("table:table-column", NS)) > 1:
            assert table.find("table:table-header-rows", NS) is not None
    for frame in content.iterfind(".//draw:frame", NS):
        assert (
            frame.findtext("svg:title", namespaces=NS)
            or frame.findtext("svg:desc", namespaces=NS)
            or ""
        ).strip()
