"""Raw WordprocessingML for the Word form: the one module touching python-docx internals.

python-docx has no API for content controls (``w:sdt``), bookmarks, fields,
document language or custom properties, so this module writes and reads that
XML directly. Everything else (the other modules of this package) works with
plain Python values: paragraphs as tuples of text and :class:`Field`, slot
values as booleans and strings.

python-docx and lxml are imported inside functions only.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from html import escape
from typing import IO, TYPE_CHECKING, Any, Final

import attrs

from conseils_citoyens.formats._formtext import FONT, PLACEHOLDER_COLOR
from conseils_citoyens.formats.slots import Slot, SlotKind, glyph_checked, parse_bookmark

if TYPE_CHECKING:
    from lxml.etree import _Element

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS: Final = "http://schemas.microsoft.com/office/word/2010/wordml"
MC_NS: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
CUSTOM_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL_TYPE: Final = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
CORE_REL_TYPE: Final = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)
CORE_CONTENT_TYPE: Final = "application/vnd.openxmlformats-package.core-properties+xml"
CORE_PROPERTIES_NS: Final = (
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
)
DCTERMS_NS: Final = "http://purl.org/dc/terms/"
XSI_NS: Final = "http://www.w3.org/2001/XMLSchema-instance"
OFFICE_DOCUMENT_REL_TYPE: Final = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
#: The format id Office uses for user-defined properties.
_CUSTOM_FMTID: Final = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

CHECKED_GLYPH: Final = "\u2612"  # ☒
UNCHECKED_GLYPH: Final = "\u2610"  # ☐
CHECKBOX_FONT: Final = "MS Gothic"
BODY_FONT: Final = FONT
#: The body element of ``word/document.xml``.
BODY: Final = f"{{{W_NS}}}body"

# A4 portrait, 2 cm margins, in twentieths of a point.
PAGE_WIDTH: Final = 11906
PAGE_HEIGHT: Final = 16838
MARGIN: Final = 1134
TEXT_WIDTH: Final = PAGE_WIDTH - 2 * MARGIN

_NSDECL: Final = f'xmlns:w="{W_NS}" xmlns:w14="{W14_NS}"'
_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _w14(tag: str) -> str:
    return f"{{{W14_NS}}}{tag}"


def xml_text(text: str) -> str:
    """Escape ``text`` for XML content or attributes, dropping characters XML forbids."""
    return escape(_INVALID_XML_CHARS.sub("", text), quote=True)


# --- what the exporter lays out ----------------------------------------------------


@attrs.frozen(kw_only=True)
class Field:
    """A content control holding one slot: a checkbox or a plain-text box."""

    slot: Slot
    multiline: bool = False
    placeholder: str = ""


Inline = str | Field


# --- writing: body XML as text, parsed once ------------------------------------------


class BodyWriter:
    """Accumulate the body's XML (paragraphs, tables) as text, then parse it once.

    Writing text and parsing once is several times faster than building lxml
    elements one by one, and keeps the OXML in one readable place.

    Boxes to tick are drawn in one place, :meth:`box_run`: the ☐ glyph at
    ``box_pt`` points (20 pt draws a 5 mm square in DejaVu Sans, LibreOffice's
    fallback for MS Gothic), inside a checkbox content control for answers,
    bare for the example line of a ranking.
    """

    def __init__(self, *, box_pt: float = 20) -> None:
        self._chunks: list[str] = []
        self._next_id = 1
        self._box_half_points = round(box_pt * 2)

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id

    # inline pieces

    def _run(self, text: str, rstyle: str | None = None, color: str | None = None) -> str:
        props = (f'<w:rStyle w:val="{rstyle}"/>' if rstyle else "") + (
            f'<w:color w:val="{color}"/>' if color else ""
        )
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'

    def _box_rpr(self) -> str:
        font = (
            f'<w:rFonts w:ascii="{CHECKBOX_FONT}" w:eastAsia="{CHECKBOX_FONT}" '
            f'w:hAnsi="{CHECKBOX_FONT}" w:hint="eastAsia"/>'
        )
        size = self._box_half_points
        return f'<w:rPr>{font}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'

    def box_run(self, checked: bool) -> str:
        """A box to tick (☐) or ticked (☒), drawn large: the one place boxes are drawn."""
        glyph = CHECKED_GLYPH if checked else UNCHECKED_GLYPH
        return f"<w:r>{self._box_rpr()}<w:t>{glyph}</w:t></w:r>"

    def _checkbox(self, field: Field, checked: bool) -> str:
        return (
            f"<w:sdt><w:sdtPr>{self._box_rpr()}"
            f'<w:tag w:val="{xml_text(field.slot.tag)}"/><w:id w:val="{self._id()}"/>'
            f'<w14:checkbox><w14:checked w14:val="{int(checked)}"/>'
            f'<w14:checkedState w14:val="2612" w14:font="{CHECKBOX_FONT}"/>'
            f'<w14:uncheckedState w14:val="2610" w14:font="{CHECKBOX_FONT}"/>'
            f"</w14:checkbox></w:sdtPr><w:sdtContent>"
            f"{self.box_run(checked)}"
            f"</w:sdtContent></w:sdt>"
        )

    def _text_control(self, field: Field) -> str:
        multiline = ' w:multiLine="1"' if field.multiline else ""
        return (
            f'<w:sdt><w:sdtPr><w:tag w:val="{xml_text(field.slot.tag)}"/>'
            f'<w:id w:val="{self._id()}"/><w:showingPlcHdr/><w:text{multiline}/></w:sdtPr>'
            # the colour is also set directly: LibreOffice ignores the character style here
            f"<w:sdtContent>{self._run(field.placeholder, 'PlaceholderText', PLACEHOLDER_COLOR)}"
            "</w:sdtContent>"
            f"</w:sdt>"
        )

    def _field(self, field: Field) -> str:
        bookmark_id = self._id()
        control = (
            self._checkbox(field, False)
            if field.slot.kind is SlotKind.CHECK
            else self._text_control(field)
        )
        return (
            f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{field.slot.bookmark}"/>'
            f'{control}<w:bookmarkEnd w:id="{bookmark_id}"/>'
        )

    def _paragraph(
        self, style: str, parts: Iterable[Inline], *, keep_next: bool = False, extra: str = ""
    ) -> str:
        keep = "<w:keepNext/>" if keep_next else ""
        body = "".join(
            self._field(part) if isinstance(part, Field) else self._run(part) for part in parts
        )
        return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}{extra}</w:pPr>{body}</w:p>'

    # blocks

    def paragraph(self, style: str, parts: Iterable[Inline], *, keep_next: bool = False) -> None:
        """Append a paragraph of text runs and content controls."""
        self._chunks.append(self._paragraph(style, parts, keep_next=keep_next))

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[tuple[str, Sequence[Field]]],
        *,
        header_style: str,
        label_style: str,
        box_style: str,
        example: tuple[str, int] | None = None,
        example_style: str | None = None,
    ) -> None:
        """Append a table: a repeated header row, then a label and one checkbox per column.

        The whole table stays on one page (every row keeps with the next, no
        row splits). ``example`` adds a filled example line under the header:
        its label and the column whose box is ticked.
        """
        widths = grid_widths(tuple(header))
        out = [
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f"{_CELL_MARGINS}"
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        ]
        out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out.append("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        for width, text in zip(widths, header, strict=True):
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="bottom"/>'
                f"</w:tcPr>{self._paragraph(header_style, (text,), keep_next=True)}</w:tc>"
            )
        out.append("</w:tr>")
        if example is not None:
            label, ticked = example
            shade = '<w:shd w:val="clear" w:color="auto" w:fill="EDEDED"/>'
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{widths[0]}" w:type="dxa"/>{shade}</w:tcPr>'
                f"{self._paragraph(example_style or label_style, (label,), keep_next=True)}"
                "</w:tc>"
            )
            for column, width in enumerate(widths[1:]):
                box = self.box_run(column == ticked)
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}'
                    f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{box_style}"/>'
                    f"<w:keepNext/></w:pPr>{box}</w:p></w:tc>"
                )
            out.append("</w:tr>")
        for index, (label, fields) in enumerate(rows):
            keep = index < len(rows) - 1
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{widths[0]}" w:type="dxa"/></w:tcPr>'
                f"{self._paragraph(label_style, (label,), keep_next=keep)}</w:tc>"
            )
            for width, field in zip(widths[1:], fields, strict=True):
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/>'
                    f"</w:tcPr>{self._paragraph(box_style, (field,), keep_next=keep)}</w:tc>"
                )
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self._chunks.append("".join(out))

    def write_box(self, field: Field, *, style: str, lines: int) -> None:
        """Append ``lines`` ruled lines to write on, the first holding a text control.

        A table without side borders, one row per line with a bottom rule: the
        rules print in Word and LibreOffice alike, and the lines stay together.
        """
        line = 'w:val="single" w:sz="6" w:space="0" w:color="000000"'
        borders = (
            '<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/>'
            f'<w:bottom {line}/><w:right w:val="nil"/><w:insideH {line}/>'
            '<w:insideV w:val="nil"/></w:tblBorders>'
        )
        out = [
            f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/>{borders}'
            '<w:tblLayout w:type="fixed"/>'
            f'</w:tblPr><w:tblGrid><w:gridCol w:w="{TEXT_WIDTH}"/></w:tblGrid>'
        ]
        for index in range(lines):
            keep = index < lines - 1
            content = (field,) if index == 0 else ()
            out.append(
                f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{LINE_HEIGHT}" w:hRule="atLeast"/>'
                f'</w:trPr><w:tc><w:tcPr><w:tcW w:w="{TEXT_WIDTH}" w:type="dxa"/>'
                '<w:vAlign w:val="bottom"/></w:tcPr>'
                f"{self._paragraph(style, content, keep_next=keep)}</w:tc></w:tr>"
            )
        out.append("</w:tbl>")
        self._chunks.append("".join(out))

    def xml(self) -> str:
        """The accumulated XML of the body's children (prefixes ``w`` and ``w14``)."""
        return "".join(self._chunks)


