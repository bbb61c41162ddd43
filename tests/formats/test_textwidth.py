"""Column sizing of the forms' checkbox tables: no header word broken inside."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conseils_citoyens.formats._textwidth import (
    column_widths_cm,
    table_fits,
    table_widths_cm,
    text_width_cm,
    widest_word_cm,
)


def test_wide_letters_measure_wider_and_accents_count_as_their_letter() -> None:
    assert text_width_cm("mmmm", 10) > text_width_cm("iiii", 10)
    assert text_width_cm("Déjà", 10) == pytest.approx(text_width_cm("Deja", 10))
    assert text_width_cm("Prioritaire", 20) == pytest.approx(2 * text_width_cm("Prioritaire", 10))
    # Helvetica Bold: « Prioritaire » is 4.72 em wide, 1.67 cm at 10 pt
    assert text_width_cm("Prioritaire", 10) == pytest.approx(1.665, abs=0.01)


def test_the_widest_word_not_the_longest_header_sizes_a_column() -> None:
    assert widest_word_cm(["Déjà formé(e)", "Pas besoin"], 10) == pytest.approx(
        text_width_cm("formé(e)", 10)
    )
    assert widest_word_cm([], 10) == 0.0


def test_five_levels_leave_the_rest_to_the_topic_column() -> None:
    headers = ("Sujet", "Pas besoin", "Utile", "Important", "Prioritaire", "Déjà formé(e)")
    widths = column_widths_cm(headers, total_cm=17, size_pt=10, padding_cm=0.19)
    assert len(widths) == 6
    assert sum(widths) == pytest.approx(17)
    assert all(2.1 <= level <= 2.5 for level in widths[1:])
    assert widths[0] > 5


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçMWI()", min_size=1, max_size=14)
headers = st.lists(st.lists(words, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=12)


@given(headers, st.sampled_from([10, 11]), st.sampled_from([0.1, 0.19]))
def test_widths_fill_the_page_and_fit_every_word_when_they_can(
    answer_headers: list[str], size: int, padding: float
) -> None:
    header = ("", *answer_headers)
    widths = column_widths_cm(header, total_cm=17, size_pt=size, padding_cm=padding)
    assert len(widths) == len(header)
    assert sum(widths) == pytest.approx(17, abs=0.01 * len(header))
    assert len(set(widths[1:])) == 1
    assert widths[0] >= 4.5 - 0.01 * len(header)
    fits = widest_word_cm(answer_headers, size) + 2 * padding
    if 4.5 + len(answer_headers) * (fits + 0.25) <= 17:
        assert widths[1] >= fits  # no header word broken inside
    assert widths[1] >= min(2.0, (17 - 4.5) / len(answer_headers)) - 0.01


@given(
    st.lists(st.text(alphabet="abcdéf mwiT", min_size=1, max_size=30), min_size=1, max_size=6),
    st.floats(min_value=10, max_value=30),
)
def test_table_widths_sum_to_the_total_and_keep_words_whole_when_they_fit(
    headers: list[str], total: float
) -> None:
    rows = [[h * 2 for h in headers]]
    widths = table_widths_cm(
        headers, rows, total_cm=total, header_pt=11, body_pt=11, padding_cm=0.1
    )
    assert sum(widths) == pytest.approx(total, abs=0.011)
    if table_fits(headers, rows, total_cm=total, header_pt=11, body_pt=11, padding_cm=0.1):
        for index, width in enumerate(widths):
            assert widest_word_cm([headers[index], rows[0][index]], 11) + 0.2 <= width + 0.011


def test_short_columns_stay_on_one_line_and_the_long_one_takes_the_rest() -> None:
    headers = ("Date", "Séance", "Format")
    rows = [
        (
            "17 septembre 2025",
            "Comprendre la gestion urbaine et sociale de proximité " * 2,
            "formation",
        )
    ]
    widths = table_widths_cm(headers, rows, total_cm=17, header_pt=11, body_pt=11, padding_cm=0.1)
    assert widths[0] >= text_width_cm("17 septembre 2025", 11) + 0.2
    assert widths[1] == max(widths)
