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
from collections.abc import Iterable
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
}
_DEFAULT_WIDTH: Final = 778
CM_PER_POINT: Final = 2.54 / 72


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


__all__ = ["column_widths_cm", "text_width_cm", "widest_word_cm"]