#: Height of a ruled line to write on by hand (twips): 1 cm.
LINE_HEIGHT: Final = 567

#: Font size of table headers (points) and Word's default left/right cell margin (cm).
HEADER_PT: Final = 10
CELL_MARGIN_CM: Final = 0.19
TWIPS_PER_CM: Final = 567


#: Cell margins of checkbox tables: a little air above and below each label.
_CELL_MARGINS: Final = (
    "<w:tblCellMar>"
    + "".join(
        f'<w:{side} w:w="{width}" w:type="dxa"/>'
        for side, width in (
            ("top", 45),
            ("left", round(CELL_MARGIN_CM * TWIPS_PER_CM)),
            ("bottom", 45),
            ("right", round(CELL_MARGIN_CM * TWIPS_PER_CM)),
        )
    )
    + "</w:tblCellMar>"
)


def grid_widths(header: tuple[str, ...]) -> list[int]:
    """Column widths (twips) of a checkbox table: no header word broken, labels take the rest.

    The widths sum to the text width of the page exactly.
    """
    from conseils_citoyens.formats._textwidth import column_widths_cm

    widths_cm = column_widths_cm(
        header,
        total_cm=TEXT_WIDTH / TWIPS_PER_CM,
        size_pt=HEADER_PT,
        padding_cm=CELL_MARGIN_CM,
    )
    answers = [round(width * TWIPS_PER_CM) for width in widths_cm[1:]]
    return [TEXT_WIDTH - sum(answers), *answers]


# --- the document: styles, page, footer, properties --------------------------------


@attrs.frozen(kw_only=True)
class StyleSpec:
    """A paragraph or character style added to the document."""

    style_id: str
    name: str
    character: bool = False
    size: float | None = None
    bold: bool = False
    italic: bool = False
    color: str | None = None
    keep_next: bool = False
    space_before: float | None = None
    space_after: float | None = None
    indent_cm: float | None = None
    center: bool = False
    bottom_border: bool = False
    outline_level: int | None = None
    keep_lines: bool = False


def new_document(
    styles: Sequence[StyleSpec],
    *,
    lang_tag: str,
    body_pt: float = 11,
    heading_pt: float = 16,
    title_pt: float = 20,
    accent: str = "000000",
) -> Any:
    """Return a python-docx Document: A4 portrait, 2 cm margins, Arial, language set.

    Body text is ``body_pt``; the title and level-1 headings are bold, in the
    ``accent`` colour, left-aligned, without the template's rule or theme colour.
    """
    import docx
    from docx.oxml.parser import parse_xml
    from docx.shared import Cm, Emu, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width = Emu(PAGE_WIDTH * 635)  # twips to EMU
    section.page_height = Emu(PAGE_HEIGHT * 635)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    section.header_distance = Cm(1)
    section.footer_distance = Cm(1)
    _set_fonts_and_language(document, lang_tag)

    normal = document.styles["Normal"]
    normal.font.size = Pt(body_pt)
    normal.paragraph_format.space_after = Pt(4)
    _restyle_heading(document, "Title", title_pt, accent)
    _restyle_heading(document, "Heading 1", heading_pt, accent)
    # python-docx's add_style scans every style for each addition: write them at once.
    styles_xml = "".join(_style_xml(spec) for spec in styles)
    fragment = parse_xml(f"<w:styles {_NSDECL}>{styles_xml}</w:styles>")
    document.styles.element.extend(list(fragment))
    return document


