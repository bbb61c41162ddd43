"""Lay out a report as an OpenDocument text (.odt) with odfpy.

Same promises as the Word report: French language in the default style, the
title in the metadata, Heading styles with outline levels, fonts of 11 pt or
more (table headers may shrink to 9 pt when a table would not fit
otherwise), « Page N sur M » in the footer, tables with computed column
widths whose header rows repeat on each page and whose rows never split. A4
portrait; a part whose tables need more room goes on landscape pages.
"""

from __future__ import annotations

from typing import IO, Any

from conseils_citoyens.formats.report import layout
from conseils_citoyens.formats.report.content import (
    BAR_FULL_CM,
    Bar,
    BulletList,
    Heading,
    Paragraph,
    ReportDocument,
    Table,
)

_HEADING_SIZES = {1: "20pt", 2: "16pt", 3: "13pt", 4: "12pt"}


def write_odt(report: ReportDocument, stream: IO[bytes]) -> None:
    """Write ``report`` as an .odt document to ``stream``."""
    from conseils_citoyens.documents._odfpy import ensure_odfpy

    ensure_odfpy()  # before any odf import: keeps the host's sys.path
    from odf import dc, draw, meta, style, svg, table, text
    from odf.opendocument import OpenDocumentText

    from conseils_citoyens.formats._docbuild import odt_column_styles

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
    caption.addElement(
        style.ParagraphProperties(keepwithnext="always", margintop="0.3cm", marginbottom="0.25cm")
    )
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
    cell_right = style.Style(
        name="Table_20_Contents_20_Right",
        displayname="Table Contents Right",
        family="paragraph",
        parentstylename=cell_text,
    )
    cell_right.addElement(style.ParagraphProperties(textalign="end"))
    document.styles.addElement(cell_right)
    head_right = style.Style(
        name="Table_20_Heading_20_Right",
        displayname="Table Heading Right",
        family="paragraph",
        parentstylename=head_text,
    )
    head_right.addElement(style.ParagraphProperties(textalign="end"))
    document.styles.addElement(head_right)
    table_note = style.Style(
        name="Table_20_note",
        displayname="Table note",
        family="paragraph",
        parentstylename="Standard",
    )
    table_note.addElement(style.ParagraphProperties(keepwithnext="always"))
    table_note.addElement(style.TextProperties(fontstyle="italic", fontsize="11pt"))
    document.styles.addElement(table_note)
    table_note_last = style.Style(
        name="Table_20_note_20_last",
        displayname="Table note last",
        family="paragraph",
        parentstylename=table_note,
    )
    table_note_last.addElement(style.ParagraphProperties(keepwithnext="auto", marginbottom="0.3cm"))
    document.styles.addElement(table_note_last)
    footer_style = style.Style(name="Footer", family="paragraph", parentstylename="Standard")
    footer_style.addElement(style.ParagraphProperties(textalign="center"))
    document.styles.addElement(footer_style)

    bullets = text.ListStyle(name="Report_20_bullets", displayname="Report bullets")
    level_style = text.ListLevelStyleBullet(level="1", bulletchar="•")
    level_style.addElement(style.ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.5cm"))
    bullets.addElement(level_style)
    document.styles.addElement(bullets)

    masters = {}
    for landscape, name in ((False, "Standard"), (True, "Landscape")):
        short, long = f"{layout.PAGE_SHORT_CM}cm", f"{layout.PAGE_LONG_CM}cm"
        page = style.PageLayout(name=f"{name}Page")
        page.addElement(
            style.PageLayoutProperties(
                pagewidth=long if landscape else short,
                pageheight=short if landscape else long,
                printorientation="landscape" if landscape else "portrait",
                margintop=f"{layout.MARGIN_CM}cm",
                marginbottom=f"{layout.MARGIN_CM - 0.5}cm",
                marginleft=f"{layout.MARGIN_CM}cm",
                marginright=f"{layout.MARGIN_CM}cm",
            )
        )
        footer_props = style.FooterStyle()
        footer_props.addElement(style.HeaderFooterProperties(margintop="0.3cm", minheight="0.6cm"))
        page.addElement(footer_props)
        document.automaticstyles.addElement(page)
        master = style.MasterPage(name=name, pagelayoutname=page)
        footer = style.Footer()
        footer_paragraph = text.P(stylename=footer_style, text="Page ")
        footer_paragraph.addElement(text.PageNumber(selectpage="current", text="1"))
        footer_paragraph.addText(" sur " if report.lang == "fr" else " of ")
        footer_paragraph.addElement(text.PageCount(text="1"))
        footer.addElement(footer_paragraph)
        master.addElement(footer)
        document.masterstyles.addElement(master)
        # the first heading of a part starts a page of its orientation
        for level in headings:
            starter = style.Style(
                name=f"{name}Start{level}",
                family="paragraph",
                parentstylename=headings[level],
                masterpagename=name,
            )
            document.automaticstyles.addElement(starter)
            masters[(landscape, level)] = starter

    cell_style = style.Style(name="ReportCell", family="table-cell")
    cell_style.addElement(style.TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    document.automaticstyles.addElement(cell_style)
    row_style = style.Style(name="ReportRow", family="table-row")
    row_style.addElement(style.TableRowProperties(keeptogether="always"))
    document.automaticstyles.addElement(row_style)
    small_head = style.Style(
        name="ReportSmallHeading", family="paragraph", parentstylename=head_text
    )
    small_head.addElement(style.TextProperties(fontsize=f"{layout.SMALL_HEADER_PT}pt"))
    bar_frame = style.Style(name="ReportBar", family="graphic")
    bar_frame.addElement(
        style.GraphicProperties(
            verticalpos="middle",
            verticalrel="text",
            border="none",
            padding="0cm",
            margin="0cm",
        )
    )
    document.automaticstyles.addElement(bar_frame)
    grey = document.addPicture("Pictures/barre-grise.png", "image/png", layout.grey_png())
    table_styles = {}
    for landscape in (False, True):
        width = layout.LANDSCAPE_TEXT_CM if landscape else layout.PORTRAIT_TEXT_CM
        for whole in (False, True):
            table_style = style.Style(
                name=f"ReportTable{int(landscape)}{int(whole)}", family="table"
            )
            # a short table stays whole, and with the notes under it
            table_style.addElement(
                style.TableProperties(
                    width=f"{width}cm",
                    align="margins",
                    keepwithnext="always",
                    maybreakbetweenrows="false" if whole else "true",
                )
            )
            document.automaticstyles.addElement(table_style)
            table_styles[(landscape, whole)] = (table_style, width)
    small_used = False

    page_breaks: dict[tuple[bool, int], Any] = {}
    number = 0
    for index, part in enumerate(layout.parts(report)):
        width = table_styles[(part.landscape, False)][1]
        for position, block in enumerate(part.blocks):
            number += 1
            if isinstance(block, Heading):
                level = min(block.level, 4)
                starts = position == 0 and index > 0
                chosen = masters[(part.landscape, level)] if starts else headings[level]
                if block.new_page and not starts:
                    if (part.landscape, level) not in page_breaks:
                        breaker = style.Style(
                            name=f"ReportBreak{int(part.landscape)}{level}",
                            family="paragraph",
                            parentstylename=headings[level],
                        )
                        breaker.addElement(style.ParagraphProperties(breakbefore="page"))
                        document.automaticstyles.addElement(breaker)
                        page_breaks[(part.landscape, level)] = breaker
                    chosen = page_breaks[(part.landscape, level)]
                document.text.addElement(
                    text.H(outlinelevel=level, stylename=chosen, text=block.text)
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
                plan = layout.table_layout(block, width)
                if plan.header_pt != layout.BODY_PT and not small_used:
                    document.automaticstyles.addElement(small_head)
                    small_used = True
                header_text = head_text if plan.header_pt == layout.BODY_PT else small_head
                document.text.addElement(text.P(stylename=caption, text=block.caption))
                name = f"Tableau{number}"
                grid = table.Table(
                    name=name,
                    stylename=table_styles[(part.landscape, layout.keep_whole(block))][0],
                )
                for column in odt_column_styles(document, name, plan.widths):
                    grid.addElement(table.TableColumn(stylename=column))
                header_rows = table.TableHeaderRows()
                right = layout.numeric_columns(block)
                header = table.TableRow(stylename=row_style)
                for column_index, title in enumerate(block.header):
                    cell = table.TableCell(stylename=cell_style, valuetype="string")
                    cell.addElement(
                        text.P(
                            stylename=head_right
                            if column_index in right and plan.header_pt == layout.BODY_PT
                            else header_text,
                            text=title,
                        )
                    )
                    header.addElement(cell)
                header_rows.addElement(header)
                grid.addElement(header_rows)
                for values in block.rows:
                    row = table.TableRow(stylename=row_style)
                    for column_index, value in enumerate(values):
                        cell = table.TableCell(stylename=cell_style, valuetype="string")
                        paragraph = text.P(
                            stylename=cell_right if column_index in right else cell_text
                        )
                        if (
                            column_index in block.bar_columns
                            and isinstance(value, Bar)
                            and value.fraction > 0
                        ):
                            what = f"{values[block.label_column]}, {block.header[column_index]}"
                            frame = draw.Frame(
                                stylename=bar_frame,
                                anchortype="as-char",
                                width=f"{max(value.fraction * BAR_FULL_CM, 0.02):.3f}cm",
                                height=f"{layout.BAR_HEIGHT_CM}cm",
                            )
                            frame.addElement(draw.Image(href=grey))
                            frame.addElement(svg.Title(text=str(value)))
                            frame.addElement(svg.Desc(text=f"{what} — {value}"))
                            paragraph.addElement(frame)
                            paragraph.addText("\u00a0" + str(value))
                        elif value:
                            paragraph.addText(str(value))
                        cell.addElement(paragraph)
                        row.addElement(cell)
                    grid.addElement(row)
                document.text.addElement(grid)
                for line_index, line in enumerate(block.notes):
                    last = line_index == len(block.notes) - 1
                    document.text.addElement(
                        text.P(stylename=table_note_last if last else table_note, text=line)
                    )
    document.write(stream)
