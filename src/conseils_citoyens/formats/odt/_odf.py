"""The only module that touches odfpy: renders form blocks into an .odt package.

odfpy checks element factories against its ODF grammar, which does not know
LibreOffice's ``loext`` extension: checkbox and text content controls are
created as raw elements (grammar check off) and attached with ``appendChild``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any, Final

from conseils_citoyens.formats.odt.layout import (
    STYLE_ANSWER,
    STYLE_BODY,
    STYLE_CELL,
    STYLE_CELL_BOX,
    STYLE_CELL_HEADING,
    STYLE_CHOICE,
    STYLE_HEADING,
    STYLE_HELP,
    STYLE_INSTRUCTION,
    STYLE_TITLE,
    Block,
    Para,
    Table,
)
from conseils_citoyens.formats.slots import Slot, SlotKind

LOEXT_NS: Final = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
CHECKED_GLYPH: Final = "☒"
UNCHECKED_GLYPH: Final = "☐"
FONT: Final = "Liberation Sans"
BOX_FONT: Final = "DejaVu Sans"


def _register_loext() -> None:
    from odf import namespaces

    namespaces.nsdict.setdefault(LOEXT_NS, "loext")


def _content_control(**attributes: str) -> Any:
    from odf.element import Element

    element = Element(qname=(LOEXT_NS, "content-control"), check_grammar=False)
    for name, value in attributes.items():
        element.setAttrNS(LOEXT_NS, name.replace("_", "-"), value)
    return element


def _styles(doc: Any, lang: str) -> None:
    from odf.style import (
        DefaultStyle,
        FontFace,
        Footer,
        ListLevelProperties,
        MasterPage,
        PageLayout,
        PageLayoutProperties,
        ParagraphProperties,
        Style,
        TableCellProperties,
        TableColumnProperties,
        TableProperties,
        TextProperties,
    )
    from odf.text import OutlineLevelStyle, OutlineStyle, P, PageCount, PageNumber

    country = {"fr": "FR", "en": "GB"}.get(lang, "FR")
    for name in (FONT, BOX_FONT):
        doc.fontfacedecls.addElement(
            FontFace(
                name=name, fontfamily=f"'{name}'", fontfamilygeneric="swiss", fontpitch="variable"
            )
        )
    default = DefaultStyle(family="paragraph")
    default.addElement(
        TextProperties(
            fontname=FONT, fontsize="11pt", language=lang, country=country, hyphenate="false"
        )
    )
    doc.styles.addElement(default)

    def paragraph(
        name: str,
        display: str,
        *,
        parent: str | None = None,
        outline: int | None = None,
        text: Mapping[str, str] | None = None,
        para: Mapping[str, str] | None = None,
        klass: str = "text",
    ) -> None:
        fields: dict[str, Any] = {"name": name, "displayname": display, "family": "paragraph"}
        if parent:
            fields["parentstylename"] = parent
        if outline:
            fields["defaultoutlinelevel"] = str(outline)
        fields["attributes"] = {"class": klass}
        style = Style(**fields)
        if para:
            style.addElement(ParagraphProperties(**para))
        if text:
            style.addElement(TextProperties(**text))
        doc.styles.addElement(style)

    paragraph("Standard", "Standard", para={"margintop": "0cm", "marginbottom": "0.15cm"})
    paragraph(STYLE_BODY, "Text body", parent="Standard", para={"marginbottom": "0.2cm"}, text={})
    paragraph(
        "Heading",
        "Heading",
        parent="Standard",
        para={"margintop": "0.42cm", "marginbottom": "0.21cm", "keepwithnext": "always"},
        text={"fontweight": "bold"},
    )
    paragraph(
        STYLE_TITLE,
        "Title",
        parent="Heading",
        klass="chapter",
        para={"textalign": "center"},
        text={"fontsize": "20pt"},
    )
    paragraph(
        STYLE_HEADING[1],
        "Heading 1",
        parent="Heading",
        outline=1,
        text={"fontsize": "16pt"},
    )
    paragraph(
        STYLE_HEADING[2],
        "Heading 2",
        parent="Heading",
        outline=2,
        text={"fontsize": "13pt"},
    )
    paragraph(
        STYLE_HELP,
        "Aide",
        parent="Standard",
        para={"keepwithnext": "always"},
        text={"fontstyle": "italic", "color": "#333333"},
    )
    paragraph(
        STYLE_INSTRUCTION,
        "Consigne",
        parent="Standard",
        para={"keepwithnext": "always"},
        text={"fontstyle": "italic", "fontweight": "bold"},
    )
    paragraph(
        STYLE_CHOICE,
        "Choix",
        parent="Standard",
        para={"marginleft": "0.5cm", "marginbottom": "0.1cm", "keepwithnext": "auto"},
    )
    paragraph(
        STYLE_ANSWER,
        "Réponse",
        parent="Standard",
        para={
            "marginleft": "0.5cm",
            "margintop": "0.3cm",
            "borderbottom": "0.5pt solid #000000",
            "paddingbottom": "0.05cm",
        },
    )
    paragraph(STYLE_CELL, "Table Contents", parent="Standard", klass="extra")
    paragraph(
        STYLE_CELL_HEADING,
        "Table Heading",
        parent=STYLE_CELL,
        klass="extra",
        para={"textalign": "center"},
        text={"fontweight": "bold"},
    )
    paragraph(
        STYLE_CELL_BOX, "Case", parent=STYLE_CELL, klass="extra", para={"textalign": "center"}
    )
    paragraph("Footer", "Footer", parent="Standard", klass="extra", para={"textalign": "center"})

    box = Style(name="cc_20_Box", displayname="Case à cocher", family="text")
    box.addElement(TextProperties(fontname=BOX_FONT, fontsize="14pt"))
    doc.styles.addElement(box)
    placeholder = Style(name="cc_20_Placeholder", displayname="Texte à remplacer", family="text")
    placeholder.addElement(TextProperties(color="#666666"))
    doc.styles.addElement(placeholder)

    outline = OutlineStyle(name="Outline")
    for level in range(1, 11):
        level_style = OutlineLevelStyle(level=str(level), numformat="")
        level_style.addElement(ListLevelProperties())
        outline.addElement(level_style)
    doc.styles.addElement(outline)

    table = Style(name="ccTable", family="table")
    table.addElement(TableProperties(width="17cm", align="margins", margintop="0.1cm"))
    doc.automaticstyles.addElement(table)
    cell = Style(name="ccCell", family="table-cell")
    cell.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    doc.automaticstyles.addElement(cell)
    first = Style(name="ccFirstColumn", family="table-column")
    first.addElement(TableColumnProperties(relcolumnwidth="3*"))
    doc.automaticstyles.addElement(first)
    other = Style(name="ccColumn", family="table-column")
    other.addElement(TableColumnProperties(relcolumnwidth="1*"))
    doc.automaticstyles.addElement(other)

    layout = PageLayout(name="ccPage")
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
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    footer = Footer()
    page = P(stylename="Footer")
    words = {"fr": ("Page", "sur"), "en": ("Page", "of")}.get(lang, ("Page", "sur"))
    page.addText(f"{words[0]} ")
    page.addElement(PageNumber(selectpage="current", numformat="1"))
    page.addText(f" {words[1]} ")
    page.addElement(PageCount())
    footer.addElement(page)
    master.addElement(footer)
    doc.masterstyles.addElement(master)


def _checkbox(slot: Slot, checked: bool) -> Any:
    from odf.element import Text as TextNode
    from odf.text import Span

    control = _content_control(
        checkbox="true",
        checked="true" if checked else "false",
        checked_state=CHECKED_GLYPH,
        unchecked_state=UNCHECKED_GLYPH,
    )
    span = Span(stylename="cc_20_Box")
    span.appendChild(TextNode(CHECKED_GLYPH if checked else UNCHECKED_GLYPH))
    control.appendChild(span)
    return control


def _text_control(placeholder: str) -> Any:
    from odf.element import Text as TextNode
    from odf.text import Span

    control = _content_control(showing_place_holder="true")
    span = Span(stylename="cc_20_Placeholder")
    span.appendChild(TextNode(placeholder))
    control.appendChild(span)
    return control


def _paragraph(para: Para) -> Any:
    from odf.text import H, P

    element = (
        H(stylename=para.style, outlinelevel=str(para.outline))
        if para.outline
        else P(stylename=para.style)
    )
    previous_was_slot = False
    for inline in para.inlines:
        if isinstance(inline, str):
            if inline:
                element.addText((" " if previous_was_slot else "") + inline)
            previous_was_slot = False
            continue
        if previous_was_slot or (para.inlines and inline is not para.inlines[0]):
            element.addText(" ")
        for part in _slot(inline, para.placeholder):
            element.appendChild(part)
        previous_was_slot = True
    return element


def _slot(slot: Slot, placeholder: str) -> tuple[Any, Any, Any]:
    from odf.text import BookmarkEnd, BookmarkStart

    control = _checkbox(slot, False) if slot.kind is SlotKind.CHECK else _text_control(placeholder)
    return BookmarkStart(name=slot.bookmark), control, BookmarkEnd(name=slot.bookmark)


def _table(table: Table) -> Any:
    from odf.table import Table as OdfTable
    from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow

    element = OdfTable(name=table.name, stylename="ccTable")
    element.addElement(TableColumn(stylename="ccFirstColumn"))
    if len(table.header) > 1:
        element.addElement(
            TableColumn(stylename="ccColumn", numbercolumnsrepeated=str(len(table.header) - 1))
        )
    header_rows = TableHeaderRows()
    header = TableRow()
    for para in table.header:
        cell = TableCell(stylename="ccCell", valuetype="string")
        cell.addElement(_paragraph(para))
        header.addElement(cell)
    header_rows.addElement(header)
    element.addElement(header_rows)
    for row in table.rows:
        table_row = TableRow()
        for para in row:
            cell = TableCell(stylename="ccCell", valuetype="string")
            cell.addElement(_paragraph(para))
            table_row.addElement(cell)
        element.addElement(table_row)
    return element


def render(
    blocks: list[Block],
    stream: IO[bytes],
    *,
    lang: str,
    title: str,
    properties: Mapping[str, str],
) -> None:
    """Write the .odt package of ``blocks`` to ``stream``."""
    from odf.dc import Language
    from odf.dc import Title as DcTitle
    from odf.meta import UserDefined
    from odf.opendocument import OpenDocumentText

    _register_loext()
    doc = OpenDocumentText()
    _styles(doc, lang)
    doc.meta.addElement(DcTitle(text=title))
    doc.meta.addElement(Language(text={"fr": "fr-FR", "en": "en-GB"}.get(lang, "fr-FR")))
    for name, value in properties.items():
        doc.meta.addElement(UserDefined(name=name, valuetype="string", text=value))
    for block in blocks:
        doc.text.addElement(_paragraph(block) if isinstance(block, Para) else _table(block))
    doc.write(stream)


__all__ = ["CHECKED_GLYPH", "LOEXT_NS", "UNCHECKED_GLYPH", "render"]