def _restyle_heading(document: Any, name: str, size_pt: float, color: str) -> None:
    """Give a template heading style one look: bold, ``color``, ``size_pt``, no rule."""
    from docx.shared import Pt, RGBColor

    style = document.styles[name]
    element = style.element
    ppr = element.find(_w("pPr"))
    if ppr is not None:
        for border in ppr.findall(_w("pBdr")):
            ppr.remove(border)
    rpr = element.get_or_add_rPr()
    for child in list(rpr):
        if child.tag in (_w("color"), _w("spacing"), _w("kern")):
            rpr.remove(child)
    style.font.size = Pt(size_pt)
    style.font.bold = True
    style.font.color.rgb = RGBColor.from_string(color)
    style.font.name = BODY_FONT
    style.paragraph_format.keep_with_next = True
    style.paragraph_format.space_after = Pt(6)


def _style_xml(spec: StyleSpec) -> str:
    """The ``w:style`` element of a :class:`StyleSpec`."""
    ppr = ""
    if not spec.character:
        parts = []
        if spec.keep_next:
            parts.append("<w:keepNext/>")
        if spec.keep_lines:
            parts.append("<w:keepLines/>")
        if spec.bottom_border:
            parts.append(
                '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'
            )
        spacing = ""
        if spec.space_before is not None:
            spacing += f' w:before="{round(spec.space_before * 20)}"'
        if spec.space_after is not None:
            spacing += f' w:after="{round(spec.space_after * 20)}"'
        if spacing:
            parts.append(f"<w:spacing{spacing}/>")
        if spec.indent_cm is not None:
            parts.append(f'<w:ind w:left="{round(spec.indent_cm * 567)}"/>')
        if spec.center:
            parts.append('<w:jc w:val="center"/>')
        if spec.outline_level is not None:
            # a heading for assistive technology and the navigation pane (0 = level 1)
            parts.append(f'<w:outlineLvl w:val="{spec.outline_level - 1}"/>')
        ppr = f"<w:pPr>{''.join(parts)}</w:pPr>"
    rpr = []
    if spec.bold:
        rpr.append("<w:b/><w:bCs/>")
    if spec.italic:
        rpr.append("<w:i/><w:iCs/>")
    if spec.color is not None:
        rpr.append(f'<w:color w:val="{spec.color}"/>')
    if spec.size is not None:
        half_points = round(spec.size * 2)
        rpr.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    kind = "character" if spec.character else "paragraph"
    based_on = "DefaultParagraphFont" if spec.character else "Normal"
    return (
        f'<w:style w:type="{kind}" w:customStyle="1" w:styleId="{xml_text(spec.style_id)}">'
        f'<w:name w:val="{xml_text(spec.name)}"/><w:basedOn w:val="{based_on}"/><w:qFormat/>'
        f"{ppr}<w:rPr>{''.join(rpr)}</w:rPr></w:style>"
    )


