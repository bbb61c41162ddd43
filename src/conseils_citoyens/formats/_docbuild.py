"""Small builders for accessible Word (.docx) and OpenDocument (.odt) reports.

Both builders offer the same methods (:class:`DocumentBuilder`), so a report
is written once and rendered in either format. What every document gets:
a title in the core properties / metadata, the document language, French
typography (:mod:`conseils_citoyens.i18n`) on every text, real heading
styles (Word ``Heading n``; ODF styles with an outline level), body text of
11 pt or more, tables whose header row repeats on each page, and page numbers
in the footer. Nothing is conveyed by colour: headers are bold, lists are
bulleted.

python-docx and odfpy are imported when a builder is created, never before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any, Final, Protocol

from conseils_citoyens.i18n import typeset, typeset_all

#: Body text size in points (accessibility guides ask for at least 11-12 pt).
BODY_PT: Final = 11
#: Heading sizes in points by level (1 to 3); the title is larger.
HEADING_PT: Final = {1: 16, 2: 14, 3: 12}
TITLE_PT: Final = 20
FONT: Final = "Liberation Sans"


def _locale(lang: str) -> tuple[str, str]:
    """Return (language, country) for a short code: ``fr`` -> (fr, FR), ``en`` -> (en, GB)."""
    return ("en", "GB") if lang.lower().startswith("en") else ("fr", "FR")


class DocumentBuilder(Protocol):
    """What a report needs from a document: headings, text, lists, tables, saving."""

    def heading(self, text: str, level: int = 1) -> None:
        """Add a heading of ``level`` (1 to 3)."""

    def paragraph(self, text: str, *, label: str | None = None) -> None:
        """Add a paragraph; ``label`` is printed in bold before the text (``Période :``)."""

    def bullets(self, items: Sequence[str]) -> None:
        """Add a bulleted list."""

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """Add a table whose first row (``headers``) repeats on each page."""

    def save(self, stream: IO[bytes]) -> None:
        """Write the whole document to a binary stream."""


#: Cell padding on each side of a table cell (cm), in both formats.
CELL_PADDING_CM: Final = 0.1
#: Table headers may shrink to this size when a table would not fit otherwise.
SMALL_HEADER_PT: Final = 9
TWIPS_PER_CM: Final = 1440 / 2.54
#: Width of the text on the OpenDocument page (A4 portrait, 2 cm margins).
ODT_TEXT_CM: Final = 17.0


def layout_columns(
    headers: Sequence[str], rows: Sequence[Sequence[str]], total_cm: float
) -> tuple[tuple[float, ...], float]:
    """Column widths (cm) summing to ``total_cm`` and the header size (11 pt, else 9 pt)."""
    from conseils_citoyens.formats._textwidth import table_fits, table_widths_cm

    header_pt: float = BODY_PT
    if not table_fits(
        headers,
        rows,
        total_cm=total_cm,
        header_pt=BODY_PT,
        body_pt=BODY_PT,
        padding_cm=CELL_PADDING_CM,
    ):
        header_pt = SMALL_HEADER_PT
    widths = table_widths_cm(
        headers,
        rows,
        total_cm=total_cm,
        header_pt=header_pt,
        body_pt=BODY_PT,
        padding_cm=CELL_PADDING_CM,
    )
    return widths, header_pt


def docx_text_width_twips(section: Any) -> int:
    """The width between the margins of a python-docx section, in twips."""
    return int(section.page_width.twips - section.left_margin.twips - section.right_margin.twips)


def docx_fix_table(table: Any, widths_cm: Sequence[float], total_twips: int) -> None:
    """Give a python-docx table a fixed layout, a grid and cell widths summing to ``total_twips``.

    Every row is kept on one page (``w:cantSplit``); the first row repeats on
    each page (``w:tblHeader``) and stays with the next row. Cells get
    :data:`CELL_PADDING_CM` of padding on the left and right.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    total_cm = sum(widths_cm)
    twips = [round(w / total_cm * total_twips) for w in widths_cm]
    twips[twips.index(max(twips))] += total_twips - sum(twips)
    table.autofit = False
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    for name in ("w:tblW", "w:tblLayout", "w:tblCellMar"):
        for old in tbl_pr.findall(qn(name)):
            tbl_pr.remove(old)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(total_twips))
    width.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(CELL_PADDING_CM * TWIPS_PER_CM)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # schema order: tblStyle, ..., tblW, jc, ..., tblLayout, tblCellMar, tblLook
    look = tbl_pr.find(qn("w:tblLook"))
    for element in (width, layout, margins):
        if look is not None:
            look.addprevious(element)
        else:
            tbl_pr.append(element)
    grid = tbl.tblGrid
    for old in list(grid):
        grid.remove(old)
    for value in twips:
        column = OxmlElement("w:gridCol")
        column.set(qn("w:w"), str(value))
        grid.append(column)
    for index, row in enumerate(table.rows):
        for cell, value in zip(row.cells, twips, strict=True):
            tc_pr = cell._tc.get_or_add_tcPr()
            for old in tc_pr.findall(qn("w:tcW")):
                tc_pr.remove(old)
            cell_width = OxmlElement("w:tcW")
            cell_width.set(qn("w:w"), str(value))
            cell_width.set(qn("w:type"), "dxa")
            tc_pr.insert(0, cell_width)
            if index == 0:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        tr_pr = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        tr_pr.insert(0, cant_split)
        if index == 0 and tr_pr.find(qn("w:tblHeader")) is None:
            header = OxmlElement("w:tblHeader")
            tr_pr.append(header)


