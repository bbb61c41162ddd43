"""Estimate how wide a text prints, to size table columns without breaking words.

Word and LibreOffice break a word inside when it is wider than its column
(« Importan t »). The forms size their answer columns from the widest word of
their headers, measured with the advance widths of Helvetica Bold (Arial and
Liberation Sans share these metrics; bold is wider than regular, so the
estimate is an upper bound for both weights). Accented letters are measured as
their base letter; characters outside the table count as a wide letter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

# Advance widths of Helvetica Bold, in thousandths of an em.
_BOLD_WIDTHS: Final[dict[str, int]] = {
    **dict.fromkeys("ABCDHKNRUX", 722),
    **dict.fromkeys("EPSVY", 667),
    **dict.fromkeys("FLTZ", 611),
    **dict.fromkeys("GOQ", 778),
    "I": 278,
    "J": 556,
    "M": 833,
    "W": 944,
    **dict.fromkeys("aceksvxy", 556),
    **dict.fromkeys("bdghnopqu", 611),
    **dict.fromkeys("ft", 333),
    **dict.fromkeys("ilj", 278),
    "m": 889,
    "r": 389,
    "w": 778,
    "z": 500,
    **dict.fromkeys("0123456789", 556),
    **dict.fromkeys("()-'’", 333),
    **dict.fromkeys(".,:;", 333),
    " ": 278,
    "/": 278,
    "«": 556,
    "»": 556,
    "%": 889,
    "\u00a0": 278,
    "\u202f": 278,
    # the full block of the report bars (Arial and Liberation Sans)
    "█": 713,
}
_DEFAULT_WIDTH: Final = 778
CM_PER_POINT: Final = 2.54 / 72
#: Room added to a column beyond its text and padding (borders, rounding).
_MARGIN_CM: Final = 0.15
#: Cells no wider than this (dates, numbers) are kept on one line when the table allows.
_SHORT_CM: Final = 3.5


def _width(char: str) -> int:
    found = _BOLD_WIDTHS.get(char)
    if found is not None:
        return found
    base = unicodedata.normalize("NFD", char)[:1]
    return _BOLD_WIDTHS.get(base, _DEFAULT_WIDTH)


def text_width_cm(text: str, size_pt: float) -> float:
    """The printed width of ``text`` on one line, in centimetres (bold, an upper bound)."""
    return sum(_width(char) for char in text) / 1000 * size_pt * CM_PER_POINT


def widest_word_cm(texts: Iterable[str], size_pt: float) -> float:
    """The printed width of the widest word of ``texts`` (0 when there is none)."""
    return max(
        (text_width_cm(word, size_pt) for text in texts for word in text.split()), default=0.0
    )


def column_widths_cm(
    headers: tuple[str, ...],
    *,
    total_cm: float,
    size_pt: float,
    padding_cm: float,
    min_column_cm: float = 2.0,
    min_first_cm: float = 4.5,
) -> tuple[float, ...]:
    """Widths of a table whose first column holds labels and the others checkboxes.

    Each answer column is as wide as the widest word of the answer headers
    (plus the cell padding on both sides and a margin for rounding and
    borders), at least ``min_column_cm``; the first column takes the rest of
    ``total_cm``. When that would leave the first column narrower than
    ``min_first_cm``, the answer columns share what is left instead (a header
    word may then break, the labels stay readable).
    """
    columns = len(headers) - 1
    if columns <= 0:
        return (total_cm,)
    needed = widest_word_cm(headers[1:], size_pt) + 2 * padding_cm + 0.25
    level = max(min_column_cm, needed)
    if total_cm - columns * level < min_first_cm:
        level = (total_cm - min_first_cm) / columns
    level = round(level, 2)
    return (round(total_cm - columns * level, 2), *([level] * columns))


def table_widths_cm(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    total_cm: float,
    header_pt: float,
    body_pt: float,
    padding_cm: float,
    fixed: Mapping[int, float] | None = None,
) -> tuple[float, ...]:
    """Widths of a table of text, summing to ``total_cm``, no word broken when it can be helped.

    Each column needs at least its widest word (headers measured at
    ``header_pt``, cells at ``body_pt``) plus the padding on both sides and a
    margin for borders and rounding; it would like its longest line on one
    line. Columns in ``fixed`` (index → width of the content) get exactly that
    width plus the padding. What is left beyond the minimums is shared in
    proportion to what each column still wants (the way browsers lay out an
    automatic table), so short columns (numbers, formats) stay snug and the
    label columns take the rest. A column whose cells are all short (at most
    3.5 cm on one line: dates, numbers) keeps them on one line when the table
    has room for it. When even the minimums do not fit, every
    column is scaled down from its minimum (some words will then break).
    """
    fixed = fixed or {}
    count = len(headers)
    if count == 0:
        return ()
    extra = 2 * padding_cm + _MARGIN_CM
    minimum: list[float] = []
    wanted: list[float] = []
    words: list[float] = []
    for index, header in enumerate(headers):
        if index in fixed:
            minimum.append(fixed[index] + extra)
            wanted.append(fixed[index] + extra)
            words.append(fixed[index])
            continue
        cells = [row[index] for row in rows if index < len(row)]
        lines = [line for cell in cells for line in cell.split("\n")]
        least = max(widest_word_cm([header], header_pt), widest_word_cm(lines, body_pt))
        most = max(
            [text_width_cm(header, header_pt)] + [text_width_cm(line, body_pt) for line in lines]
        )
        longest_cell = max((text_width_cm(line, body_pt) for line in lines), default=0.0)
        if longest_cell <= _SHORT_CM:
            least = max(least, longest_cell)  # dates, numbers, short words: kept on one line
        minimum.append(least + extra)
        wanted.append(max(least, most) + extra)
        words.append(max(widest_word_cm([header], header_pt), widest_word_cm(lines, body_pt)))
    if sum(minimum) > total_cm:
        # short cells cannot all stay on one line: only words stay whole
        minimum = [
            m if i in fixed else w + extra
            for i, (m, w) in enumerate(zip(minimum, words, strict=True))
        ]
    spare = total_cm - sum(minimum)
    if spare <= 0:
        widths = [m * total_cm / sum(minimum) for m in minimum]
    else:
        growth = [w - m for w, m in zip(wanted, minimum, strict=True)]
        room = sum(growth)
        if room >= spare:
            widths = [m + g * spare / room for m, g in zip(minimum, growth, strict=True)]
        else:
            # everything fits on one line: the rest goes to the widest wanted column
            widths = list(wanted)
            widest = max(range(count), key=lambda i: (wanted[i], -i))
            widths[widest] += spare - room
    rounded = [round(w, 2) for w in widths]
    largest = max(range(count), key=lambda i: rounded[i])
    rounded[largest] = round(total_cm - sum(rounded) + rounded[largest], 2)
    return tuple(rounded)


def table_fits(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    total_cm: float,
    header_pt: float,
    body_pt: float,
    padding_cm: float,
    fixed: Mapping[int, float] | None = None,
) -> bool:
    """Whether every column of the table gets at least its widest word within ``total_cm``."""
    fixed = fixed or {}
    extra = 2 * padding_cm + _MARGIN_CM
    need = 0.0
    for index, header in enumerate(headers):
        if index in fixed:
            need += fixed[index] + extra
            continue
        lines = [line for row in rows if index < len(row) for line in row[index].split("\n")]
        need += max(widest_word_cm([header], header_pt), widest_word_cm(lines, body_pt)) + extra
    return need <= total_cm


__all__ = ["column_widths_cm", "table_fits", "table_widths_cm", "text_width_cm", "widest_word_cm"]