def _set_fonts_and_language(document: Any, lang_tag: str) -> None:
    """Arial everywhere (no theme fonts), and ``lang_tag`` as the document language."""
    from docx.oxml.parser import OxmlElement

    styles = document.styles.element
    defaults = styles.find(_w("docDefaults"))
    rpr_default = defaults.find(_w("rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(_w("rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    for rfonts in styles.iter(_w("rFonts")):
        for name in list(rfonts.attrib):
            if name.endswith("Theme"):
                del rfonts.attrib[name]
        for name in ("ascii", "hAnsi", "cs", "eastAsia"):
            rfonts.set(_w(name), BODY_FONT)
    if rpr.find(_w("rFonts")) is None:
        rfonts = OxmlElement("w:rFonts")
        for name in ("ascii", "hAnsi", "cs", "eastAsia"):
            rfonts.set(_w(name), BODY_FONT)
        rpr.insert(0, rfonts)
    for rpr_el in [rpr, document.styles["Normal"].element.get_or_add_rPr()]:
        lang = rpr_el.find(_w("lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr_el.append(lang)
        lang.set(_w("val"), lang_tag)
        lang.set(_w("eastAsia"), lang_tag)
        lang.set(_w("bidi"), "ar-SA")
    settings = document.settings.element
    theme_lang = settings.find(_w("themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(_w("val"), lang_tag)


def with_body(document: Any, writer: BodyWriter) -> Any:
    """Return the document with the writer's paragraphs and tables at the start of its body.

    The template's body is empty but for its section properties; the whole
    main part is re-parsed once with the new content, which is several times
    faster than moving parsed elements into it (lxml reconciles namespaces
    node by node). Returns the new ``Document`` object of the same package.
    """
    from docx.oxml.parser import parse_xml
    from lxml import etree

    root = document.element
    body = root.find(_w("body"))
    declared = root.nsmap
    if (
        body is None
        or len(body) > 1
        or declared.get("w") != W_NS
        or declared.get("w14") != W14_NS
        or "w14" not in (root.get(f"{{{MC_NS}}}Ignorable") or "").split()
    ):
        raise ValueError("unexpected python-docx template: body not empty or w14 undeclared")
    xml = etree.tostring(root, encoding="unicode")
    if "<w:body>" not in xml:
        raise ValueError("unexpected python-docx template: <w:body> not found")
    xml = xml.replace("<w:body>", "<w:body>" + writer.xml(), 1)
    document.part._element = parse_xml(xml.encode("utf-8"))
    return document.part.document


def page_number_footer(document: Any, page: str, of: str) -> None:
    """Write « Page N sur M » (PAGE and NUMPAGES fields) centred in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.parser import parse_xml

    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{page} ")
    paragraph._p.append(
        parse_xml(f'<w:fldSimple {_NSDECL} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    paragraph._p.append(parse_xml(f'<w:r {_NSDECL}><w:t xml:space="preserve"> {of} </w:t></w:r>'))
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {_NSDECL} w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )


# --- the scan marks, in the page header ---------------------------------------------
#
# Pictures anchored in the header (``wp:anchor``) but positioned relative to the page,
# without wrapping and behind the text, as Word places a watermark: every page
# carries them at the same place, in the margins. See
# :mod:`conseils_citoyens.formats._scanmarks`.

WP_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/picture"
#: Word's "decorative" flag on a picture (screen readers skip it).
_DECORATIVE_EXT: Final = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_DECORATIVE_NS: Final = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_EMU_PER_MM: Final = 36000


def _anchored_picture(
    r_id: str, shape_id: int, name: str, box: tuple[float, float, float, float], descr: str | None
) -> str:
    """A picture in a run, positioned on the page (millimetres from its top left)."""
    x, y, width, height = (round(v * _EMU_PER_MM) for v in box)
    if descr is None:
        alt = (
            f'<a:extLst xmlns:a="{A_NS}"><a:ext uri="{_DECORATIVE_EXT}">'
            f'<adec:decorative xmlns:adec="{_DECORATIVE_NS}" val="1"/></a:ext></a:extLst>'
        )
        doc_pr = f'<wp:docPr id="{shape_id}" name="{name}" descr="">{alt}</wp:docPr>'
    else:
        doc_pr = f'<wp:docPr id="{shape_id}" name="{name}" descr="{xml_text(descr)}"/>'
    return (
        f'<w:r {_NSDECL} xmlns:wp="{WP_NS}" xmlns:a="{A_NS}" xmlns:pic="{PIC_NS}" '
        f'xmlns:r="{R_NS}"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{251658240 + shape_id}" behindDoc="1" locked="1" layoutInCell="0" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f"<wp:wrapNone/>{doc_pr}"
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic><a:graphicData uri="{PIC_NS}"><pic:pic>'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="{name}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{r_id}"/><a:stretch><a:fillRect/></a:stretch>'
        "</pic:blipFill>"
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def scan_header(document: Any, qr_text: str, qr_title: str) -> None:
    """Put the corner marks and the QR code ``qr_text`` in the page header of every page.

    ``qr_title`` is the QR code's alternative text (its content is added to it);
    the corner marks are decorative.
    """
    import io

    from docx.oxml.parser import parse_xml

    from conseils_citoyens.formats._scanmarks import (
        corner_marks_mm,
        qr_box_mm,
        qr_png,
        solid_png,
    )

    header = document.sections[0].header
    header.is_linked_to_previous = False
    part = header.part
    mark_id, _ = part.get_or_add_image(io.BytesIO(solid_png()))
    qr_id, _ = part.get_or_add_image(io.BytesIO(qr_png(qr_text)))
    paragraph = header.paragraphs[0]._p
    # The paragraph holds no text, only the anchors: an exact line 2 points high.
    paragraph.append(
        parse_xml(
            f'<w:pPr {_NSDECL}><w:spacing w:before="0" w:after="0" w:line="40" '
            'w:lineRule="exact"/></w:pPr>'
        )
    )
    for number, box in enumerate(corner_marks_mm(), start=1):
        paragraph.append(
            parse_xml(_anchored_picture(mark_id, number, f"ccMark{number}", box, None))
        )
    paragraph.append(
        parse_xml(_anchored_picture(qr_id, 5, "ccScanQr", qr_box_mm(), f"{qr_title} : {qr_text}"))
    )


def set_core_properties(document: Any, *, title: str, lang_tag: str, subject: str) -> None:
    """Title, language and dates of the document; no author from the template."""
    props = document.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.title = title
    props.subject = subject
    props.language = lang_tag
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = "conseils citoyens"
    props.revision = 1
    props.created = now
    props.modified = now


def custom_properties_xml(properties: Mapping[str, str]) -> bytes:
    """Return ``docProps/custom.xml`` holding ``properties`` as text values."""
    items = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name="{xml_text(name)}">'
        f"<vt:lpwstr>{xml_text(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{items}</Properties>'
    ).encode()


def set_custom_properties(document: Any, properties: Mapping[str, str]) -> None:
    """Add ``docProps/custom.xml`` to the package (python-docx has no API for it)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    part = Part(
        PackURI("/docProps/custom.xml"),
        CUSTOM_CONTENT_TYPE,
        custom_properties_xml(properties),
        package,
    )
    package.relate_to(part, CUSTOM_REL_TYPE)


def save(document: Any, stream: IO[bytes]) -> None:
    """Write the document to a binary stream."""
    document.save(stream)


# --- reading ---------------------------------------------------------------------------

#: Clark names of the elements the reader looks at (computed once: the walk is hot).
_W_BODY: Final = _w("body")
_W_BOOKMARK_END: Final = _w("bookmarkEnd")
_W_BOOKMARK_START: Final = _w("bookmarkStart")
_W_BR: Final = _w("br")
_W_CHAR: Final = _w("char")
_W_CHECK_BOX: Final = _w("checkBox")
_W_CR: Final = _w("cr")
_W_DATE: Final = _w("date")
_W_DEL: Final = _w("del")
_W_DEL_INSTR_TEXT: Final = _w("delInstrText")
_W_DEL_TEXT: Final = _w("delText")
_W_FF_DATA: Final = _w("ffData")
_W_FLD_CHAR: Final = _w("fldChar")
_W_FLD_CHAR_TYPE: Final = _w("fldCharType")
_W_FLD_SIMPLE: Final = _w("fldSimple")
_W_FONT: Final = _w("font")
_W_ID: Final = _w("id")
_W_INSTR: Final = _w("instr")
_W_INSTR_TEXT: Final = _w("instrText")
_W_MOVE_FROM: Final = _w("moveFrom")
_W_NAME: Final = _w("name")
_W_NO_BREAK_HYPHEN: Final = _w("noBreakHyphen")
_W_P: Final = _w("p")
_W_P_PR: Final = _w("pPr")
_W_PTAB: Final = _w("ptab")
_W_R: Final = _w("r")
_W_R_PR: Final = _w("rPr")
_W_RICH_TEXT: Final = _w("richText")
_W_SDT: Final = _w("sdt")
_W_SDT_CONTENT: Final = _w("sdtContent")
_W_SDT_END_PR: Final = _w("sdtEndPr")
_W_SDT_PR: Final = _w("sdtPr")
_W_SHOWING_PLC_HDR: Final = _w("showingPlcHdr")
_W_SOFT_HYPHEN: Final = _w("softHyphen")
_W_SYM: Final = _w("sym")
_W_T: Final = _w("t")
_W_TAB: Final = _w("tab")
_W_TAG: Final = _w("tag")
_W_TC: Final = _w("tc")
_W_TEXT: Final = _w("text")
_W_TEXT_INPUT: Final = _w("textInput")
_W_TR: Final = _w("tr")
_W_VAL: Final = _w("val")
_W14_CHECKBOX: Final = _w14("checkbox")
_W14_CHECKED: Final = _w14("checked")
_W14_VAL: Final = _w14("val")

#: Strict OOXML (ISO 29500 Strict, "Strict Open XML Document" in Word) names the same
#: elements in other namespaces: the reader renames them to the transitional ones.
STRICT_NAMESPACES: Final = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": W_NS,
    "http://purl.oclc.org/ooxml/officeDocument/relationships": R_NS,
    "http://purl.oclc.org/ooxml/officeDocument/customProperties": CUSTOM_NS,
    "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes": VT_NS,
}
_STRICT_PREFIX: Final = "{http://purl.oclc.org/ooxml/"
_STRICT_REL_TYPES: Final = {
    OFFICE_DOCUMENT_REL_TYPE: (
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    ),
    CUSTOM_REL_TYPE: (
        "http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/custom-properties",
    ),
}


def _transitional_name(name: str) -> str | None:
    """The transitional Clark name of a strict one, or None when it is not strict."""
    if not name.startswith(_STRICT_PREFIX):
        return None
    namespace, _, local = name[1:].partition("}")
    target = STRICT_NAMESPACES.get(namespace)
    return f"{{{target}}}{local}" if target else None


def to_transitional(root: _Element) -> bool:
    """Rename strict OOXML elements and attributes to transitional ones, in place.

    Returns True when the part was strict. The vocabulary is the same, so the
    rest of the reader works unchanged.
    """
    declared = (root.tag if isinstance(root.tag, str) else "", *(root.nsmap or {}).values())
    if not any(name and name.lstrip("{").startswith(_STRICT_PREFIX[1:]) for name in declared):
        return False  # a transitional part (the usual case): nothing to rename
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        renamed = _transitional_name(element.tag)
        if renamed is not None:
            element.tag = renamed
            changed = True
        for key in [k for k in element.attrib if k.startswith(_STRICT_PREFIX)]:
            new_key = _transitional_name(key)
            if new_key is not None:
                element.attrib[new_key] = element.attrib.pop(key)
                changed = True
    return changed


def read_custom_properties(root: _Element) -> dict[str, str]:
    """Return the text of each custom property of a parsed ``docProps/custom.xml``."""
    to_transitional(root)
    result: dict[str, str] = {}
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        name = prop.get("name")
        if name is None:
            continue
        value = next((child for child in prop if isinstance(child.tag, str)), None)
        result[name] = own_text(value) if value is not None else ""
    return result


def relationship_targets(root: _Element, rel_type: str) -> list[str]:
    """Return the targets of the relationships of ``rel_type`` (or its strict twin) in a ``.rels`` part."""
    wanted = {rel_type, *_STRICT_REL_TYPES.get(rel_type, ())}
    return [
        rel.get("Target", "")
        for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship")
        if rel.get("Type") in wanted and rel.get("TargetMode") != "External"
    ]


@attrs.define(kw_only=True, eq=False)
class Control:
    """A control read from a document: a checkbox or a text box, in document order.

    ``checked`` is the box state (None when unreadable); ``text`` the typed text
    (placeholder removed). ``label`` is the text next to the control (same
    paragraph, or first cell of its table row), used to check positional mapping.
    ``field`` marks a text box that is a field (``FILLIN``, ``FORMTEXT``: what
    LibreOffice makes of an answer box saved from .odt to .docx).
    ``placeholder_flagged`` holds the text of a control flagged as showing its
    placeholder whose text is not one of ours (not read as an answer, reported).
    """

    kind: SlotKind
    element: Any
    tag: str | None = None
    bookmarks: list[str] = attrs.field(factory=list)
    checked: bool | None = None
    text: str = ""
    raw: str = ""
    legacy: bool = False
    field: bool = False
    placeholder_flagged: str = ""
    runs: list[Any] = attrs.field(factory=list)
    start: int = 0
    end: int = 0

    def label(self, cache: dict[Any, str] | None = None) -> str:
        """The text outside controls in the control's paragraph, or its row's first cell.

        ``cache`` (paragraph -> label) keeps a paragraph holding thousands of
        controls from being walked once per control.
        """
        paragraph = _ancestor(self.element, _W_P)
        if paragraph is None:
            return ""
        if cache is not None and paragraph in cache:
            return cache[paragraph]
        label = _paragraph_label(paragraph)
        if cache is not None:
            cache[paragraph] = label
        return label


def _paragraph_label(paragraph: Any) -> str:
    own = normalize(text_outside_controls(paragraph))
    if own:
        return own
    cell = _ancestor(paragraph, _W_TC)
    row = _ancestor(cell, _W_TR) if cell is not None else None
    if row is None:
        return ""
    first = row.find(_W_TC)
    if first is None or first is cell:
        return ""
    return normalize(" ".join(text_outside_controls(p) for p in first.iter(_W_P)))


def paragraph_of(control: Control) -> Any:
    """The paragraph holding a control (None for a control outside any paragraph)."""
    return _ancestor(control.element, _W_P)


def _ancestor(element: Any, tag: str) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Collapse white space, for comparing paragraph texts."""
    return _SPACES.sub(" ", text).strip()


def own_text(element: Any) -> str:
    """The text of an element, XML comments and processing instructions left out (not their tail)."""
    parts = [element.text or ""]
    parts.extend(child.tail or "" for child in element)
    return "".join(parts)


#: Subtrees whose text is not shown: tracked deletions and moves, the fallback copy
#: of alternate content, field instructions.
_HIDDEN: Final = frozenset(
    {
        _W_DEL,
        _W_MOVE_FROM,
        _W_DEL_TEXT,
        _W_INSTR_TEXT,
        _W_DEL_INSTR_TEXT,
        _W_P_PR,
        _W_R_PR,
        _W_SDT_PR,
        _W_SDT_END_PR,
        f"{{{MC_NS}}}Fallback",
    }
)

#: Symbols of the fonts people pick a box or a tick from (``w:sym w:font w:char``).
_SYMBOLS: Final = {
    "wingdings": {0xA8: "☐", 0x6F: "☐", 0x78: "☒", 0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑"},
    "wingdings 2": {0xA3: "☐", 0x4F: "✗", 0x50: "✓", 0x51: "☒", 0x52: "☑", 0x53: "☒", 0x54: "☒"},
}


def symbol(sym: Any) -> str:
    """The character a ``w:sym`` shows: its code, mapped for the usual symbol fonts."""
    raw = (sym.get(_W_CHAR) or "").strip()
    try:
        code = int(raw, 16)
    except ValueError:
        return "\ufffd"
    font = (sym.get(_W_FONT) or "").strip().lower()
    low = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    mapped = _SYMBOLS.get(font, {}).get(low)
    if mapped is not None:
        return mapped
    if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
        return chr(code)
    return "\ufffd"


def inline_text(element: Any) -> str | None:
    """The text of one piece of run content (text, tab, break, hyphen, symbol); None otherwise."""
    tag = element.tag
    if tag == _W_T:
        return own_text(element)
    if tag in (_W_TAB, _W_PTAB):
        parent = element.getparent()
        return "\t" if parent is not None and parent.tag == _W_R else ""
    if tag in (_W_BR, _W_CR):
        return "\n"
    if tag == _W_NO_BREAK_HYPHEN:
        return "\u2011"
    if tag == _W_SOFT_HYPHEN:
        return "\u00ad"
    if tag == _W_SYM:
        return symbol(element)
    return None


def _has_styled_run(content: Any) -> bool:
    """True when some text of a control's content is in a run with a character style.

    Placeholder text always has one (Word's « Placeholder Text », ours, the .odt
    form's saved as .docx). Text typed over a placeholder in LibreOffice 7.4,
    which leaves the control flagged as showing its placeholder, has none.
    """
    if content is None:
        return False
    for run in content.iter(_w("r")):
        rpr = run.find(_w("rPr"))
        if rpr is None or rpr.find(_w("rStyle")) is None:
            continue
        if any((text.text or "").strip() for text in run.iter(_w("t"))):
            return True
    return False


def _content_text(content: Any, *, split_lines: bool = True) -> str:
    """The text of a control's content: runs, tabs and breaks, paragraphs joined by new lines.

    LibreOffice writes each line of a multi-line answer as its own ``w:t`` in
    one run (no ``w:br``): two ``w:t`` side by side are two lines.
    """
    if content is None:
        return ""
    out: list[str] = []
    paragraphs = 0

    def walk(element: Any) -> None:
        nonlocal paragraphs
        previous_text = False
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # a comment between two w:t keeps them side by side
            if tag in _HIDDEN:
                previous_text = False
                continue
            if tag == _W_P:
                if paragraphs:
                    out.append("\n")
                paragraphs += 1
                walk(child)
            elif tag == _W_T:
                if previous_text and split_lines:
                    out.append("\n")
                out.append(own_text(child))
            else:
                piece = inline_text(child)
                if piece is not None:
                    out.append(piece)
                else:
                    walk(child)
            previous_text = tag == _W_T

    walk(content)
    return "".join(out)


def _sdt_kind(sdt: Any) -> SlotKind | None:
    """The kind of a content control, or None when it is a wrapper or not a form control."""
    pr = sdt.find(_W_SDT_PR)
    if pr is None:
        return None
    if pr.find(_W14_CHECKBOX) is not None:
        return SlotKind.CHECK
    content = sdt.find(_W_SDT_CONTENT)
    if content is not None and content.find(f".//{_W_SDT}") is not None:
        return None  # a wrapper (LibreOffice wraps each checkbox in a rich-text control)
    if pr.find(_W_TEXT) is not None or pr.find(_W_RICH_TEXT) is not None:
        return SlotKind.TEXT
    for other in ("docPartObj", "docPartList", "comboBox", "dropDownList", "picture", "group"):
        if pr.find(_w(other)) is not None:
            return None
    if pr.find(_W_DATE) is not None:
        return SlotKind.TEXT
    # A control without a type is a rich-text control: a form slot when it is named.
    if pr.find(_W_TAG) is not None or content is not None:
        return SlotKind.TEXT
    return None


def _checkbox_state(sdt: Any) -> tuple[bool | None, str]:
    """Read a checkbox control: the state, else the glyph; a typed X counts as ticked."""
    box = sdt.find(_W_SDT_PR).find(_W14_CHECKBOX)
    raw = _content_text(sdt.find(_W_SDT_CONTENT))
    glyph = glyph_checked(raw)
    state_el = box.find(_W14_CHECKED)
    state: bool | None = None
    if state_el is not None:
        value = state_el.get(_W14_VAL, "1").strip().lower()
        state = value in ("1", "true", "on")
    own_glyphs = {CHECKED_GLYPH, UNCHECKED_GLYPH}
    for name in ("checkedState", "uncheckedState"):
        el = box.find(_w14(name))
        code = el.get(_W14_VAL) if el is not None else None
        if code:
            with contextlib.suppress(ValueError, OverflowError):  # the code comes from the file
                own_glyphs.add(chr(int(code, 16)))
    if state is None:
        return glyph, raw
    stripped = raw.strip()
    if stripped and stripped not in own_glyphs and glyph is True:
        return True, raw  # someone typed an X over the box
    return state, raw


def _legacy_checkbox(fld_char: Any) -> tuple[bool, str | None] | None:
    """Read a legacy FORMCHECKBOX field (``w:fldChar`` with ``w:ffData``): state and name."""
    data = fld_char.find(_W_FF_DATA)
    if data is None:
        return None
    box = data.find(_W_CHECK_BOX)
    if box is None:
        return None
    name_el = data.find(_W_NAME)
    name = name_el.get(_W_VAL) if name_el is not None else None
    for child in ("checked", "default"):
        el = box.find(_w(child))
        if el is not None:
            value = el.get(_W_VAL, "1").strip().lower()
            return value in ("1", "true", "on"), name
    return False, name


_INPUT_FIELD = re.compile(r"\s*(FILLIN|FORMTEXT)\b", re.IGNORECASE)


@attrs.define(kw_only=True, eq=False)
class _Field:
    """A complex field being read (``w:fldChar`` begin ... separate ... end)."""

    begin: Any
    start: int
    instruction: list[str] = attrs.field(factory=list)
    in_result: bool = False
    runs: list[Any] = attrs.field(factory=list)
    legacy_name: str | None = None
    text_input: bool = False


@attrs.define(kw_only=True, eq=False)
class _Bookmark:
    name: str
    start: int
    element: Any
    end: int | None = None


@attrs.frozen(kw_only=True)
class Document:
    """What the reader found in ``word/document.xml``.

    ``hidden`` holds the elements whose text belongs to a control though they
    are not inside a ``w:sdt`` (the runs of a field's result), ``controls_sdt``
    the ``w:sdt`` elements that are controls (their text is not "outside").
    """

    controls: tuple[Control, ...]
    hidden: frozenset[Any]
    control_sdts: frozenset[Any]


def _field_text(runs: Sequence[Any]) -> str:
    """The text of a field's result runs (paragraphs joined by new lines)."""
    out: list[str] = []
    paragraph = None
    for run in runs:
        owner = _ancestor(run, _W_P)
        if out and owner is not paragraph:
            out.append("\n")
        paragraph = owner
        out.append(_content_text(run))
    return "".join(out)


class _Reader:
    """One walk over the body in document order: controls, fields and slot bookmarks."""

    def __init__(self, placeholders: frozenset[str]) -> None:
        self.placeholders = placeholders
        self.position = 0
        self.controls: list[Control] = []
        self.fields: list[_Field] = []
        self.bookmarks: dict[str, _Bookmark] = {}
        self.hidden: set[Any] = set()
        self.sdts: set[Any] = set()
        self.texts: list[int] = []  # positions of visible text, to tell what lies between

    def walk(self, element: Any) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == _W_INSTR_TEXT:
                if self.fields and not self.fields[-1].in_result:
                    self.fields[-1].instruction.append(own_text(child))
                continue
            if tag in _HIDDEN:
                continue
            self.position += 1
            if tag == _W_SDT:
                self._sdt(child)
            elif tag == _W_BOOKMARK_START:
                name = child.get(_W_NAME, "")
                if parse_bookmark(name) is not None:
                    # Without an id, no end can be matched: a collapsed bookmark.
                    ident = child.get(_W_ID) or f"#{self.position}"
                    self.bookmarks.setdefault(
                        ident, _Bookmark(name=name, start=self.position, element=child)
                    )
            elif tag == _W_BOOKMARK_END:
                mark = self.bookmarks.get(child.get(_W_ID, ""))
                if mark is not None and mark.end is None:
                    mark.end = self.position
            elif tag == _W_FLD_CHAR:
                self._fld_char(child)
            elif tag == _W_FLD_SIMPLE:
                self._fld_simple(child)
            elif tag == _W_T:
                if own_text(child).strip():
                    self.texts.append(self.position)
            else:
                if (
                    tag == _W_R
                    and self.fields
                    and self.fields[-1].in_result
                    and child.find(_W_FLD_CHAR) is None
                ):
                    self.fields[-1].runs.append(child)
                self.walk(child)

    def _sdt(self, sdt: Any) -> None:
        kind = _sdt_kind(sdt)
        if kind is None:
            self.walk(sdt)  # a wrapper: its controls and any text typed in it
            return
        pr = sdt.find(_W_SDT_PR)
        tag_el = pr.find(_W_TAG)
        control = Control(
            kind=kind,
            element=sdt,
            tag=tag_el.get(_W_VAL) if tag_el is not None else None,
            start=self.position,
        )
        content = sdt.find(_W_SDT_CONTENT)
        if kind is SlotKind.CHECK:
            control.checked, control.raw = _checkbox_state(sdt)
        else:
            raw = _content_text(content)
            control.raw = raw
            flagged = pr.find(_W_SHOWING_PLC_HDR) is not None and _has_styled_run(content)
            self._set_text(control, raw, flagged=flagged)
        self.sdts.add(sdt)
        self.controls.append(control)
        if content is not None:
            self.walk(content)
        control.end = self.position

    def _set_text(self, control: Control, raw: str, *, flagged: bool) -> None:
        stripped = normalize(raw)
        if not stripped or stripped in self.placeholders:
            control.text = ""
        elif flagged:
            control.text = ""
            control.placeholder_flagged = raw
        else:
            control.text = raw

    def _fld_char(self, fld_char: Any) -> None:
        kind = fld_char.get(_W_FLD_CHAR_TYPE, "")
        if kind == "begin":
            field = _Field(begin=fld_char, start=self.position)
            legacy = _legacy_checkbox(fld_char)
            if legacy is not None:
                checked, name = legacy
                control = Control(
                    kind=SlotKind.CHECK,
                    element=fld_char,
                    checked=checked,
                    legacy=True,
                    start=self.position,
                    end=self.position,
                )
                if name and parse_bookmark(name) is not None:
                    control.bookmarks.append(name)
                self.controls.append(control)
            else:
                data = fld_char.find(_W_FF_DATA)
                field.text_input = data is not None and data.find(_W_TEXT_INPUT) is not None
                name_el = data.find(_W_NAME) if data is not None else None
                field.legacy_name = name_el.get(_W_VAL) if name_el is not None else None
            self.fields.append(field)
        elif kind == "separate" and self.fields:
            self.fields[-1].in_result = True
        elif kind == "end" and self.fields:
            field = self.fields.pop()
            self._end_field(field)

    def _end_field(self, field: _Field) -> None:
        instruction = "".join(field.instruction)
        if not (field.text_input or _INPUT_FIELD.match(instruction)):
            return
        raw = _field_text(field.runs)
        control = Control(
            kind=SlotKind.TEXT,
            element=field.begin,
            raw=raw,
            field=True,
            runs=field.runs,
            start=field.start,
            end=self.position,
        )
        self._set_text(control, raw, flagged=False)
        if field.legacy_name and parse_bookmark(field.legacy_name) is not None:
            control.bookmarks.append(field.legacy_name)
        self.hidden.update(field.runs)
        self.controls.append(control)

    def _fld_simple(self, element: Any) -> None:
        if not _INPUT_FIELD.match(element.get(_W_INSTR, "")):
            self.walk(element)
            return
        start = self.position
        self.walk(element)
        raw = _field_text(element.findall(f".//{_W_R}"))
        control = Control(
            kind=SlotKind.TEXT,
            element=element,
            raw=raw,
            field=True,
            runs=element.findall(_W_R),
            start=start,
            end=self.position,
        )
        self._set_text(control, raw, flagged=False)
        self.hidden.add(element)
        self.controls.append(control)

    def attach_bookmarks(self) -> None:
        """Give each control the slot bookmarks that mark it, nearest first.

        A bookmark marks the control its start is inside of (LibreOffice moves it
        there), else the controls its range covers (our export, fields). A
        bookmark never marks a control outside its range: an unread field's
        bookmark does not slide onto the next box.
        """
        self.controls.sort(key=lambda control: control.start)
        starts = [control.start for control in self.controls]
        claims: dict[int, list[_Bookmark]] = {}
        for mark in self.bookmarks.values():
            before = bisect.bisect_right(starts, mark.start) - 1
            # The innermost control holding the start (controls nest a few levels at most).
            inside = next(
                (
                    index
                    for index in range(before, max(before - 4, -1), -1)
                    if self.controls[index].end >= mark.start
                ),
                None,
            )
            if inside is not None:
                claims.setdefault(inside, []).append(mark)
                continue
            first = before + 1
            if first >= len(self.controls):
                continue
            if mark.end is None or mark.end < self.controls[first].start:
                # A collapsed bookmark: it marks the next control only when nothing
                # visible lies between them, in the same paragraph.
                if self._adjacent(mark, self.controls[first]):
                    claims.setdefault(first, []).append(mark)
                continue
            # Two are enough to see a range covering several controls (then reported).
            for index in range(first, min(first + 2, len(self.controls))):
                if self.controls[index].start <= mark.end:
                    claims.setdefault(index, []).append(mark)
        for index, marks in claims.items():
            marks.sort(key=lambda m: -m.start)
            self.controls[index].bookmarks.extend(m.name for m in marks)

    def _adjacent(self, mark: _Bookmark, control: Control) -> bool:
        """True when nothing visible lies between a bookmark and a control of its paragraph."""
        paragraph = _ancestor(mark.element, _W_P)
        if paragraph is None or _ancestor(control.element, _W_P) is not paragraph:
            return False
        after = bisect.bisect_right(self.texts, mark.start)
        return after >= len(self.texts) or self.texts[after] > control.start


def read_document(root: _Element, placeholders: frozenset[str]) -> Document:
    """Read every form control of a parsed ``word/document.xml``, in document order.

    Content controls (checkbox, plain or rich text, LibreOffice's wrappers
    looked through), legacy ``FORMCHECKBOX`` and ``FORMTEXT`` fields and
    ``FILLIN`` fields, each with the slot bookmarks that mark it.
    """
    to_transitional(root)
    reader = _Reader(frozenset(normalize(p) for p in placeholders) | _WORD_PLACEHOLDERS)
    body = root.find(_W_BODY)
    if body is not None:
        reader.walk(body)
        reader.attach_bookmarks()
    return Document(
        controls=tuple(reader.controls),
        hidden=frozenset(reader.hidden),
        control_sdts=frozenset(reader.sdts),
    )


#: The placeholders Word itself shows in an emptied text control.
_WORD_PLACEHOLDERS: Final = frozenset(
    {
        "Cliquez ou appuyez ici pour entrer du texte.",
        "Click or tap here to enter text.",
        "Cliquez ici pour taper du texte.",
        "Click here to enter text.",
    }
)


def read_controls(root: _Element, placeholders: frozenset[str]) -> list[Control]:
    """Return every form control of a parsed ``word/document.xml``, in document order."""
    return list(read_document(root, placeholders).controls)


def text_outside_controls(paragraph: Any, hidden: frozenset[Any] = frozenset()) -> str:
    """The visible text of a paragraph outside its controls (wrappers looked through).

    ``hidden`` are elements whose text belongs to a control (a field's result).
    Nested paragraphs (text boxes) are left to their own turn.
    """
    out: list[str] = []
    _collect_outside(paragraph, out, hidden)
    return "".join(out)


def _collect_outside(element: Any, out: list[str], hidden: frozenset[Any]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _HIDDEN or tag == _W_P or child in hidden:
            continue
        if tag == _W_SDT and _sdt_kind(child) is not None:
            continue
        piece = inline_text(child)
        if piece is not None:
            out.append(piece)
        else:
            _collect_outside(child, out, hidden)


def body_paragraphs(root: _Element) -> Iterator[Any]:
    """Every paragraph of the body (tables included) outside controls, in document order."""
    body = root.find(_W_BODY)
    if body is None:
        return
    for paragraph in body.iter(_W_P):
        owner = _ancestor(paragraph, _W_SDT)
        while owner is not None and _sdt_kind(owner) is None:
            owner = _ancestor(owner, _W_SDT)
        if owner is None and _ancestor(paragraph, f"{{{MC_NS}}}Fallback") is None:
            yield paragraph


# --- filling (the way Word does) ------------------------------------------------------


def set_checkbox(control: Control, checked: bool) -> None:
    """Tick or clear a checkbox control: the state and the glyph, as Word does."""
    sdt = control.element
    if control.legacy:
        box = sdt.find(_w("ffData")).find(_w("checkBox"))
        state = box.find(_w("checked"))
        if state is None:
            from lxml import etree

            state = etree.SubElement(box, _w("checked"))
        state.set(_w("val"), "1" if checked else "0")
        return
    from lxml import etree

    box = sdt.find(_w("sdtPr")).find(_w14("checkbox"))
    state = box.find(_w14("checked"))
    if state is None:
        state = etree.Element(_w14("checked"))
        box.insert(0, state)
    state.set(_w14("val"), "1" if checked else "0")
    content = _content(sdt)
    texts = list(content.iter(_w("t")))
    glyph = CHECKED_GLYPH if checked else UNCHECKED_GLYPH
    if texts:
        texts[0].text = glyph
        for extra in texts[1:]:
            extra.text = ""
    else:
        etree.SubElement(etree.SubElement(content, _w("r")), _w("t")).text = glyph
    control.checked = checked


def _content(sdt: Any) -> Any:
    """The ``w:sdtContent`` of a control, created when missing."""
    from lxml import etree

    content = sdt.find(_w("sdtContent"))
    if content is None:
        content = etree.SubElement(sdt, _w("sdtContent"))
    return content


def set_text(control: Control, text: str) -> None:
    """Replace a text control's content (placeholder included) by ``text``, as Word does.

    Word writes each new line of a multi-line plain-text control as ``w:br``.
    """
    from lxml import etree

    if control.field:
        _set_field_text(control, text)
        return
    sdt = control.element
    pr = sdt.find(_w("sdtPr"))
    placeholder_flag = pr.find(_w("showingPlcHdr"))
    content = _content(sdt)
    if not text:
        return
    if placeholder_flag is not None:
        pr.remove(placeholder_flag)
    first_run = content.find(_w("r"))
    rpr = first_run.find(_w("rPr")) if first_run is not None else None
    for child in list(content):
        content.remove(child)
    run = etree.SubElement(content, _w("r"))
    if rpr is not None:  # the placeholder's grey goes: typed answers are in the text colour
        for style in (*rpr.findall(_w("rStyle")), *rpr.findall(_w("color"))):
            rpr.remove(style)
        if len(rpr):
            run.append(rpr)
    for n, line in enumerate(_INVALID_XML_CHARS.sub("", text).split("\n")):
        if n:
            etree.SubElement(run, _w("br"))
        t = etree.SubElement(run, _w("t"))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line
    control.text = text


def _set_field_text(control: Control, text: str) -> None:
    """Replace the result of an input field (``FILLIN``, ``FORMTEXT``) by ``text``."""
    from lxml import etree

    if not text:
        return  # as for a content control: the placeholder stays
    if not control.runs:
        raise ValueError("this input field has no result run to write the answer into")
    first, *others = control.runs
    for run in others:
        parent = run.getparent()
        if parent is not None:
            parent.remove(run)
    for child in list(first):
        if child.tag != _w("rPr"):
            first.remove(child)
    for n, line in enumerate(_INVALID_XML_CHARS.sub("", text).split("\n")):
        if n:
            etree.SubElement(first, _w("br"))
        t = etree.SubElement(first, _w("t"))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line
    control.runs = [first]
    control.text = text


def slot_kind_matches(control: Control, slot: Slot) -> bool:
    """True when a control can hold ``slot`` (a checkbox for a box, a text box for text)."""
    return control.kind is slot.kind
