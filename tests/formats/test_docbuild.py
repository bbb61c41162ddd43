"""The generic document builders: structure, language, title, headings, tables, footer."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from conseils_citoyens.formats._docbuild import (
    BODY_PT,
    DocumentBuilder,
    DocxBuilder,
    OdtBuilder,
    builder_for,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _fill(builder: DocumentBuilder) -> bytes:
    builder.heading("Section", 1)
    builder.paragraph("du 1er au 2", label="Période :")
    builder.bullets(["un", "deux"])
    builder.heading("Sous-section", 2)
    builder.table(["A", "B"], [["1", "2"], ["3", "ligne 1\nligne 2"]])
    stream = io.BytesIO()
    builder.save(stream)
    return stream.getvalue()


def test_docx_builder_writes_an_accessible_document() -> None:
    import docx
    from docx.oxml.ns import qn

    data = _fill(DocxBuilder(title="Mon titre", lang="fr", subject="Sujet"))
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "Mon titre"
    assert document.core_properties.language == "fr-FR"
    assert document.core_properties.subject == "Sujet"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "fr-FR"
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert styled[0] == ("Title", "Mon titre")
    assert ("Heading 1", "Section") in styled
    assert ("Heading 2", "Sous-section") in styled
    assert ("List Bullet", "deux") in styled
    label_run = next(p for p in document.paragraphs if p.text.startswith("Période")).runs[0]
    assert label_run.bold
    assert label_run.text == "Période\u00a0:"  # French typography: no break before the colon
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells] == ["A", "B"]
    assert table.rows[2].cells[1].text == "ligne 1\nligne 2"
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    footer_xml = document.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml
    assert "Page " in document.sections[0].footer.paragraphs[0].text
    assert document.styles["Normal"].font.size.pt == BODY_PT


def test_docx_text_is_never_below_11_points() -> None:
    import docx

    data = _fill(DocxBuilder(title="T"))
    document = docx.Document(io.BytesIO(data))

    def size(style: object) -> float:
        while style is not None:
            font_size = style.font.size  # type: ignore[attr-defined]
            if font_size is not None:
                return float(font_size.pt)
            style = style.base_style  # type: ignore[attr-defined]
        return 11.0  # docDefaults: w:sz 22 half-points

    paragraphs = list(document.paragraphs)
    paragraphs += [
        p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    paragraphs += document.sections[0].footer.paragraphs
    for paragraph in paragraphs:
        assert size(paragraph.style) >= 11, paragraph.style.name
        for run in paragraph.runs:
            assert run.font.size is None or run.font.size.pt >= 11


def test_odt_builder_writes_an_accessible_document() -> None:
    from odf import dc, opendocument, table, text
    from odf.namespaces import STYLENS, TABLENS, TEXTNS

    data = _fill(OdtBuilder(title="Mon titre", lang="fr"))
    document = opendocument.load(io.BytesIO(data))
    assert str(document.meta.getElementsByType(dc.Title)[0]) == "Mon titre"
    assert str(document.meta.getElementsByType(dc.Language)[0]) == "fr-FR"
    headings = [
        (h.getAttrNS(TEXTNS, "outline-level"), h.getAttrNS(TEXTNS, "style-name"), str(h))
        for h in document.text.getElementsByType(text.H)
    ]
    assert headings == [("1", "Heading_20_1", "Section"), ("2", "Heading_20_2", "Sous-section")]
    styles = {
        s.getAttrNS(STYLENS, "name"): s for s in document.styles.childNodes if s.qname[1] == "style"
    }
    assert styles["Heading_20_1"].getAttrNS(STYLENS, "default-outline-level") == "1"
    assert styles["Heading_20_2"].getAttrNS(STYLENS, "display-name") == "Heading 2"
    [tab] = document.text.getElementsByType(table.Table)
    header_rows = tab.getElementsByType(table.TableHeaderRows)
    assert len(header_rows) == 1
    assert [str(c) for c in header_rows[0].getElementsByType(table.TableCell)] == ["A", "B"]
    assert len(tab.getElementsByType(table.TableRow)) == 3
    assert len(document.text.getElementsByType(text.ListItem)) == 2
    assert document.masterstyles.getElementsByType(text.PageNumber)
    assert tab.getAttrNS(TABLENS, "name") == "Tableau1"


def test_odt_sizes_and_language_in_styles() -> None:
    data = _fill(OdtBuilder(title="T", lang="fr"))
    styles = zipfile.ZipFile(io.BytesIO(data)).read("styles.xml").decode()
    assert 'fo:language="fr"' in styles
    assert 'fo:country="FR"' in styles

    sizes = [float(v) for v in re.findall(r'fo:font-size="([0-9.]+)pt"', styles)]
    assert sizes
    assert min(sizes) >= 11


def test_english_documents_say_so() -> None:
    import docx

    data = _fill(DocxBuilder(title="T", lang="en"))
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.language == "en-GB"
    assert document.sections[0].footer.paragraphs[0].text == "Page  of "  # the numbers are fields


@pytest.mark.parametrize("name", ["docx", "odt"])
def test_rows_must_match_the_header(name: str) -> None:
    builder = builder_for(name, title="T")
    with pytest.raises(ValueError, match=r"cells|argument"):
        builder.table(["A", "B"], [["1"]])


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown"):
        builder_for("pdf", title="T")


def test_docx_tables_have_computed_widths_and_numpages() -> None:
    from tests.table_checks import check_docx_tables, docx_footer_fields

    builder = DocxBuilder(title="T")
    builder.table(
        ["Date", "Séance", "Format", "Lieu", "Notions abordées"],
        [
            [
                "17 septembre 2025",
                "Comprendre la gestion urbaine",
                "formation",
                "—",
                "GUSP\ncontrat de ville",
            ]
        ],
    )
    stream = io.BytesIO()
    builder.save(stream)
    assert check_docx_tables(stream.getvalue()) == 1
    assert docx_footer_fields(stream.getvalue()) == ["PAGE", "NUMPAGES"]


def test_odt_tables_have_column_widths() -> None:
    from tests.table_checks import check_odt_tables

    builder = OdtBuilder(title="T")
    builder.table(
        ["Date", "Séance", "Format"], [["4 octobre 2025", "Marche exploratoire", "atelier"]]
    )
    stream = io.BytesIO()
    builder.save(stream)
    assert check_odt_tables(stream.getvalue()) == 1
