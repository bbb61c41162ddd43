"""Dates in words, the same in every document (forms, reports, cycle programmes)."""

from __future__ import annotations

import datetime as dt

import pytest

from conseils_citoyens.i18n import language, long_date


@pytest.mark.parametrize(
    ("day", "lang", "weekday", "expected"),
    [
        (dt.date(2026, 3, 1), "fr", False, "1er mars 2026"),
        (dt.date(2026, 3, 14), "fr", True, "samedi 14 mars 2026"),
        (dt.date(2026, 8, 1), "fr", True, "samedi 1er août 2026"),
        (dt.date(2026, 3, 1), "en", False, "1 March 2026"),
        (dt.date(2026, 12, 31), "en", True, "Thursday 31 December 2026"),
    ],
)
def test_long_date(day: dt.date, lang: str, weekday: bool, expected: str) -> None:
    assert long_date(day, lang, weekday=weekday) == expected


def test_long_date_follows_the_current_language_by_default() -> None:
    with language("en"):
        assert long_date(dt.date(2026, 2, 2)) == "2 February 2026"
    with language("fr"):
        assert long_date(dt.date(2026, 2, 2)) == "2 février 2026"
