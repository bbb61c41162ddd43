"""What CLI commands share: reading a date typed by a person."""

from __future__ import annotations

import datetime as dt

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conseils_citoyens.cli._common import parse_date


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_iso_and_french_spellings_give_the_same_day(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d/%m/") + f"{day.year:04d}") == day
    assert parse_date(f"{day.day}/{day.month}/{day.year:04d}") == day  # 5/3/2026


@pytest.mark.parametrize(
    "text", ["", "hier", "2025-02-30", "30/02/2025", "25/11/26", "11/25/2026", "1/2/3/2026"]
)
def test_anything_else_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(click.BadParameter, match="2026-11-25"):
        parse_date(text)