def odt_column_styles(document: Any, table_name: str, widths_cm: Sequence[float]) -> list[Any]:
    """Automatic column styles (absolute and relative widths) for an odfpy table."""
    from odf.style import Style, TableColumnProperties

    styles = []
    for index, width in enumerate(widths_cm):
        style = Style(name=f"{table_name}.C{index + 1}", family="table-column")
        style.addElement(
            TableColumnProperties(
                columnwidth=f"{width:.2f}cm", relcolumnwidth=f"{round(width * 1000)}*"
            )
        )
        document.automaticstyles.addElement(style)
        styles.append(style)
    return styles


def _page_label(lang: str) -> tuple[str, str]:
    return ("Page ", " of ") if _locale(lang)[0] == "en" else ("Page ", " sur ")


class DocxBuilder:
    """Build a Word document with python-docx."""

    def __init__(self, *, title: str, lang: str = "fr", subject: str | None = None) -> None:
        """Start a document titled ``title`` (shown first and stored in the core properties)."""
        import docx
        from docx.shared import Pt

        self._doc: Any = docx.Document()
        language, country = _locale(lang)
        self._lang = lang
        props = self._doc.core_properties
        props.title = title
        props.language = f"{language}-{country}"
        if subject:
            props.subject = subject
        props.author = "conseils-citoyens"
        self._set_default_language(f"{language}-{country}")
        styles = self._doc.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_PT)
        for level, size in HEADING_PT.items():
            style = styles[f"Heading {level}"]
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.name = FONT
        styles["Title"].font.size = Pt(TITLE_PT)
        styles["Title"].font.name = FONT
        self._page_setup()
        self._add_footer(lang)
        self._doc.add_heading(typeset(title, lang), level=0)

    def _set_default_language(self, tag: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        defaults = self._doc.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)

    def _page_setup(self) -> None:
        """A4 portrait, 2 cm margins (1.5 cm at the bottom), like the OpenDocument builder."""
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm

        section = self._doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = Cm(2)
        section.bottom_margin = Cm(1.5)

    def _add_footer(self, lang: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        before, between = _page_label(lang)
        footer = self._doc.sections[0].footer
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(before)
        self._field(paragraph, "PAGE")
        paragraph.add_run(between)
        self._field(paragraph, "NUMPAGES")

    @staticmethod
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

    def heading(self, text: str, level: int = 1) -> None:
        """Add a heading of ``level`` (1 to 3)."""
        self._doc.add_heading(typeset(text, self._lang), level=max(1, min(level, 3)))

    def paragraph(self, text: str, *, label: str | None = None) -> None:
        """Add a paragraph, with an optional bold label before the text."""
        paragraph = self._doc.add_paragraph()
        if label:
            paragraph.add_run(typeset(label, self._lang)).bold = True
            paragraph.add_run(" ")
        paragraph.add_run(typeset(text, self._lang))

    def bullets(self, items: Sequence[str]) -> None:
        """Add a bulleted list (style ``List Bullet``)."""
        for item in items:
            self._doc.add_paragraph(typeset(item, self._lang), style="List Bullet")

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """Add a bordered table; its bold header row repeats on each page.

        Columns are sized from their text (no header word broken inside), rows
        never split across pages.
        """
        from docx.shared import Pt

        for row in rows:
            if len(row) != len(headers):
                raise ValueError(f"row has {len(row)} cells, table has {len(headers)} columns")
        headers = typeset_all(tuple(headers), self._lang)
        rows = typeset_all(tuple(tuple(row) for row in rows), self._lang)
        section = self._doc.sections[-1]
        total_twips = docx_text_width_twips(section)
        widths, header_pt = layout_columns(headers, rows, total_twips / TWIPS_PER_CM)
        table = self._doc.add_table(rows=1, cols=len(headers))
        table.style = self._doc.styles["Table Grid"]
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            run = cell.paragraphs[0].add_run(header)
            run.bold = True
            if header_pt != BODY_PT:
                run.font.size = Pt(header_pt)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = value
        docx_fix_table(table, widths, total_twips)
        self._doc.add_paragraph()

    def save(self, stream: IO[bytes]) -> None:
        """Write the document to a binary stream."""
        self._doc.save(stream)


class OdtBuilder:
    """Build an OpenDocument text with odfpy."""

    def __init__(self, *, title: str, lang: str = "fr", subject: str | None = None) -> None:
        """Start a document titled ``title`` (shown first and stored in the metadata)."""
        from conseils_citoyens.documents._odfpy import ensure_odfpy

        ensure_odfpy()  # before any odf import: keeps the host's sys.path
        from odf import dc
        from odf.opendocument import OpenDocumentText

        self._doc: Any = OpenDocumentText()
        self._lang = lang
        self._tables = 0
        self._small = False
        language, country = _locale(lang)
        self._doc.meta.addElement(dc.Title(text=title))
        self._doc.meta.addElement(dc.Language(text=f"{language}-{country}"))
        if subject:
            self._doc.meta.addElement(dc.Subject(text=subject))
        self._styles(language, country)
        self._footer(lang)
        self._add_paragraph(typeset(title, lang), "Title")

    def _styles(self, language: str, country: str) -> None:
        from odf.style import (
            DefaultStyle,
            FontFace,
            ListLevelProperties,
            ParagraphProperties,
            Style,
            TableCellProperties,
            TableProperties,
            TableRowProperties,
            TextProperties,
        )
        from odf.text import ListLevelStyleBullet, ListStyle

        doc = self._doc
        doc.fontfacedecls.addElement(
            FontFace(
                name=FONT,
                fontfamily=f"'{FONT}'",
                fontfamilygeneric="swiss",
                fontpitch="variable",
            )
        )
        default = DefaultStyle(family="paragraph")
        default.addElement(
            TextProperties(
                fontname=FONT,
                fontsize=f"{BODY_PT}pt",
                language=language,
                country=country,
            )
        )
        doc.styles.addElement(default)

        def named(name: str, display: str, **attributes: Any) -> Any:
            style = Style(name=name, displayname=display, family="paragraph", **attributes)
            doc.styles.addElement(style)
            return style

        standard = named("Standard", "Standard")
        standard.setAttribute("class", "text")
        body = named("Text_20_body", "Text body", parentstylename="Standard")
        body.addElement(ParagraphProperties(marginbottom="0.2cm"))
        heading = named(
            "Heading", "Heading", parentstylename="Standard", nextstylename="Text_20_body"
        )
        heading.addElement(
            ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm", keepwithnext="always")
        )
        heading.addElement(TextProperties(fontname=FONT, fontweight="bold"))
        for level, size in HEADING_PT.items():
            style = named(
                f"Heading_20_{level}",
                f"Heading {level}",
                parentstylename="Heading",
                nextstylename="Text_20_body",
                defaultoutlinelevel=str(level),
            )
            style.addElement(TextProperties(fontsize=f"{size}pt", fontweight="bold"))
        title = named("Title", "Title", parentstylename="Heading", nextstylename="Text_20_body")
        title.addElement(ParagraphProperties(textalign="center"))
        title.addElement(TextProperties(fontsize=f"{TITLE_PT}pt", fontweight="bold"))
        named("Table_20_Contents", "Table Contents", parentstylename="Standard")
        table_heading = named(
            "Table_20_Heading", "Table Heading", parentstylename="Table_20_Contents"
        )
        table_heading.addElement(TextProperties(fontweight="bold"))
        table_heading.addElement(ParagraphProperties(keepwithnext="always"))
        footer = named("Footer", "Footer", parentstylename="Standard")
        footer.addElement(ParagraphProperties(textalign="center"))
        named("List_20_Paragraph", "List Paragraph", parentstylename="Text_20_body")

        bold = Style(name="Bold", family="text")
        bold.addElement(TextProperties(fontweight="bold"))
        doc.automaticstyles.addElement(bold)
        table = Style(name="Table", family="table")
        table.addElement(TableProperties(width=f"{ODT_TEXT_CM}cm", align="margins"))
        doc.automaticstyles.addElement(table)
        cell = Style(name="Cell", family="table-cell")
        cell.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
        doc.automaticstyles.addElement(cell)
        row = Style(name="Row", family="table-row")
        row.addElement(TableRowProperties(keeptogether="always"))
        doc.automaticstyles.addElement(row)
        bullets = ListStyle(name="Bullets")
        level = ListLevelStyleBullet(level="1", bulletchar="•")
        level.addElement(
            ListLevelProperties(
                listlevelpositionandspacemode="label-alignment",
                spacebefore="0.4cm",
                minlabelwidth="0.5cm",
            )
        )
        bullets.addElement(level)
        doc.automaticstyles.addElement(bullets)

    def _footer(self, lang: str) -> None:
        from odf.style import Footer, MasterPage, PageLayout, PageLayoutProperties
        from odf.text import P, PageCount, PageNumber

        layout = PageLayout(name="Page")
        layout.addElement(
            PageLayoutProperties(
                pagewidth="21cm",
                pageheight="29.7cm",
                printorientation="portrait",
                margintop="2cm",
                marginbottom="1.5cm",
                marginleft="2cm",
                marginright="2cm",
            )
        )
        self._doc.automaticstyles.addElement(layout)
        master = MasterPage(name="Standard", pagelayoutname=layout)
        footer = Footer()
        before, between = _page_label(lang)
        paragraph = P(stylename="Footer", text=before)
        paragraph.addElement(PageNumber(selectpage="current", text="1"))
        paragraph.addText(between)
        paragraph.addElement(PageCount(text="1"))
        footer.addElement(paragraph)
        master.addElement(footer)
        self._doc.masterstyles.addElement(master)

    def _add_paragraph(self, text: str, style: str) -> Any:
        from odf.text import P

        paragraph = P(stylename=style, text=text)
        self._doc.text.addElement(paragraph)
        return paragraph

    def heading(self, text: str, level: int = 1) -> None:
        """Add a heading of ``level`` (1 to 3), with its outline level."""
        from odf.text import H

        level = max(1, min(level, 3))
        self._doc.text.addElement(
            H(
                outlinelevel=str(level),
                stylename=f"Heading_20_{level}",
                text=typeset(text, self._lang),
            )
        )

    def paragraph(self, text: str, *, label: str | None = None) -> None:
        """Add a paragraph, with an optional bold label before the text."""
        from odf.text import P, Span

        paragraph = P(stylename="Text_20_body")
        if label:
            paragraph.addElement(Span(stylename="Bold", text=typeset(label, self._lang)))
            paragraph.addText(" ")
        paragraph.addText(typeset(text, self._lang))
        self._doc.text.addElement(paragraph)

    def bullets(self, items: Sequence[str]) -> None:
        """Add a bulleted list."""
        from odf.text import List, ListItem, P

        listing = List(stylename="Bullets")
        for item in items:
            entry = ListItem()
            entry.addElement(P(stylename="List_20_Paragraph", text=typeset(item, self._lang)))
            listing.addElement(entry)
        self._doc.text.addElement(listing)

    def _small_heading(self) -> str:
        """The style of table headers shrunk to 9 pt (added when a table first needs it)."""
        from odf.style import Style, TextProperties

        name = "TableHeadingSmall"
        if not self._small:
            style = Style(name=name, family="paragraph", parentstylename="Table_20_Heading")
            style.addElement(TextProperties(fontsize=f"{SMALL_HEADER_PT}pt"))
            self._doc.automaticstyles.addElement(style)
            self._small = True
        return name

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """Add a bordered table; its bold header row repeats on each page.

        Columns are sized from their text (no header word broken inside), rows
        never split across pages.
        """
        from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
        from odf.text import P

        for values in rows:
            if len(values) != len(headers):
                raise ValueError(f"row has {len(values)} cells, table has {len(headers)} columns")
        headers = typeset_all(tuple(headers), self._lang)
        rows = typeset_all(tuple(tuple(values) for values in rows), self._lang)
        self._tables += 1
        name = f"Tableau{self._tables}"
        widths, header_pt = layout_columns(headers, rows, ODT_TEXT_CM)
        table = Table(name=name, stylename="Table")
        for style in odt_column_styles(self._doc, name, widths):
            table.addElement(TableColumn(stylename=style))
        heading_style = "Table_20_Heading" if header_pt == BODY_PT else self._small_heading()

        def row_of(values: Sequence[str], style: str) -> Any:
            row = TableRow(stylename="Row")
            for value in values:
                cell = TableCell(valuetype="string", stylename="Cell")
                for line in value.split("\n") if value else [""]:
                    cell.addElement(P(stylename=style, text=line))
                row.addElement(cell)
            return row

        header_rows = TableHeaderRows()
        header_rows.addElement(row_of(headers, heading_style))
        table.addElement(header_rows)
        for values in rows:
            table.addElement(row_of(values, "Table_20_Contents"))
        self._doc.text.addElement(table)
        self._add_paragraph("", "Text_20_body")

    def save(self, stream: IO[bytes]) -> None:
        """Write the document to a binary stream."""
        self._doc.write(stream)


def builder_for(
    name: str, *, title: str, lang: str = "fr", subject: str | None = None
) -> DocumentBuilder:
    """Return a builder for ``docx`` or ``odt``."""
    if name == "docx":
        return DocxBuilder(title=title, lang=lang, subject=subject)
    if name == "odt":
        return OdtBuilder(title=title, lang=lang, subject=subject)
    raise ValueError(f"unknown document format {name!r}")
