"""The scan marks in the page header of the .docx and .odt forms, checked in their XML.

LibreOffice's rendering of both is checked in tests/formats/scan (marks black
where the furniture says, nothing printed under them, QR code read on every page).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from defusedxml import ElementTree

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats._scanmarks import (
    QR_MAX_DPI,
    QR_SIDE_MM,
    corner_marks_mm,
    qr_box_mm,
    qr_png,
    scan_qr_text,
    solid_png,
)
from conseils_citoyens.formats.docx.export import export_docx
from conseils_citoyens.formats.odt.export import export_odt
from conseils_citoyens.formats.scan.identity import decode
from conseils_citoyens.survey.questionnaire.model import Respondent
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"
OPTIONS = ExportOptions(respondent=Respondent(token="AB12", council_id="C-7"))


def _export(kind: str, options: ExportOptions = OPTIONS) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    (export_docx if kind == "docx" else export_odt)(standard_questionnaire(), buffer, options)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def _png_size(data: bytes) -> tuple[int, int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth = struct.unpack(">IIB", data[16:25])
    return width, height, depth


def _png_pixels(data: bytes) -> bytes:
    """The decompressed image data of a PNG (its IDAT chunks)."""
    position, found = 8, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        if data[position + 4 : position + 8] == b"IDAT":
            found += data[position + 8 : position + 8 + length]
        position += length + 12
    return zlib.decompress(found)


def test_the_code_names_the_form_the_respondent_and_the_file() -> None:
    text = scan_qr_text(standard_questionnaire(), OPTIONS, "docx")
    assert text is not None
    identity = decode(text)
    assert identity is not None
    assert (identity.token, identity.council_id, identity.source, identity.page) == (
        "AB12",
        "C-7",
        "docx",
        None,
    )
    assert scan_qr_text(standard_questionnaire(), ExportOptions(easy_read=True), "odt") is None


def test_the_qr_picture_is_one_bit_whole_pixels_per_module_at_most_300_dpi() -> None:
    import segno

    text = "CC2|recensement-besoins-formation|1.0|32384178b0bfe6d3|fr|docx|AB12|C-7"
    width, height, depth = _png_size(qr_png(text))
    modules = segno.make_qr(text, error="m", boost_error=False).symbol_size(border=0)[0]
    assert width == height
    assert width % modules == 0
    assert width / (QR_SIDE_MM / 25.4) <= QR_MAX_DPI
    assert depth == 1
    assert _png_size(solid_png()) == (8, 8, 1)
    rows = _png_pixels(solid_png())
    assert rows == b"\x00\x00" * 8  # each row: no filter, 8 black pixels


def test_word_header_anchors_the_marks_and_the_code_on_the_page() -> None:
    package = _export("docx")
    headers = [n for n in package.namelist() if n.startswith("word/header")]
    assert len(headers) == 1
    root = ElementTree.fromstring(package.read(headers[0]))
    anchors = root.findall(f".//{WP}anchor")
    assert len(anchors) == 5
    expected = [*corner_marks_mm(), qr_box_mm()]
    for anchor, (x, y, width, height) in zip(anchors, expected, strict=True):
        assert anchor.get("behindDoc") == "1"
        assert anchor.find(f"{WP}wrapNone") is not None
        horizontal, vertical = anchor.find(f"{WP}positionH"), anchor.find(f"{WP}positionV")
        assert horizontal is not None
        assert vertical is not None
        assert horizontal.get("relativeFrom") == vertical.get("relativeFrom") == "page"
        assert int(horizontal.findtext(f"{WP}posOffset") or 0) == round(x * 36000)
        assert int(vertical.findtext(f"{WP}posOffset") or 0) == round(y * 36000)
        extent = anchor.find(f"{WP}extent")
        assert extent is not None
        assert (extent.get("cx"), extent.get("cy")) == (
            str(round(width * 36000)),
            str(round(height * 36000)),
        )
    # The marks are decorative; the code says what it is and what it holds.
    descriptions = [a.find(f"{WP}docPr").get("descr") for a in anchors]  # type: ignore[union-attr]
    assert descriptions[:4] == ["", "", "", ""]
    assert descriptions[4].startswith("Code QR pour la lecture au scanner : CC2|")
    blips = [a.find(f".//{A}blip").get(f"{R}embed") for a in anchors]  # type: ignore[union-attr]
    assert len(set(blips[:4])) == 1
    assert blips[4] != blips[0]
    rels = ElementTree.fromstring(
        package.read(headers[0].replace("word/", "word/_rels/") + ".rels")
    )
    targets = {r.get("Id"): r.get("Target") for r in rels}
    qr = package.read("word/" + str(targets[blips[4]]))
    assert qr == qr_png(descriptions[4].split(" : ", 1)[1])
    # The header paragraph is tiny: the body starts where it did (2 cm margin).
    paragraphs = root.findall(f"{W}p")
    assert len(paragraphs) == 1
    assert paragraphs[0].find(f"{W}pPr/{W}spacing").get(f"{W}line") == "40"  # type: ignore[union-attr]


def test_odt_header_holds_the_marks_and_the_code_placed_on_the_page() -> None:
    package = _export("odt")
    root = ElementTree.fromstring(package.read("styles.xml"))
    header = root.find(f".//{STYLE}master-page/{STYLE}header")
    assert header is not None
    rects = header.findall(f".//{DRAW}rect")
    frames = header.findall(f".//{DRAW}frame")
    assert len(rects) == 4
    assert len(frames) == 1

    def mm(value: str | None) -> float:
        assert value is not None
        assert value.endswith("mm")
        return float(value[:-2])

    for shape, box in zip([*rects, *frames], [*corner_marks_mm(), qr_box_mm()], strict=True):
        place = (
            mm(shape.get(f"{SVG}x")),
            mm(shape.get(f"{SVG}y")),
            mm(shape.get(f"{SVG}width")),
            mm(shape.get(f"{SVG}height")),
        )
        assert place == pytest.approx(box)
    styles = {s.get(f"{STYLE}name"): s for s in root.iter(f"{STYLE}style")}
    for shape in (rects[0], frames[0]):
        properties = styles[shape.get(f"{DRAW}style-name")].find(f"{STYLE}graphic-properties")
        assert properties is not None
        assert properties.get(f"{STYLE}vertical-rel") == "page"
        assert properties.get(f"{STYLE}horizontal-rel") == "page"
        assert properties.get(f"{STYLE}wrap") == "run-through"
    image = frames[0].find(f"{DRAW}image")
    assert image is not None
    title = frames[0].findtext(f"{SVG}title")
    desc = frames[0].findtext(f"{SVG}desc")
    assert title == "Code QR pour la lecture au scanner"
    assert desc is not None
    assert decode(desc) is not None
    assert package.read(str(image.get(f"{XLINK}href"))) == qr_png(desc)
    # The header takes the end of the 2 cm top margin: the body starts where it did.
    layout = root.find(f".//{STYLE}page-layout")
    assert layout is not None
    top = layout.find(f"{STYLE}page-layout-properties").get(f"{FO}margin-top")  # type: ignore[union-attr]
    height = layout.find(f"{STYLE}header-style/{STYLE}header-footer-properties").get(  # type: ignore[union-attr]
        f"{FO}min-height"
    )
    assert float(str(top)[:-2]) + float(str(height)[:-2]) == pytest.approx(2.0)


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_the_easy_read_form_carries_no_scan_marks(kind: str) -> None:
    package = _export(kind, ExportOptions(easy_read=True))
    assert not [n for n in package.namelist() if "header" in n or n.startswith("Pictures/")]
    if kind == "odt":
        assert b"<style:header>" not in package.read("styles.xml")
