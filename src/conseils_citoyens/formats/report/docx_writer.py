"""Lay out a report as a Word document (.docx) with python-docx.

French language on every style, the title in the document properties, real
Heading styles, fonts of 11 pt or more (table headers may shrink to 9 pt
when a table would not fit otherwise), « Page N sur M » in the footer, tables
with computed column widths whose header row repeats on each page and whose
rows never split. A4 portrait; a part whose tables need more room goes on
landscape pages (:mod:`~conseils_citoyens.formats.report.layout`).
"""

from __future__ import annotations

from typing import IO, Any

from conseils_citoyens.formats.report import layout
from conseils_citoyens.formats.report.content import (
    BAR_FULL_CM,
    Bar,
    Block,
    BulletList,
    Heading,
    Paragraph,
    ReportDocument,
    Table,
)

#: Smallest font size of text (points); table headers may use layout.SMALL_HEADER_PT.
BODY_PT = 11
TWIPS_PER_CM = 1440 / 2.54


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


def _field(paragraph: Any, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _add_page_number(paragraph: Any, lang: str) -> None:
    """« Page N sur M » (English: "Page N of M") with PAGE and NUMPAGES fields."""
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" sur " if lang == "fr" else " of ")
    _field(paragraph, "NUMPAGES")


def _page(section: Any, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    short, long = Cm(layout.PAGE_SHORT_CM), Cm(layout.PAGE_LONG_CM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(layout.MARGIN_CM))


def _bar_cell(cell: Any, value: str, what: str) -> None:
    """A grey bar as long as its share (a picture with alternative text), then the text."""
    from docx.shared import Cm

    paragraph = cell.paragraphs[0]
    if isinstance(value, Bar) and value.fraction > 0:
        import io

        run = paragraph.add_run()
        shape = run.add_picture(
            io.BytesIO(layout.grey_png()),
            width=Cm(max(value.fraction * BAR_FULL_CM, 0.02)),
            height=Cm(layout.BAR_HEIGHT_CM),
        )
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", f"{what} — {value}" if what else str(value))
        doc_pr.set("title", str(value))
    if value:
        paragraph.add_run(("\u00a0" if isinstance(value, Bar) else "") + str(value))


def _table(document: Any, block: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from conseils_citoyens.formats._docbuild import docx_fix_table, docx_text_width_twips

    caption = document.add_paragraph()
    caption.add_run(block.caption).bold = True
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(10)
    caption.paragraph_format.space_after = Pt(4)
    section = document.sections[-1]
    total_twips = docx_text_width_twips(section)
    plan = layout.table_layout(block, total_twips / TWIPS_PER_CM)
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = document.styles["Table Grid"]
    right = layout.numeric_columns(block)
    for index, name in enumerate(block.header):
        cell = table.rows[0].cells[index]
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
        if index in right:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if plan.header_pt != BODY_PT:
            run.font.size = Pt(plan.header_pt)
    for row_index, values in enumerate(block.rows, start=1):
        cells = table.rows[row_index].cells
        for index, value in enumerate(values):
            if index in right:
                cells[index].text = value
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif index in block.bar_columns:
                _bar_cell(
                    cells[index], value, f"{values[block.label_column]}, {block.header[index]}"
                )
            else:
                cells[index].text = value
    docx_fix_table(table, plan.widths, total_twips)
    # a short table stays whole with its notes; a long one keeps at least its last row with them
    kept = table.rows if layout.keep_whole(block) else table.rows[-1:]
    for row in kept:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    for number, line in enumerate(block.notes):
        note = document.add_paragraph()
        note.add_run(line).italic = True
        note.paragraph_format.space_before = Pt(4 if number == 0 else 0)
        note.paragraph_format.space_after = Pt(0)
        # the lines under a table stay together
        note.paragraph_format.keep_with_next = number < len(block.notes) - 1


def _block(document: Any, block: Block) -> None:
    if isinstance(block, Heading):
        heading = document.add_heading(block.text, level=min(block.level, 4))
        heading.paragraph_format.keep_with_next = True
        if block.new_page:
            heading.paragraph_format.page_break_before = True
    elif isinstance(block, Paragraph):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(block.text)
        run.italic = block.note
    elif isinstance(block, BulletList):
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Table):
        _table(document, block)
        document.add_paragraph()


def write_docx(report: ReportDocument, stream: IO[bytes]) -> None:
    """Write ``report`` as a .docx document to ``stream``."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

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
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_number(footer, report.lang)

    for number, part in enumerate(layout.parts(report)):
        if number:
            section = document.add_section(WD_SECTION.NEW_PAGE)
        _page(section, part.landscape)
        for block in part.blocks:
            _block(document, block)
    document.save(stream)
