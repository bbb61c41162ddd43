"""Page geometry shared by the Word and OpenDocument reports.

Prose reads best on a portrait page (A4, 2 cm margins: 17 cm of text); a
part of the report (from one level-2 heading to the next) goes on landscape
pages only when one of its tables cannot give every column its widest word
in 17 cm, even with 9 pt headers. Every table gets computed column widths
(:func:`~conseils_citoyens.formats._textwidth.table_widths_cm`); bar columns
get the width of a full grey bar (drawn as a picture) and its percentage, so
that both stay on one line.
"""

from __future__ import annotations

import re
from typing import Final

import attrs

from conseils_citoyens.formats._textwidth import table_fits, table_widths_cm, text_width_cm
from conseils_citoyens.formats.report.content import (
    BAR_FULL_CM,
    Block,
    Heading,
    ReportDocument,
    Table,
)

BODY_PT: Final = 11
#: Table headers may shrink to this size when a table would not fit otherwise.
SMALL_HEADER_PT: Final = 9
PAGE_LONG_CM: Final = 29.7
PAGE_SHORT_CM: Final = 21.0
MARGIN_CM: Final = 2.0
PORTRAIT_TEXT_CM: Final = PAGE_SHORT_CM - 2 * MARGIN_CM
LANDSCAPE_TEXT_CM: Final = PAGE_LONG_CM - 2 * MARGIN_CM
#: Cell padding on each side (both writers set it).
PADDING_CM: Final = 0.1
#: Height of a drawn bar, in centimetres.
BAR_HEIGHT_CM: Final = 0.32
#: Grey of the bars (prints as grey in black and white), and its PNG.
BAR_GREY: Final = 0x80


_NUMBER = re.compile(r"(?:[–—-]|[<>]?\s?[0-9][0-9\u202f\u00a0 ,.]*(?:\s?%)?|masqué|hidden)")


def numeric_columns(table: Table, *, bars_as_text: bool = False) -> frozenset[int]:
    """Columns of numbers (counts, ranks, scores, marks), aligned right; never labels.

    Bar columns are drawn from the left (a bar, then its figure), unless
    ``bars_as_text``: Markdown writes their figures only (« 67 % »).
    """
    return frozenset(
        index
        for index in range(len(table.header))
        if index != table.label_column
        and (bars_as_text or index not in table.bar_columns)
        and table.rows
        and all(_NUMBER.fullmatch(row[index]) for row in table.rows)
    )


#: Tables of at most this many rows are kept whole on one page, with their caption and notes.
KEEP_WHOLE_ROWS: Final = 20


def keep_whole(table: Table) -> bool:
    """True when ``table`` is short enough to stay on one page with its caption and notes."""
    return len(table.rows) <= KEEP_WHOLE_ROWS


def bar_cell_cm() -> float:
    """The width of the widest bar cell: a full bar, a space and « 100 % »."""
    return BAR_FULL_CM + text_width_cm(" 100\u00a0%", BODY_PT) + 0.1


def grey_png() -> bytes:
    """A one-pixel grey PNG, stretched to the length of each bar."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(bytes([0, BAR_GREY]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@attrs.frozen(kw_only=True)
class TableLayout:
    """Column widths (cm) and the header font size of one table."""

    widths: tuple[float, ...]
    header_pt: float


@attrs.frozen(kw_only=True)
class Part:
    """Blocks laid out on pages of one orientation."""

    landscape: bool
    blocks: tuple[Block, ...]


def _fits(table: Table, total_cm: float, header_pt: float) -> bool:
    return table_fits(
        table.header,
        table.rows,
        total_cm=total_cm,
        header_pt=header_pt,
        body_pt=BODY_PT,
        padding_cm=PADDING_CM,
        fixed=dict.fromkeys(table.bar_columns, bar_cell_cm()),
    )


def table_layout(table: Table, total_cm: float) -> TableLayout:
    """Widths summing to ``total_cm``; 9 pt headers only when 11 pt ones cannot fit."""
    header_pt = BODY_PT if _fits(table, total_cm, BODY_PT) else SMALL_HEADER_PT
    widths = table_widths_cm(
        table.header,
        table.rows,
        total_cm=total_cm,
        header_pt=header_pt,
        body_pt=BODY_PT,
        padding_cm=PADDING_CM,
        fixed=dict.fromkeys(table.bar_columns, bar_cell_cm()),
    )
    return TableLayout(widths=widths, header_pt=header_pt)


def parts(report: ReportDocument) -> tuple[Part, ...]:
    """The report cut at its level-2 headings, each part portrait unless a table needs more."""
    groups: list[list[Block]] = [[]]
    for block in report.blocks:
        if isinstance(block, Heading) and block.level == 2 and groups[-1]:
            groups.append([])
        groups[-1].append(block)
    result: list[Part] = []
    for group in groups:
        wide = any(
            isinstance(b, Table) and not _fits(b, PORTRAIT_TEXT_CM, SMALL_HEADER_PT) for b in group
        )
        if result and result[-1].landscape == wide:
            result[-1] = Part(landscape=wide, blocks=result[-1].blocks + tuple(group))
        else:
            result.append(Part(landscape=wide, blocks=tuple(group)))
    return tuple(result)


__all__ = [
    "BAR_HEIGHT_CM",
    "LANDSCAPE_TEXT_CM",
    "PORTRAIT_TEXT_CM",
    "Part",
    "TableLayout",
    "bar_cell_cm",
    "grey_png",
    "keep_whole",
    "numeric_columns",
    "parts",
    "table_layout",
]
