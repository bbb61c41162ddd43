"""The scan marks every printed form carries: four corner marks and a QR code.

The Word and OpenDocument forms put them in their page header, positioned
relative to the *page* (like a watermark), so that every page printed from
Word or LibreOffice carries them at the same place; the PDF form is
LibreOffice's print of the .odt form, so it carries them too. A page header
is the same on every page: the QR code names the form (questionnaire, version,
hash, language, respondent, and which file was printed), not the page; the
scan reader finds the page by comparing it with the form's own print.

Positions are in millimetres from the top left corner of the page, inside the
margins the forms leave empty (2 cm, 1.5 cm at the bottom of the .odt form).
This module is core (no optional dependency): the QR code is drawn by
``segno``, a pure-Python encoder without dependencies.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from conseils_citoyens.formats import ExportOptions
    from conseils_citoyens.survey.questionnaire.model import Questionnaire

#: Corner marks: solid squares, their outer edge this far from the page's edges.
MARK_SIDE_MM: Final = 6.0
MARK_INSET_MM: Final = 8.0
#: QR code: a square at the bottom left, between the corner mark and the footer.
QR_SIDE_MM: Final = 15.0
QR_LEFT_MM: Final = 24.0
QR_BOTTOM_MM: Final = 4.5
#: A4 portrait, the size of every form.
PAGE_WIDTH_MM: Final = 210.0
PAGE_HEIGHT_MM: Final = 297.0
#: The QR picture's resolution at its printed size is at most this (dots per inch).
QR_MAX_DPI: Final = 300

#: The QR code's alternative text, by language (its content follows it).
QR_TITLE: Final = {
    "fr": "Code QR pour la lecture au scanner",
    "en": "QR code for reading by scanner",
}

#: A rectangle: x, y, width, height (millimetres from the top left).
Box = tuple[float, float, float, float]


def corner_marks_mm(
    width: float = PAGE_WIDTH_MM, height: float = PAGE_HEIGHT_MM
) -> tuple[Box, Box, Box, Box]:
    """The corner marks (top left, top right, bottom left, bottom right) on a page."""
    near = MARK_INSET_MM
    far_x = width - MARK_INSET_MM - MARK_SIDE_MM
    far_y = height - MARK_INSET_MM - MARK_SIDE_MM
    side = MARK_SIDE_MM
    return (
        (near, near, side, side),
        (far_x, near, side, side),
        (near, far_y, side, side),
        (far_x, far_y, side, side),
    )


def qr_box_mm(height: float = PAGE_HEIGHT_MM) -> Box:
    """Where the QR code is printed on a page of this height."""
    return (QR_LEFT_MM, height - QR_BOTTOM_MM - QR_SIDE_MM, QR_SIDE_MM, QR_SIDE_MM)


def qr_png(text: str) -> bytes:
    """The QR code of ``text`` as a black and white PNG, without quiet zone.

    Error correction M, as the stamped PDF forms had. 1-bit pixels, a whole
    number of pixels per module, and at most :data:`QR_MAX_DPI` at the printed
    size: LibreOffice's PDF export reduces pictures above 300 dpi by default,
    and resampling by a fraction would blur the edges of the modules.
    """
    import segno

    code = segno.make_qr(text, error="m", boost_error=False)
    modules = code.symbol_size(border=0)[0]
    scale = max(int(QR_SIDE_MM / 25.4 * QR_MAX_DPI) // modules, 1)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=0, dark="black", light="white")
    return out.getvalue()


def solid_png(side: int = 8) -> bytes:
    """A black square PNG (1 bit per pixel): the corner marks of the Word form."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes((side + 7) // 8)  # filter byte, then black (0) pixels
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * side))
        + chunk(b"IEND", b"")
    )


def scan_qr_text(questionnaire: Questionnaire, options: ExportOptions, source: str) -> str | None:
    """The QR code the page header of a ``source`` (``odt``/``docx``) form prints.

    None for the easy-read form: it is not read by the scanner (one question
    per block, big boxes: its pages are typed in), so it carries no scan marks.
    """
    if options.easy_read:
        return None
    from conseils_citoyens.formats.scan.identity import PageIdentity
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    respondent = options.respondent
    identity = PageIdentity.for_form(
        questionnaire_ref(questionnaire),
        lang=options.lang,
        source=source,
        token=respondent.token if respondent else None,
        council_id=respondent.council_id if respondent else None,
    )
    return identity.encode()
