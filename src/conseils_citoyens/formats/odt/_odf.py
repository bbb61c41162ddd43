"""The only module that touches odfpy: renders form blocks into an .odt package.

odfpy checks element factories against its ODF grammar, which does not know
LibreOffice's ``loext`` extension: checkbox and text content controls are
created as raw elements (grammar check off) and attached with ``appendChild``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, Final
from xml.sax.saxutils import escape as xml_escape

from conseils_citoyens.documents._odfpy import ensure_odfpy
from conseils_citoyens.formats._formtext import (
    ACCENT,
    EASY_LOOK,
    HELP_COLOR,
    PLACEHOLDER_COLOR,
    STANDARD_LOOK,
    Look,
)
from conseils_citoyens.formats._formtext import FONT as FORM_FONT
from conseils_citoyens.formats.odt.layout import (
    STYLE_ANSWER,
    STYLE_ANSWER_KEEP,
    STYLE_BODY,
    STYLE_CELL,
    STYLE_CELL_BOX,
    STYLE_CELL_EXAMPLE,
    STYLE_CELL_EXAMPLE_BOX,
    STYLE_CELL_HEADING,
    STYLE_CHOICE,
    STYLE_CHOICE_KEEP,
    STYLE_HEADING,
    STYLE_HELP,
    STYLE_IDENTITY,
    STYLE_INSTRUCTION,
    STYLE_INTRO,
    STYLE_NOTICE,
    STYLE_NOTICE_KEEP,
    STYLE_TITLE,
    Block,
    Para,
    Table,
)
from conseils_citoyens.formats.slots import Slot, SlotKind

LOEXT_NS: Final = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
TABLE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#: The character style of placeholders (« Écrivez ici »), the only grey text of a form.
PLACEHOLDER_STYLE: Final = "cc_20_Placeholder"
PLACEHOLDER_DISPLAY: Final = "Texte à remplacer"
#: The names the placeholder style has in a form saved again by LibreOffice (it names
#: styles after their display name) or converted from a Word form.
PLACEHOLDER_STYLES: Final = frozenset(
    {PLACEHOLDER_STYLE, "Texte_20_à_20_remplacer", "Placeholder_20_Text"}
)
CHECKED_GLYPH: Final = "☒"
UNCHECKED_GLYPH: Final = "☐"
FONT: Final = FORM_FONT
#: Boxes are drawn with the ☐ glyph of this font (a 0.73 em square): see :func:`_box_styles`.
BOX_FONT: Final = "DejaVu Sans"
#: Text width of the page (A4 portrait, 2 cm margins), table header size and cell padding.
TEXT_WIDTH_CM: Final = 17.0
HEADER_PT: Final = 11
CELL_PADDING_CM: Final = 0.1
#: The label column of a matrix or ranking is at least this wide.
MIN_LABEL_CM: Final = 6.0


def _register_loext() -> None:
    ensure_odfpy()
    from odf import namespaces

    namespaces.nsdict.setdefault(LOEXT_NS, "loext")


def table_widths(table: Table) -> tuple[float, ...]:
    """Column widths (cm) of a form table: labels at least 6 cm, no header word broken."""
    from conseils_citoyens.formats._textwidth import column_widths_cm

    header = tuple(" ".join(i for i in para.inlines if isinstance(i, str)) for para in table.header)
    return column_widths_cm(
        header,
        total_cm=TEXT_WIDTH_CM,
        size_pt=HEADER_PT,
        padding_cm=CELL_PADDING_CM,
        min_first_cm=MIN_LABEL_CM,
    )


def _column_style(width: float) -> str:
    return f"ccColumn{round(width * 100)}"


def _styles(
    doc: Any,
    lang: str,
    column_widths: Iterable[tuple[float, ...]] = (),
    look: Look = STANDARD_LOOK,
    scan_qr: tuple[str, str] | None = None,
) -> None:
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
        TableRowProperties,
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
            fontname=FONT,
            fontsize=f"{look.body:g}pt",
            language=lang,
            country=country,
            hyphenate="false",
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
    accent = f"#{ACCENT}"
    paragraph(
        STYLE_TITLE,
        "Title",
        parent="Heading",
        klass="chapter",
        para={"textalign": "start", "margintop": "0cm"},
        text={"fontsize": f"{look.title:g}pt", "color": accent},
    )
    paragraph(
        STYLE_HEADING[1],
        "Heading 1",
        parent="Heading",
        outline=1,
        text={"fontsize": f"{look.heading:g}pt", "color": accent},
    )
    paragraph(
        STYLE_HEADING[2],
        "Heading 2",
        parent="Heading",
        outline=2,
        para={"margintop": "0.5cm", "marginbottom": "0.14cm"},
        text={"fontsize": f"{look.question:g}pt"},
    )
    paragraph(
        STYLE_HEADING[3],
        "Heading 3",
        parent="Heading",
        outline=3,
        para={"margintop": "0.35cm", "marginbottom": "0.07cm"},
        text={"fontsize": f"{look.body:g}pt"},
    )
    paragraph(
        STYLE_HELP,
        "Aide",
        parent="Standard",
        para={"keepwithnext": "always", "marginbottom": "0.1cm"},
        text={"color": f"#{HELP_COLOR}"},
    )
    paragraph(
        STYLE_INSTRUCTION,
        "Consigne",
        parent="Standard",
        para={"keepwithnext": "always"},
        text={"fontweight": "bold"},
    )
    paragraph(STYLE_INTRO, "Introduction", parent=STYLE_BODY, para={"keepwithnext": "always"})
    paragraph(STYLE_IDENTITY, "Identification", parent="Standard", text={"fontweight": "bold"})
    paragraph(
        STYLE_NOTICE,
        "Information",
        parent="Standard",
        # the easy-read form spaces its closing paragraphs as its body text
        para={"marginbottom": "0.2cm" if look == EASY_LOOK else "0.1cm", "keeptogether": "always"},
    )
    paragraph(
        STYLE_NOTICE_KEEP,
        "Information (suite)",
        parent=STYLE_NOTICE,
        para={"keepwithnext": "always"},
    )
    paragraph(
        STYLE_CHOICE,
        "Choix",
        parent="Standard",
        para={
            "marginleft": "0.4cm",
            "marginbottom": "0.07cm",
            "keepwithnext": "auto",
            "keeptogether": "always",  # a row of boxes never splits at a page foot
        },
    )
    paragraph(
        STYLE_CHOICE_KEEP,
        "Choix (suite)",
        parent=STYLE_CHOICE,
        para={"keepwithnext": "always"},
    )
    paragraph(
        STYLE_ANSWER,
        "Réponse",
        parent="Standard",
        para={
            "marginleft": "0.5cm",
            "margintop": f"{look.line_gap * 0.0353:.2f}cm",
            "borderbottom": "0.5pt solid #000000",
            "paddingbottom": "0.05cm",
            # LibreOffice merges the borders of neighbouring paragraphs alike:
            # without this, the ruled lines of a long answer print as one line.
            "joinborder": "false",
        },
    )
    paragraph(
        STYLE_ANSWER_KEEP,
        "Réponse (suite)",
        parent=STYLE_ANSWER,
        para={"keepwithnext": "always"},
    )
    paragraph(STYLE_CELL, "Table Contents", parent="Standard", klass="extra")
    paragraph(
        STYLE_CELL_HEADING,
        "Table Heading",
        parent=STYLE_CELL,
        klass="extra",
        para={"textalign": "center"},
        text={"fontweight": "bold", "fontsize": f"{HEADER_PT}pt"},
    )
    paragraph(
        STYLE_CELL_BOX,
        "Case",
        parent=STYLE_CELL,
        klass="extra",
        para={"textalign": "center"},
    )
    paragraph(
        STYLE_CELL_EXAMPLE,
        "Exemple",
        parent=STYLE_CELL,
        klass="extra",
        text={"fontstyle": "italic", "color": f"#{HELP_COLOR}"},
    )
    paragraph(
        STYLE_CELL_EXAMPLE_BOX,
        "Case d'exemple",
        parent=STYLE_CELL,
        klass="extra",
        para={"textalign": "center"},
        text={"fontname": BOX_FONT, "fontsize": f"{look.box:g}pt"},
    )
    paragraph("Footer", "Footer", parent="Standard", klass="extra", para={"textalign": "center"})

    # The one place boxes get their size: the ☐ glyph of DejaVu Sans at ``look.box``
    # points (20 pt: a 5 mm square; 28 pt on the easy-read form).
    box = Style(name="cc_20_Box", displayname="Case à cocher", family="text")
    box.addElement(TextProperties(fontname=BOX_FONT, fontsize=f"{look.box:g}pt"))
    doc.styles.addElement(box)
    placeholder = Style(name=PLACEHOLDER_STYLE, displayname=PLACEHOLDER_DISPLAY, family="text")
    placeholder.addElement(TextProperties(color=f"#{PLACEHOLDER_COLOR}"))
    doc.styles.addElement(placeholder)

    outline = OutlineStyle(name="Outline")
    for level in range(1, 11):
        level_style = OutlineLevelStyle(level=str(level), numformat="")
        level_style.addElement(ListLevelProperties())
        outline.addElement(level_style)
    doc.styles.addElement(outline)

    table = Style(name="ccTable", family="table")
    # a question's table never breaks across pages (long ones are cut by the layout)
    table.addElement(
        TableProperties(
            width=f"{TEXT_WIDTH_CM}cm",
            relwidth="100%",
            align="margins",
            margintop="0.1cm",
            maybreakbetweenrows="false",
        )
    )
    doc.automaticstyles.addElement(table)
    choices = Style(name="ccChoices", family="table")
    choices.addElement(
        TableProperties(width=f"{TEXT_WIDTH_CM}cm", align="margins", maybreakbetweenrows="false")
    )
    doc.automaticstyles.addElement(choices)
    row = Style(name="ccRow", family="table-row")
    row.addElement(TableRowProperties(keeptogether="always"))
    doc.automaticstyles.addElement(row)
    example = Style(name="ccExampleCell", family="table-cell")
    example.addElement(
        TableCellProperties(
            border="0.5pt solid #000000",
            padding=f"{CELL_PADDING_CM}cm",
            verticalalign="middle",
            backgroundcolor="#ededed",
        )
    )
    doc.automaticstyles.addElement(example)
    cell = Style(name="ccCell", family="table-cell")
    cell.addElement(
        TableCellProperties(
            border="0.5pt solid #000000", padding=f"{CELL_PADDING_CM}cm", verticalalign="middle"
        )
    )
    doc.automaticstyles.addElement(cell)
    head = Style(name="ccHeadCell", family="table-cell")
    head.addElement(
        TableCellProperties(
            border="0.5pt solid #000000", padding=f"{CELL_PADDING_CM}cm", verticalalign="bottom"
        )
    )
    doc.automaticstyles.addElement(head)
    for width in sorted({width for widths in column_widths for width in widths}):
        column = Style(name=_column_style(width), family="table-column")
        column.addElement(
            TableColumnProperties(
                columnwidth=f"{width:g}cm", relcolumnwidth=f"{round(width * 1000)}*"
            )
        )
        doc.automaticstyles.addElement(column)

    layout = PageLayout(name="ccPage")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm",
            pageheight="29.7cm",
            printorientation="portrait",
            # With the scan marks' header, the header takes the last HEADER_CM of the
            # 2 cm top margin: the body starts 2 cm from the top either way.
            margintop=f"{2 - HEADER_CM:g}cm" if scan_qr else "2cm",
            marginbottom="1.5cm",
            marginleft="2cm",
            marginright="2cm",
        )
    )
    if scan_qr:
        layout.addElement(_scan_header_style())
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    if scan_qr:
        master.addElement(_scan_header(doc, *scan_qr))
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


# --- the scan marks, in the page header ----------------------------------------------
#
# Objects anchored in the header's paragraph but positioned relative to the page
# (``vertical-rel``/``horizontal-rel`` ``page``, not following the text flow): every
# page carries them at the same place, in the margins, like a watermark. See
# :mod:`conseils_citoyens.formats._scanmarks`.

#: The header's height (the end of the 2 cm top margin): it holds one tiny paragraph.
HEADER_CM: Final = 0.5
_MARK_STYLE: Final = "ccScanMark"
_QR_STYLE: Final = "ccScanQr"
_HEADER_PARAGRAPH: Final = "ccScanHeader"


def _scan_header_style() -> Any:
    from odf.style import HeaderFooterProperties, HeaderStyle

    style = HeaderStyle()
    style.addElement(
        HeaderFooterProperties(
            minheight=f"{HEADER_CM:g}cm", margin="0cm", padding="0cm", dynamicspacing="false"
        )
    )
    return style


def _scan_header(doc: Any, qr_text: str, qr_title: str) -> Any:
    """The page header holding the corner marks and the QR code ``qr_text``."""
    from odf.draw import Frame, Image, Rect
    from odf.style import GraphicProperties, Header, ParagraphProperties, Style
    from odf.svg import Desc, Title
    from odf.text import P

    from conseils_citoyens.formats._scanmarks import corner_marks_mm, qr_box_mm, qr_png

    placed = {
        "wrap": "run-through",
        "runthrough": "foreground",
        "verticalpos": "from-top",
        "verticalrel": "page",
        "horizontalpos": "from-left",
        "horizontalrel": "page",
        "flowwithtext": "false",
    }
    mark_style = Style(name=_MARK_STYLE, family="graphic")
    mark_style.addElement(
        GraphicProperties(fill="solid", fillcolor="#000000", stroke="none", **placed)
    )
    qr_style = Style(name=_QR_STYLE, family="graphic")
    qr_style.addElement(
        GraphicProperties(fill="none", stroke="none", padding="0cm", border="none", **placed)
    )
    # The paragraph holds no text, only the anchors: a fixed line 0.05 cm high.
    tiny = Style(name=_HEADER_PARAGRAPH, family="paragraph")
    tiny.addElement(ParagraphProperties(margintop="0cm", marginbottom="0cm", lineheight="0.05cm"))
    for style in (mark_style, qr_style, tiny):
        doc.automaticstyles.addElement(style)

    paragraph = P(stylename=tiny)
    for number, (x, y, width, height) in enumerate(corner_marks_mm(), start=1):
        paragraph.addElement(
            Rect(
                name=f"ccMark{number}",
                stylename=mark_style,
                anchortype="paragraph",
                x=f"{x:g}mm",
                y=f"{y:g}mm",
                width=f"{width:g}mm",
                height=f"{height:g}mm",
                zindex=str(number),
            )
        )
    x, y, width, height = qr_box_mm()
    href = doc.addPicture("Pictures/cc-scan-qr.png", "image/png", qr_png(qr_text))
    frame = Frame(
        name="ccScanQr",
        stylename=qr_style,
        anchortype="paragraph",
        x=f"{x:g}mm",
        y=f"{y:g}mm",
        width=f"{width:g}mm",
        height=f"{height:g}mm",
        zindex="5",
    )
    frame.addElement(Image(href=href, type="simple", show="embed", actuate="onLoad"))
    frame.addElement(Title(text=qr_title))
    frame.addElement(Desc(text=qr_text))
    paragraph.addElement(frame)
    header = Header()
    header.addElement(paragraph)
    return header


# --- the body, written as XML text --------------------------------------------------
#
# odfpy builds one Python object per element and checks each attribute against its
# grammar: for a form with hundreds of slots (bookmark, control, glyph each) that
# made the export ~4x slower than a plain odfpy document. The body is therefore
# written here as text (escaped, invalid XML characters removed) and handed to
# odfpy as one raw node; styles, metadata and the package stay odfpy's.

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: str) -> str:
    return xml_escape(_INVALID_XML.sub("", text), {'"': "&quot;"})


#: Around a placeholder, inside its control: see :func:`_slot_xml`.
_EDGE: Final = "\u200a"


def _slot_xml(slot: Slot, placeholder: str) -> str:
    name = _esc(slot.bookmark)
    if slot.kind is SlotKind.CHECK:
        control = (
            '<loext:content-control loext:checkbox="true" loext:checked="false" '
            f'loext:checked-state="{CHECKED_GLYPH}" loext:unchecked-state="{UNCHECKED_GLYPH}">'
            f'<text:span text:style-name="cc_20_Box">{UNCHECKED_GLYPH}</text:span>'
            "</loext:content-control>"
        )
    else:
        # A hair space in the text colour on each side of the grey placeholder.
        # LibreOffice gives the text typed over a selection the character style that
        # covers the control's first (invisible) character, or that ends where the
        # selection ends: with the grey span in the middle, neither, and typed answers
        # are in the text colour. (Hair spaces are white space to every reader.)
        control = (
            f'<loext:content-control loext:showing-place-holder="true">{_EDGE}'
            f'<text:span text:style-name="{PLACEHOLDER_STYLE}">{_esc(placeholder)}</text:span>'
            f"{_EDGE}</loext:content-control>"
        )
    return (
        f'<text:bookmark-start text:name="{name}"/>{control}<text:bookmark-end text:name="{name}"/>'
    )


def _paragraph_xml(para: Para, out: list[str]) -> None:
    style = _esc(para.style)
    if para.outline:
        tag = "text:h"
        out.append(f'<text:h text:style-name="{style}" text:outline-level="{para.outline}">')
    else:
        tag = "text:p"
        out.append(f'<text:p text:style-name="{style}">')
    previous_was_slot = False
    for position, inline in enumerate(para.inlines):
        if isinstance(inline, str):
            if inline:
                # a no-break space: a box never parts from its label at a line end
                out.append(("\u00a0" if previous_was_slot else "") + _esc(inline))
            previous_was_slot = False
            continue
        if position > 0:
            out.append(" ")
        out.append(_slot_xml(inline, para.placeholder))
        previous_was_slot = True
    out.append(f"</{tag}>")


def _table_xml(table: Table, out: list[str]) -> None:
    out.append(f'<table:table table:name="{_esc(table.name)}" table:style-name="ccTable">')
    for width in table_widths(table):
        out.append(f'<table:table-column table:style-name="{_column_style(width)}"/>')
    example = (table.example,) if table.example is not None else ()
    for index, row in enumerate((table.header, *example, *table.rows)):
        if index == 0:
            out.append("<table:table-header-rows>")
        out.append('<table:table-row table:style-name="ccRow">')
        cell_style = (
            "ccHeadCell" if index == 0 else "ccExampleCell" if index <= len(example) else "ccCell"
        )
        for para in row:
            out.append(
                f'<table:table-cell table:style-name="{cell_style}" office:value-type="string">'
            )
            _paragraph_xml(para, out)
            out.append("</table:table-cell>")
        out.append("</table:table-row>")
        if index == 0:
            out.append("</table:table-header-rows>")
    out.append("</table:table>")


#: Styles of the paragraphs that keep with the next one inside a list of choices.
_KEPT: Final = frozenset({STYLE_CHOICE_KEEP, STYLE_ANSWER_KEEP})
_CHOICE_LIST_END: Final = frozenset({STYLE_CHOICE, STYLE_ANSWER})


def _choice_runs(blocks: list[Block]) -> Iterator[Block | list[Para]]:
    """The blocks, each list of choices (kept paragraphs, then the last) gathered."""
    run: list[Para] = []
    for block in blocks:
        if isinstance(block, Para) and run and block.style in _KEPT | _CHOICE_LIST_END:
            run.append(block)
            if block.style in _CHOICE_LIST_END:
                yield run
                run = []
            continue
        if run:
            yield from run
            run = []
        if isinstance(block, Para) and block.style == STYLE_CHOICE_KEEP:
            run.append(block)
        else:
            yield block
    yield from run


def _kept_together_xml(paras: list[Para], out: list[str]) -> None:
    """A list of choices in one borderless cell whose row never splits.

    LibreOffice does not always honour « keep with next » along a list of
    paragraphs holding content controls (a choice list could split at a page
    foot); a table row kept together always holds.
    """
    out.append('<table:table table:style-name="ccChoices"><table:table-column/>')
    out.append('<table:table-row table:style-name="ccRow"><table:table-cell>')
    for para in paras:
        _paragraph_xml(para, out)
    out.append("</table:table-cell></table:table-row></table:table>")


def body_xml(blocks: list[Block]) -> str:
    """The XML of the form's body (the children of ``office:text``)."""
    out: list[str] = []
    for item in _choice_runs(blocks):
        if isinstance(item, list):
            _kept_together_xml(item, out)
        elif isinstance(item, Para):
            _paragraph_xml(item, out)
        else:
            _table_xml(item, out)
    return "".join(out)


