"""Where everything sits on a printed form: boxes, write-in zones, marks, QR code.

Geometry is never hard-coded: it is read from the PDF LibreOffice printed.
Every answer slot carries a bookmark (``cc12_3``, see
:mod:`conseils_citoyens.formats.slots`), which LibreOffice exports as a named
destination (the top left of the slot's line); a checkbox is the box glyph
printed nearest to its destination, a write-in zone runs from its destination
to the right margin and down to the next printed line. Coordinates are PDF
points (1/72 inch) from the top left corner of the page.

The page furniture for scanning (corner marks, QR code), printed by the
forms' page header, sits at fixed places given by :func:`page_furniture`, the
same on every page.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from conseils_citoyens.errors import ConseilsCitoyensError
from conseils_citoyens.formats import _scanmarks
from conseils_citoyens.formats.scan._deps import require
from conseils_citoyens.formats.slots import Slot, SlotKind, form_slots, parse_bookmark
from conseils_citoyens.i18n import counted
from conseils_citoyens.survey.questionnaire.model import Questionnaire, QuestionnaireRef

GEOMETRY_FORMAT: Final = "conseils-citoyens/form-geometry"
GEOMETRY_FORMAT_VERSION: Final = 1

MM: Final = 72 / 25.4
#: Corner marks and QR code (see :mod:`conseils_citoyens.formats._scanmarks`), in points.
MARK_SIDE: Final = _scanmarks.MARK_SIDE_MM * MM
MARK_INSET: Final = _scanmarks.MARK_INSET_MM * MM
QR_SIDE: Final = _scanmarks.QR_SIDE_MM * MM
QR_LEFT: Final = _scanmarks.QR_LEFT_MM * MM
QR_BOTTOM: Final = _scanmarks.QR_BOTTOM_MM * MM

BOX_GLYPHS: Final = frozenset("☐☒☑□")
#: LibreOffice writes ``cc12_3`` as ``cc125F3`` in PDF destination names.
_ENCODED_BOOKMARK = re.compile(r"cc(\d{1,4})(?:_|5F)(\d{1,4})")


class GeometryError(ConseilsCitoyensError):
    """The printed form does not hold every answer slot where expected."""

    code = "scan.geometry"


@attrs.frozen(kw_only=True)
class Rect:
    """A rectangle in PDF points, origin at the top left of the page."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """The right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """The bottom edge."""
        return self.y + self.height

    @property
    def centre(self) -> tuple[float, float]:
        """The centre point."""
        return (self.x + self.width / 2, self.y + self.height / 2)

    def grown(self, margin: float) -> Rect:
        """This rectangle with ``margin`` added on every side."""
        return Rect(
            x=self.x - margin,
            y=self.y - margin,
            width=self.width + 2 * margin,
            height=self.height + 2 * margin,
        )

    def to_list(self) -> list[float]:
        """``[x, y, width, height]`` rounded to 0.01 pt."""
        return [round(v, 2) for v in (self.x, self.y, self.width, self.height)]


@attrs.frozen(kw_only=True)
class Zone:
    """A checkbox or a write-in zone of the printed form."""

    page: int
    rect: Rect
    kind: SlotKind
    question_id: str
    number: int
    index: int
    choice: str | None = None
    column: str | None = None
    other: bool = False

    @property
    def bookmark(self) -> str:
        """The slot's bookmark name (``cc12_3``): a stable id for the zone."""
        return f"cc{self.number}_{self.index}"

    def slot(self) -> Slot:
        """The answer slot this zone prints."""
        return Slot(
            question_id=self.question_id,
            number=self.number,
            index=self.index,
            kind=self.kind,
            choice=self.choice,
            column=self.column,
            other=self.other,
        )

    def to_data(self) -> dict[str, Any]:
        """Plain data for the geometry file."""
        data: dict[str, Any] = {
            "id": self.bookmark,
            "kind": "box" if self.kind is SlotKind.CHECK else "text",
            "page": self.page,
            "x": round(self.rect.x, 2),
            "y": round(self.rect.y, 2),
            "width": round(self.rect.width, 2),
            "height": round(self.rect.height, 2),
            "question": self.question_id,
            "question_number": self.number,
        }
        if self.choice is not None:
            data["row" if self.column is not None else "choice"] = self.choice
        if self.column is not None:
            data["column"] = self.column
        if self.other:
            data["other"] = True
        return data


