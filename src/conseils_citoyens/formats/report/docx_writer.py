"""Lay out a report as a Word document (.docx) with python-docx.

French language on every style, the title in the document properties, real
Heading styles, fonts of 11 pt or more, page numbers in the footer, tables
whose header row repeats on each page; A4 landscape so that wide tables stay
readable.
"""

from __future__ import annotations

from typing import IO, Any

from conseils_citoyens.formats.report.content import (
    BulletList,
    Heading,
    Paragraph,
    ReportDocument,
    Table,
)

#: Smallest font size used anywhere (points).
BODY_PT = 11


def _set_language(element: Any, lang: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    found = rpr.find(qn("w:lang"))
    if found is None:
        found = OxmlElement("w:lang")
        rpr.append(found)
    found.set(qn("w:val"), lang)
    found.set(qn("w:eastAsia"), lang)
    found.set(qn("w:bidi"), lang)


def _doc_defaults_language(document: Any, lang: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), lang)
    lang_el.set(qn("w:eastAsia"), lang)
    lang_el.set(qn("w:bidi"), lang)


def _add_page_number(paragraph: Any, prefix: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run(prefix)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    tr_pr.append(cant_split)


def write_docx(report: ReportDocument, stream: IO[bytes]) -> None:
    """Write ``report`` as a .docx document to ``stream``."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    lang = "fr-FR" if report.lang == "fr" else "en-GB"
    document = Document()
    props = document.core_properties
    props.title = report.title
    props.subject = report.subject
    props.language = lang
    props.author = "conseils-citoyens"
    props.comments = ""
    _doc_defaults_language(document, lang)
    for style in document.styles:
        if getattr(style, "font", None) is None:
            continue
        element = style.element
        if element.rPr is not None or style.name in ("Normal",):
            _set_language(element, lang)
        size = style.font.size
        if size is not None and size.pt < BODY_PT:
            style.font.size = Pt(BODY_PT)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.name = "Arial"

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_number(footer, "Page ")

    for block in report.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=min(block.level, 4))
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(block.text)
            run.italic = block.note
        elif isinstance(block, BulletList):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            caption = document.add_paragraph()
            caption_run = caption.add_run(block.caption)
            caption_run.bold = True
            caption.paragraph_format.keep_with_next = True
            table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = document.styles["Table Grid"]
            for index, name in enumerate(block.header):
                cell = table.rows[0].cells[index]
                cell.text = ""
                run = cell.paragraphs[0].add_run(name)
                run.bold = True
            _repeat_header(table.rows[0])
            for row_index, values in enumerate(block.rows, start=1):
                cells = table.rows[row_index].cells
                for index, value in enumerate(values):
                    cells[index].text = value
            document.add_paragraph()
    document.save(stream)