def _raw_node(xml: str) -> Any:
    from odf.element import Text as TextNode

    class RawXml(TextNode):  # type: ignore[misc]
        """Already-serialised XML, written as is."""

        def toXml(self, level: int, f: Any) -> None:
            f.write(self.data)

    return RawXml(xml)


def render(
    blocks: list[Block],
    stream: IO[bytes],
    *,
    lang: str,
    title: str,
    properties: Mapping[str, str],
    look: Look = STANDARD_LOOK,
    scan_qr: str | None = None,
    scan_qr_title: str = "",
) -> None:
    """Write the .odt package of ``blocks`` to ``stream``.

    ``scan_qr``: the text of the QR code that the page header prints on every
    page with the corner marks (no scan marks when None); ``scan_qr_title`` is
    its alternative text.
    """
    ensure_odfpy()  # before any odf import: keeps the host's sys.path
    from odf.dc import Language
    from odf.dc import Title as DcTitle
    from odf.meta import UserDefined
    from odf.opendocument import OpenDocumentText

    _register_loext()
    doc = OpenDocumentText()
    _styles(
        doc,
        lang,
        (table_widths(b) for b in blocks if isinstance(b, Table)),
        look,
        (scan_qr, scan_qr_title) if scan_qr else None,
    )
    doc.meta.addElement(DcTitle(text=title))
    doc.meta.addElement(Language(text={"fr": "fr-FR", "en": "en-GB"}.get(lang, "fr-FR")))
    for name, value in properties.items():
        doc.meta.addElement(UserDefined(name=name, valuetype="string", text=value))
    for namespace in (LOEXT_NS, TABLE_NS, OFFICE_NS, TEXT_NS):
        doc.text.get_nsprefix(namespace)  # declared on the root of content.xml
    doc.text.appendChild(_raw_node(body_xml(blocks)))
    # odfpy keeps only the automatic styles its own elements use; the table
    # styles are used by the raw body, so keep them all.
    doc._used_auto_styles = lambda segments: [
        e for e in doc.automaticstyles.childNodes if e.nodeType == e.ELEMENT_NODE
    ]
    doc.write(stream)


__all__ = ["CHECKED_GLYPH", "LOEXT_NS", "UNCHECKED_GLYPH", "render"]
