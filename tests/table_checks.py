"""Structural checks of laid-out tables, shared by the Word and OpenDocument tests."""

from __future__ import annotations

import io
import zipfile

from defusedxml import ElementTree

from conseils_citoyens.formats._textwidth import widest_word_cm

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_CM = 1440 / 2.54
PADDING_CM = 0.1


def _text(element: object) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))  # type: ignore[attr-defined]


def check_docx_tables(data: bytes) -> int:
    """Assert every table fills its section's text width with fixed, whole-word columns.

    Returns the number of tables checked. The section of a table is the next
    ``w:sectPr`` in the body (a paragraph's, or the body's last one).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    body = root.find(f"{W}body")
    assert body is not None
    pending: list[object] = []
    checked = 0
    for child in body:
        if child.tag == f"{W}tbl":
            pending.append(child)
        sect = child if child.tag == f"{W}sectPr" else child.find(f"{W}pPr/{W}sectPr")
        if sect is None:
            continue
        size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        text_width = (
            int(size.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))
        )
        for table in pending:
            _check_docx_table(table, text_width)
            checked += 1
        pending = []
    assert not pending, "tables after the last section properties"
    return checked


def _check_docx_table(table: object, text_width: int) -> None:
    assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"  # type: ignore[attr-defined]
    grid = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]  # type: ignore[attr-defined]
    assert sum(grid) == text_width
    rows = table.findall(f"{W}tr")  # type: ignore[attr-defined]
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    for row in rows:
        assert row.find(f"{W}trPr/{W}cantSplit") is not None
        cells = row.findall(f"{W}tc")
        assert [int(c.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for c in cells] == grid
    for cell, width in zip(rows[0].findall(f"{W}tc"), grid, strict=True):
        sizes = [int(s.get(f"{W}val")) / 2 for s in cell.iter(f"{W}sz")]
        size = max(sizes, default=11.0)
        assert size >= 9
        word = widest_word_cm([_text(cell)], size)
        assert word + 2 * PADDING_CM <= width / TWIPS_PER_CM, _text(cell)


def docx_footer_fields(data: bytes) -> list[str]:
    """The field instructions of the document's footers."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n.startswith("word/footer")]
        roots = [ElementTree.fromstring(archive.read(n)) for n in names]
    return [
        (f.get(f"{W}instr") or "").strip() for root in roots for f in root.iter(f"{W}fldSimple")
    ]


def check_odt_tables(data: bytes) -> int:
    """Assert every table column has an absolute and a relative width summing to the table's."""
    from odf import opendocument
    from odf.namespaces import STYLENS, TABLENS
    from odf.table import Table, TableColumn

    document = opendocument.load(io.BytesIO(data))
    styles = {s.getAttrNS(STYLENS, "name"): s for s in document.automaticstyles.childNodes}

    def props(name: str, kind: str) -> dict[str, str]:
        for child in styles[name].childNodes:
            if child.qname[1] == kind:
                return {k[1]: v for k, v in child.attributes.items()}
        return {}

    tables = document.text.getElementsByType(Table)
    for table in tables:
        width = float(
            props(table.getAttrNS(TABLENS, "style-name"), "table-properties")["width"].removesuffix(
                "cm"
            )
        )
        columns = [
            props(c.getAttrNS(TABLENS, "style-name"), "table-column-properties")
            for c in table.getElementsByType(TableColumn)
        ]
        assert all("column-width" in c and "rel-column-width" in c for c in columns)
        total = sum(float(c["column-width"].removesuffix("cm")) for c in columns)
        assert abs(total - width) < 0.05
    return len(tables)