@attrs.frozen(kw_only=True)
class FormGeometry:
    """Every zone of a printed form, and the size of its pages."""

    questionnaire: QuestionnaireRef
    lang: str
    page_sizes: tuple[tuple[float, float], ...]
    zones: tuple[Zone, ...]

    @property
    def pages(self) -> int:
        """How many pages the form has."""
        return len(self.page_sizes)

    def zones_on(self, page: int) -> tuple[Zone, ...]:
        """The zones of page ``page`` (from 1)."""
        return tuple(zone for zone in self.zones if zone.page == page)

    def to_data(self) -> dict[str, Any]:
        """The public geometry file (``questionnaire export --geometry``)."""
        ref = self.questionnaire
        pages = []
        for number, (width, height) in enumerate(self.page_sizes, start=1):
            furniture = page_furniture(width, height)
            pages.append(
                {
                    "page": number,
                    "width": round(width, 2),
                    "height": round(height, 2),
                    "marks": [rect.to_list() for rect in furniture.marks],
                    "qr": furniture.qr.to_list(),
                }
            )
        return {
            "format": GEOMETRY_FORMAT,
            "format_version": GEOMETRY_FORMAT_VERSION,
            "questionnaire": {"id": ref.id, "version": ref.version, "hash": ref.hash},
            "lang": self.lang,
            "units": "pt",
            "origin": "top-left",
            "pages": pages,
            "zones": [zone.to_data() for zone in self.zones],
        }


@attrs.frozen(kw_only=True)
class Furniture:
    """The corner marks (top left, top right, bottom left, bottom right) and the QR code."""

    marks: tuple[Rect, Rect, Rect, Rect]
    qr: Rect


def page_furniture(width: float, height: float) -> Furniture:
    """Where the corner marks and the QR code are printed on a page of this size."""
    near, far_x, far_y = MARK_INSET, width - MARK_INSET - MARK_SIDE, height - MARK_INSET - MARK_SIDE
    marks = (
        Rect(x=near, y=near, width=MARK_SIDE, height=MARK_SIDE),
        Rect(x=far_x, y=near, width=MARK_SIDE, height=MARK_SIDE),
        Rect(x=near, y=far_y, width=MARK_SIDE, height=MARK_SIDE),
        Rect(x=far_x, y=far_y, width=MARK_SIDE, height=MARK_SIDE),
    )
    qr = Rect(x=QR_LEFT, y=height - QR_BOTTOM - QR_SIDE, width=QR_SIDE, height=QR_SIDE)
    return Furniture(marks=marks, qr=qr)


# --- reading the geometry from LibreOffice's PDF ------------------------------------


@attrs.frozen
class _Glyph:
    page: int
    rect: Rect


def _destinations(pdf: Any) -> dict[tuple[int, int], tuple[int, float, float]]:
    """Slot bookmarks -> (page index, x, y from the top) of their named destination."""
    raw = require("pypdfium2.raw")
    found: dict[tuple[int, int], tuple[int, float, float]] = {}
    heights = [pdf[i].get_size()[1] for i in range(len(pdf))]
    for index in range(raw.FPDF_CountNamedDests(pdf.raw)):
        size = ctypes.c_long(0)
        raw.FPDF_GetNamedDest(pdf.raw, index, None, ctypes.byref(size))
        buffer = ctypes.create_string_buffer(max(size.value, 2))
        dest = raw.FPDF_GetNamedDest(pdf.raw, index, buffer, ctypes.byref(size))
        name = buffer.raw[: size.value].decode("utf-16-le", errors="ignore").rstrip("\x00")
        match = _ENCODED_BOOKMARK.fullmatch(name)
        if not dest or match is None:
            continue
        parsed = parse_bookmark(f"cc{match.group(1)}_{match.group(2)}")
        page = raw.FPDFDest_GetDestPageIndex(pdf.raw, dest)
        if parsed is None or not 0 <= page < len(heights):
            continue
        has_x, has_y, has_zoom = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        x, y, zoom = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        if not raw.FPDFDest_GetLocationInPage(dest, has_x, has_y, has_zoom, x, y, zoom):
            continue
        found[parsed] = (page, float(x.value), heights[page] - float(y.value))
    return found


def _text_boxes(pdf: Any) -> tuple[list[_Glyph], list[_Glyph]]:
    """Box glyphs, and every other printed character, with their tight boxes."""
    boxes: list[_Glyph] = []
    others: list[_Glyph] = []
    for index in range(len(pdf)):
        page = pdf[index]
        height = page.get_size()[1]
        text = page.get_textpage()
        try:
            for char in range(text.count_chars()):
                value = text.get_text_range(char, 1)
                if not value or value.isspace():
                    continue
                left, bottom, right, top = text.get_charbox(char)
                glyph = _Glyph(
                    index, Rect(x=left, y=height - top, width=right - left, height=top - bottom)
                )
                (boxes if value in BOX_GLYPHS else others).append(glyph)
        finally:
            text.close()
    return boxes, others


