"""CSV for spreadsheets, where respondents' text is data, never a formula.

Reports and raw exports are opened in Excel or LibreOffice Calc by people
at the préfecture. A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a
tab or a carriage return) is taken by them as a formula:
``=HYPERLINK("http://x";"clic")`` or ``+cmd|' /C calc'!A0`` typed in a form
would run on their machine. Following OWASP's advice
(https://owasp.org/www-community/attacks/CSV_Injection), every cell of text
is *neutralised* by a leading apostrophe (:func:`neutralise`); numbers the
library computed itself are written as they are, so that they stay numbers.
Every CSV writer of the package goes through :func:`open_csv`.

``defusedcsv`` was considered: it does not neutralise a leading tab or
carriage return, nor a formula behind leading spaces, and it rewrites ``|``
inside the text; this module is the twenty lines we need.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from typing import IO, Any, Final

from conseils_citoyens.errors import Problem, ValidationError

CSV_DIALECTS: Final = ("excel-fr", "rfc4180")

#: First characters that make a spreadsheet read a cell as a formula (OWASP), with
#: their full-width forms, which some spreadsheets turn into the ASCII ones.
_FORMULA_START: Final = frozenset("=+-@\t\r＝＋－＠")
#: Categories of characters a spreadsheet may trim or not show before a formula: controls
#: and format characters (zero-width spaces, BOM, direction marks); white space too.
_INVISIBLE: Final = frozenset({"Cc", "Cf"})


def _first_visible(text: str) -> str:
    for character in text:
        if not character.isspace() and unicodedata.category(character) not in _INVISIBLE:
            return character
    return ""


class Number(str):
    """The text of a number the library computed (``"12"``, ``"-3,5"``): written as is.

    Any other text is neutralised, even when it looks like a number: a
    respondent who typed ``-1+2`` wrote text.
    """

    __slots__ = ()


def neutralise(text: str) -> str:
    """Return ``text`` made inert in a spreadsheet cell: ``"'"`` + text when it could be a formula.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return, also after white space, line breaks or invisible characters (any
    Unicode ones), gets a leading apostrophe, which spreadsheets show (remove
    it to get the text as written); others are returned unchanged.
    """
    if not text:
        return text
    if text[0] in _FORMULA_START or _first_visible(text) in _FORMULA_START:
        return "'" + text
    return text


Cell = str | int | float | None


class SafeCsvWriter:
    """A ``csv.writer`` whose text cells are neutralised (see :func:`neutralise`).

    ``None`` is an empty cell; ``int``, ``float`` and :class:`Number` are the
    library's own numbers, written as they are (a float with the dialect's
    decimal separator); any other ``str`` is neutralised.
    """

    def __init__(self, writer: Any, *, decimal_comma: bool) -> None:
        self._writer = writer
        self._comma = decimal_comma

    def cell(self, value: Cell) -> str:
        """The text written for one cell."""
        if value is None:
            return ""
        if isinstance(value, Number):
            return str.__str__(value)
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            text = repr(value)
            return text.replace(".", ",") if self._comma else text
        return neutralise(str(value))

    def writerow(self, values: Iterable[Cell]) -> None:
        """Write one row."""
        self._writer.writerow([self.cell(value) for value in values])


def open_csv(stream: IO[bytes], dialect: str) -> tuple[io.TextIOWrapper, SafeCsvWriter]:
    """Wrap ``stream`` for CSV text in ``dialect``; return the wrapper and a safe writer.

    ``excel-fr``: ``;``, UTF-8 with BOM, decimal comma (what French Excel
    opens correctly); ``rfc4180``: comma, no BOM, decimal point. Detach the
    wrapper when done (``wrapper.detach()``) to leave ``stream`` open.
    """
    if dialect not in CSV_DIALECTS:
        raise ValidationError(
            [
                Problem(
                    path="$.csv_dialect",
                    code="report.csv_dialect",
                    texts={
                        "fr": f"dialecte CSV inconnu « {dialect} » (possibles : {', '.join(CSV_DIALECTS)})",
                        "en": f"unknown CSV dialect '{dialect}' (possible: {', '.join(CSV_DIALECTS)})",
                    },
                )
            ],
            kind="report",
        )
    excel = dialect == "excel-fr"
    wrapper = io.TextIOWrapper(stream, encoding="utf-8-sig" if excel else "utf-8", newline="")
    writer = csv.writer(
        wrapper, delimiter=";" if excel else ",", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
    )
    return wrapper, SafeCsvWriter(writer, decimal_comma=excel)


__all__ = ["CSV_DIALECTS", "Number", "SafeCsvWriter", "neutralise", "open_csv"]
