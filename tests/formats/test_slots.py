"""Form slots: naming, and the interpretation of ticks and typed text."""

from __future__ import annotations

import pytest

from conseils_citoyens.formats import slots as sl
from conseils_citoyens.survey.questionnaire.model import (
    Choice,
    Date,
    Matrix,
    MultipleChoice,
    Number,
    Questionnaire,
    Ranking,
    Section,
    SingleChoice,
    Text,
    YesNo,
)


def _c(code: str) -> Choice:
    return Choice(code=code, label=Text.of(code.upper()))


QUESTIONNAIRE = Questionnaire(
    id="q",
    version="1",
    title=Text.of("Titre"),
    sections=(
        Section(
            id="s",
            title=Text.of("Section"),
            questions=(
                SingleChoice(
                    id="college",
                    label=Text.of("Collège"),
                    choices=(_c("a"), _c("b")),
                    other=Text.of("Autre"),
                ),
                MultipleChoice(
                    id="formats", label=Text.of("Formats"), choices=(_c("x"), _c("y"), _c("z"))
                ),
                YesNo(id="trained", label=Text.of("Formé ?")),
                Matrix(
                    id="topics",
                    label=Text.of("Thèmes"),
                    rows=(_c("r1"), _c("r2")),
                    columns=(_c("lo"), _c("hi")),
                ),
                Ranking(
                    id="prio",
                    label=Text.of("Priorités"),
                    choices=(_c("p"), _c("q"), _c("r")),
                    top=2,
                ),
                Number(id="years", label=Text.of("Années"), integer=False),
                Date(id="since", label=Text.of("Depuis")),
            ),
        ),
    ),
)


def test_bookmarks_and_tags_are_unique_short_and_parse_back() -> None:
    slots = sl.form_slots(QUESTIONNAIRE)
    names = [s.bookmark for s in slots]
    assert len(set(names)) == len(names)
    tags = [s.tag for s in slots]
    assert len(set(tags)) == len(tags)
    assert all(len(n) <= 40 for n in names)
    for slot in slots:
        assert sl.parse_bookmark(slot.bookmark) == (slot.number, slot.index)
    assert sl.parse_bookmark("_GoBack") is None


def test_answers_round_trip_through_slot_values() -> None:
    answers = {
        "college": "other",
        "college.other": "Habitante relais",
        "formats": ["x", "z"],
        "trained": "no",
        "topics": {"r1": "hi", "r2": "lo"},
        "prio": ["r", "p"],
        "years": 2.5,
        "since": "2024-03-01",
    }
    values = sl.slot_values_from_answers(QUESTIONNAIRE, answers)
    back, problems = sl.answers_from_slots(QUESTIONNAIRE, values)
    assert problems == []
    assert back == answers


def test_two_ticks_on_a_single_choice_are_reported_not_guessed() -> None:
    values = sl.slot_values_from_answers(QUESTIONNAIRE, {"trained": "yes"})
    for slot in sl.form_slots(QUESTIONNAIRE):
        if slot.question_id == "trained":
            values[slot] = True
    answers, problems = sl.answers_from_slots(QUESTIONNAIRE, values)
    assert "trained" not in answers
    assert [p.code for p in problems] == ["form.several_ticked"]
    assert "question 3 (Formé ?)" in problems[0].message


@pytest.mark.parametrize(
    ("text", "integer", "expected"),
    [
        ("12", True, 12),
        (" 1 200 ", True, 1200),
        ("12,5", False, 12.5),
        ("12,5", True, None),
        ("douze", True, None),
        ("12,0", True, 12),
        # whole numbers past 2**53 come back exact (float() gave 9007199254740992)
        ("9007199254740993", True, 9007199254740993),
        ("9007199254740993", False, 9007199254740993),
        # more digits than a JSON number keeps: unreadable (flagged), never rounded
        ("0,1000000000000000055", False, None),
        ("1" * 400, True, None),
    ],
)
def test_parse_number(text: str, integer: bool, expected: float | None) -> None:
    assert sl.parse_number(text, integer=integer) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-25", "2026-11-25"),
        ("25/11/2026", "2026-11-25"),
        ("31/02/2026", None),
        ("demain", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert sl.parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("☒", True), ("X", True), ("x ", True), ("☐", False), ("", False), ("oui", None)],
)
def test_glyphs(text: str, expected: bool | None) -> None:
    assert sl.glyph_checked(text) is expected


def test_ranking_with_a_gap_is_reported() -> None:
    values = sl.slot_values_from_answers(QUESTIONNAIRE, {})
    for slot in sl.form_slots(QUESTIONNAIRE):
        if slot.question_id == "prio" and slot.choice == "q" and slot.column == "2":
            values[slot] = True
    answers, problems = sl.answers_from_slots(QUESTIONNAIRE, values)
    assert "prio" not in answers
    assert [p.code for p in problems] == ["form.rank_gap"]


@pytest.mark.parametrize("value", [1.0138953218147338e308, 2.5e-7, 3.0, -0.125, 1e16])
def test_float_answers_are_written_in_plain_notation_and_read_back(value: float) -> None:
    answers = {"years": value}
    values = sl.slot_values_from_answers(QUESTIONNAIRE, answers)
    text = next(v for s, v in values.items() if s.question_id == "years")
    assert isinstance(text, str)
    assert "e" not in text.lower()
    back, problems = sl.answers_from_slots(QUESTIONNAIRE, values)
    assert problems == []
    assert back == answers


def test_long_texts_are_cut_to_the_limit_and_reported() -> None:
    from conseils_citoyens.documents.safety import Limits

    answers = {"college": "other", "college.other": "x" * 50, "years": "1" * 30}
    values = sl.slot_values_from_answers(QUESTIONNAIRE, answers)
    back, problems = sl.answers_from_slots(
        QUESTIONNAIRE, values, limits=Limits(max_answer_chars=10)
    )
    assert back["college.other"] == "x" * 10
    assert back["years"] == 1_111_111_111
    assert [(p.code, p.path) for p in problems] == [
        ("form.answer_truncated", "$.answers.college"),
        ("form.answer_truncated", "$.answers.years"),
    ]
    assert "réponse de 50 caractères coupée aux 10 premiers" in problems[0].message
    assert sl.answers_from_slots(QUESTIONNAIRE, values)[1] == []  # default: 20,000


def test_parse_number_leaves_the_callers_decimal_context_alone() -> None:
    import decimal

    with decimal.localcontext() as context:
        context.clear_flags()
        sl.parse_number("0,1000000000000000055", integer=False)
        sl.parse_number("12,5", integer=False)
        assert not any(context.flags.values())