def geometry_from_pdf(
    source: bytes | str | Path, questionnaire: Questionnaire, *, lang: str = "fr"
) -> FormGeometry:
    """Read the zones of every answer slot from a form PDF printed by LibreOffice.

    Raise :class:`GeometryError` when a slot has no destination or no box
    glyph near it (a PDF not made by :func:`~conseils_citoyens.formats.scan.pdf.print_form`).
    """
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    pdfium = require("pypdfium2")
    pdf = pdfium.PdfDocument(source if not isinstance(source, Path) else str(source))
    try:
        sizes = tuple((float(w), float(h)) for w, h in (pdf[i].get_size() for i in range(len(pdf))))
        destinations = _destinations(pdf)
        boxes, others = _text_boxes(pdf)
    finally:
        pdf.close()
    slots = form_slots(questionnaire)
    missing = [s.bookmark for s in slots if (s.number, s.index) not in destinations]
    if missing:
        zones_of = {
            "fr": ("zone de réponse", "zones de réponse"),
            "en": ("answer zone", "answer zones"),
        }
        listed = ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")
        raise GeometryError(
            {
                "fr": f"le PDF ne situe pas {counted(len(missing), zones_of, 'fr')} ({listed}) :"
                " il ne vient pas de l'export PDF de ce questionnaire",
                "en": f"the PDF does not locate {counted(len(missing), zones_of, 'en')} ({listed}):"
                " it was not exported from this questionnaire",
            }
        )
    right_margin = _right_margin(others, sizes)
    used: set[int] = set()
    zones: list[Zone] = []
    for slot in slots:
        page, x, y = destinations[(slot.number, slot.index)]
        if slot.kind is SlotKind.CHECK:
            rect = _box_near(boxes, used, page, x, y)
            if rect is None:
                raise GeometryError(
                    {
                        "fr": f"aucune case imprimée près de la zone {slot.bookmark} (page {page + 1})",
                        "en": f"no printed box near zone {slot.bookmark} (page {page + 1})",
                    }
                )
        else:
            rect = _write_in(others, boxes, page, x, y, right_margin[page], sizes[page][1])
        zones.append(
            Zone(
                page=page + 1,
                rect=rect,
                kind=slot.kind,
                question_id=slot.question_id,
                number=slot.number,
                index=slot.index,
                choice=slot.choice,
                column=slot.column,
                other=slot.other,
            )
        )
    return FormGeometry(
        questionnaire=questionnaire_ref(questionnaire),
        lang=lang,
        page_sizes=sizes,
        zones=tuple(zones),
    )


def _right_margin(glyphs: Sequence[_Glyph], sizes: Sequence[tuple[float, float]]) -> list[float]:
    """The right edge of the text area of each page (the widest text line of the form)."""
    widest = max((g.rect.right for g in glyphs), default=0.0)
    return [min(widest, width - 15 * MM) if widest else width - 20 * MM for width, _ in sizes]


def _box_near(
    boxes: Sequence[_Glyph], used: set[int], page: int, x: float, y: float
) -> Rect | None:
    best: tuple[float, int] | None = None
    for index, glyph in enumerate(boxes):
        if index in used or glyph.page != page:
            continue
        dx = glyph.rect.x - x
        dy = glyph.rect.y - y
        if dx < -3 or dx > 80 or dy < -4 or dy > 30:
            continue
        score = dy * 4 + dx
        if best is None or score < best[0]:
            best = (score, index)
    if best is None:
        return None
    used.add(best[1])
    return boxes[best[1]].rect


def _write_in(
    others: Iterable[_Glyph],
    boxes: Iterable[_Glyph],
    page: int,
    x: float,
    y: float,
    right: float,
    page_height: float,
) -> Rect:
    """From the slot's line down to the next printed line that crosses the zone."""
    first_line = [
        g.rect for g in others if g.page == page and abs(g.rect.y - y) < 8 and g.rect.x >= x - 1
    ]
    line_height = max((r.height for r in first_line), default=10.0)
    line_bottom = y + max(line_height * 1.4, 12.0)
    below = [
        g.rect.y
        for g in (*others, *boxes)
        if g.page == page and g.rect.y > line_bottom and g.rect.right > x and g.rect.x < right
    ]
    limit = page_height - 20 * MM
    bottom = min([*below, limit, y + 220.0]) - 2.0
    bottom = max(bottom, line_bottom + 4.0)
    return Rect(x=x, y=y - 2.0, width=max(right - x, 20.0), height=bottom - (y - 2.0))


def load_geometry(data: Mapping[str, Any]) -> FormGeometry:
    """Read a geometry file written by :meth:`FormGeometry.to_data`."""
    ref = data["questionnaire"]
    zones = []
    for item in data["zones"]:
        is_matrix_like = "row" in item
        zones.append(
            Zone(
                page=int(item["page"]),
                rect=Rect(
                    x=float(item["x"]),
                    y=float(item["y"]),
                    width=float(item["width"]),
                    height=float(item["height"]),
                ),
                kind=SlotKind.CHECK if item["kind"] == "box" else SlotKind.TEXT,
                question_id=str(item["question"]),
                number=int(item["question_number"]),
                index=int(item["id"].split("_", 1)[1]),
                choice=item.get("row") if is_matrix_like else item.get("choice"),
                column=item.get("column"),
                other=bool(item.get("other", False)),
            )
        )
    return FormGeometry(
        questionnaire=QuestionnaireRef(id=ref["id"], version=ref["version"], hash=ref["hash"]),
        lang=str(data.get("lang", "fr")),
        page_sizes=tuple((float(p["width"]), float(p["height"])) for p in data["pages"]),
        zones=tuple(zones),
    )
