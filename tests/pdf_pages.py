"""Read a PDF as a person sees it: the text of each page, where each glyph sits, its colour.

Uses pypdfium2 (a dev dependency); tests that need it skip when it is absent.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

POINTS_PER_MM = 72 / 25.4


@attrs.frozen
class Glyph:
    """One character on a page: its tight box in millimetres and its fill colour (RGB)."""

    char: str
    page: int
    left: float
    bottom: float
    right: float
    top: float
    color: tuple[int, int, int]

    @property
    def width_mm(self) -> float:
        return self.right - self.left

    @property
    def height_mm(self) -> float:
        return self.top - self.bottom


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, white space collapsed.

    A hyphen where a line breaks (« inter-⏎municipal ») is a hyphen: PDFium
    reports it as U+FFFE.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\ufffe", "-")
            texts.append(" ".join(text.split()))
        return texts
    finally:
        document.close()


def glyphs(pdf: Path, wanted: str) -> Iterator[Glyph]:
    """Every occurrence of the characters in ``wanted`` on every page."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(pdf))
    try:
        for number, page in enumerate(document, start=1):
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                char = chr(raw.FPDFText_GetUnicode(textpage, index))
                if char not in wanted:
                    continue
                left, bottom, right, top = textpage.get_charbox(index)
                r, g, b, a = (ctypes.c_uint() for _ in range(4))
                raw.FPDFText_GetFillColor(
                    textpage,
                    index,
                    ctypes.byref(r),
                    ctypes.byref(g),
                    ctypes.byref(b),
                    ctypes.byref(a),
                )
                yield Glyph(
                    char=char,
                    page=number,
                    left=left / POINTS_PER_MM,
                    bottom=bottom / POINTS_PER_MM,
                    right=right / POINTS_PER_MM,
                    top=top / POINTS_PER_MM,
                    color=(r.value, g.value, b.value),
                )
    finally:
        document.close()


def _fill_color(textpage: Any, index: int) -> tuple[int, int, int]:
    import pypdfium2.raw as raw

    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    raw.FPDFText_GetFillColor(
        textpage, index, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)
    )
    return (r.value, g.value, b.value)


def _occurrences(pdf: Path, phrase: str) -> Iterator[tuple[Any, str, int]]:
    """``(text page, page text, start)`` for each occurrence of ``phrase``."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in document:
            textpage = page.get_textpage()
            count = textpage.count_chars()
            text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
            start = text.find(phrase)
            while start != -1:
                yield textpage, text, start
                start = text.find(phrase, start + 1)
    finally:
        document.close()


def text_colors(pdf: Path, phrase: str) -> list[tuple[int, int, int]]:
    """The fill colour of the first letter of each occurrence of ``phrase``."""
    return [_fill_color(textpage, start) for textpage, _text, start in _occurrences(pdf, phrase)]


def phrase_colors(pdf: Path, phrase: str) -> list[set[tuple[int, int, int]]]:
    """The fill colours of the letters (spaces left out) of each occurrence of ``phrase``."""
    return [
        {
            _fill_color(textpage, index)
            for index in range(start, start + len(phrase))
            if not text[index].isspace()
        }
        for textpage, text, start in _occurrences(pdf, phrase)
    ]


def text_sizes(pdf: Path, phrase: str) -> list[float]:
    """The font size (points) of the first letter of each occurrence of ``phrase``."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    sizes = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for page in document:
            textpage = page.get_textpage()
            count = textpage.count_chars()
            text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
            start = text.find(phrase)
            while start != -1:
                sizes.append(raw.FPDFText_GetFontSize(textpage, start))
                start = text.find(phrase, start + 1)
    finally:
        document.close()
    return sizes
