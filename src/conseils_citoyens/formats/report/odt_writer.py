"""Lay out a report as an OpenDocument text (.odt) with odfpy.

Same promises as the Word report: French language in the default style, the
title in the metadata, Heading styles with outline levels, fonts of 11 pt or
more, page numbers in the footer, tables whose header rows repeat on each
page, A4 landscape.
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

_HEADING_SIZES = {1: "20pt", 2: "16pt", 3: "13pt", 4: "12pt"}


def write_odt(report: ReportDocument, stream: IO[bytes]) -> None:
    """Write ``report`` as an .odt document to ``stream``."""
    from odf import dc, meta, style, table, text
    from odf.opendocument import OpenDocumentText

    language, country = ("fr", "FR") if report.lang == "fr" else ("en", "GB")
    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text=report.title))
    document.meta.addElement(dc.Subject(text=report.subject))
    document.meta.addElement(dc.Language(text=f"{language}-{country}"))
    document.meta.addElement(meta.Generator(text="conseils-citoyens"))

    default = style.DefaultStyle(family="paragraph")
    default.addElement(
        style.TextProperties(
            fontsize="11pt",
            fontname="Liberation Sans",
            fontfamily="'Liberation Sans', Arial, sans-serif",
            language=language,
            country=country,
        )
    )
    document.styles.addElement(default)
    standard = style.Style(name="Standard", family="paragraph", attributes={"class": "text"})
    standard.addElement(style.TextProperties(fontsize="11pt", language=language, country=country))
    document.styles.addElement(standard)
    body = style.Style(
        name="Text_20_body", displayname="Text body", family="paragraph", parentstylename="Standard"
    )
    body.addElement(style.ParagraphProperties(marginbottom="0.2cm"))
    document.styles.addElement(body)
    note = style.Style(
        name="Report_20_note",
        displayname="Report note",
        family="paragraph",
        parentstylename="Text_20_body",
    )
    note.addElement(style.TextProperties(fontstyle="italic", fontsize="11pt"))
    document.styles.addElement(note)
    caption = style.Style(
        name="Table_20_caption",
        displayname="Table caption",
        family="paragraph",
        parentstylename="Text_20_body",
    )
    caption.addElement(style.ParagraphProperties(keepwithnext="always", margintop="0.3cm"))
    caption.addElement(style.TextProperties(fontweight="bold", fontsize="11pt"))
    document.styles.addElement(caption)
    heading_base = style.Style(
        name="Heading", family="paragraph", parentstylename="Standard", nextstylename="Text_20_body"
    )
    heading_base.addElement(
        style.ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm", keepwithnext="always")
    )
    heading_base.addElement(style.TextProperties(fontweight="bold"))
    document.styles.addElement(heading_base)
    headings: dict[int, Any] = {}
    for level, size in _HEADING_SIZES.items():
        heading = style.Style(
            name=f"Heading_20_{level}",
            displayname=f"Heading {level}",
            family="paragraph",
            parentstylename="Heading",
            defaultoutlinelevel=str(level),
            attributes={"class": "text"},
        )
        heading.addElement(style.TextProperties(fontsize=size, fontweight="bold"))
        document.styles.addElement(heading)
        headings[level] = heading
    cell_text = style.Style(
        name="Table_20_Contents",
        displayname="Table Contents",
        family="paragraph",
        parentstylename="Standard",
    )
    document.styles.addElement(cell_text)
    head_text = style.Style(
        name="Table_20_Heading",
        displayname="Table Heading",
        family="paragraph",
        parentstylename="Table_20_Contents",
    )
    head_text.addElement(style.TextProperties(fontweight="bold"))
    document.styles.addElement(head_text)
    footer_style = style.Style(name="Footer", family="paragraph", parentstylename="Standard")
    footer_style.addElement(style.ParagraphProperties(textalign="center"))
    document.styles.addElement(footer_style)

    bullets = text.ListStyle(name="Report_20_bullets", displayname="Report bullets")
    level_style = text.ListLevelStyleBullet(level="1", bulletchar="•")
    level_style.addElement(style.ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.5cm"))
    bullets.addElement(level_style)
    document.styles.addElement(bullets)

    layout = style.PageLayout(name="Landscape")
    layout.addElement(
        style.PageLayoutProperties(
            pagewidth="29.7cm",
            pageheight="21cm",
            printorientation="landscape",
            margintop="1.5cm",
            marginbottom="1.5cm",
            marginleft="1.8cm",
            marginright="1.8cm",
        )
    )
    footer_props = style.FooterStyle()
    footer_props.addElement(style.HeaderFooterProperties(margintop="0.3cm", minheight="0.6cm"))
    layout.addElement(footer_props)
    document.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Standard", pagelayoutname=layout)
    footer = style.Footer()
    footer_paragraph = text.P(stylename=footer_style, text="Page ")
    footer_paragraph.addElement(text.PageNumber(selectpage="current", text="1"))
    footer.addElement(footer_paragraph)
    master.addElement(footer)
    document.masterstyles.addElement(master)

    cell_style = style.Style(name="ReportCell", family="table-cell")
    cell_style.addElement(style.TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    document.automaticstyles.addElement(cell_style)
    table_style = style.Style(name="ReportTable", family="table")
    table_style.addElement(style.TableProperties(width="26.1cm", align="left"))
    document.automaticstyles.addElement(table_style)

    for number, block in enumerate(report.blocks):
        if isinstance(block, Heading):
            level = min(block.level, 4)
            document.text.addElement(
                text.H(outlinelevel=level, stylename=headings[level], text=block.text)
            )
        elif isinstance(block, Paragraph):
            document.text.addElement(
                text.P(stylename=note if block.note else body, text=block.text)
            )
        elif isinstance(block, BulletList):
            items = text.List(stylename=bullets)
            for item in block.items:
                entry = text.ListItem()
                entry.addElement(text.P(stylename=body, text=item))
                items.addElement(entry)
            document.text.addElement(items)
        elif isinstance(block, Table):
            document.text.addElement(text.P(stylename=caption, text=block.caption))
            grid = table.Table(name=f"Tableau{number}", stylename=table_style)
            grid.addElement(table.TableColumn(numbercolumnsrepeated=len(block.header)))
            header_rows = table.TableHeaderRows()
            header = table.TableRow()
            for name in block.header:
                cell = table.TableCell(stylename=cell_style, valuetype="string")
                cell.addElement(text.P(stylename=head_text, text=name))
                header.addElement(cell)
            header_rows.addElement(header)
            grid.addElement(header_rows)
            for values in block.rows:
                row = table.TableRow()
                for value in values:
                    cell = table.TableCell(stylename=cell_style, valuetype="string")
                    cell.addElement(text.P(stylename=cell_text, text=value))
                    row.addElement(cell)
                grid.addElement(row)
            document.text.addElement(grid)
    document.write(stream)
