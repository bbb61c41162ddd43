"""Hypothesis strategies for questionnaires and answers (see :mod:`conseils_citoyens.testing`).

``questionnaires()`` draws random valid questionnaires (every question type,
some conditions on earlier questions, some section conditions);
``answers_for(questionnaire)`` draws random valid answers that respect the
conditions (an answer for every relevant required question, none for a
question that is not asked). Exporters and importers use them for round-trip
property tests. Needs ``hypothesis`` (a test dependency); imported only here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from hypothesis import strategies as st

from conseils_citoyens.survey.questionnaire.conditions import choice_options, relevant
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    OTHER_SUFFIX,
    AllOf,
    Answered,
    AnyOf,
    Choice,
    Condition,
    Date,
    Equals,
    In,
    Includes,
    LongText,
    Matrix,
    MultipleChoice,
    Not,
    Number,
    Question,
    Questionnaire,
    Ranking,
    Scale,
    Section,
    ShortText,
    SingleChoice,
    Text,
    YesNo,
)

_CODES = ("a", "b", "c", "d", "e", "oui", "non", "x1", "autre", "9z")
_NON_BLANK = re.compile(r"\S")


@functools.cache
def texts() -> st.SearchStrategy[Text]:
    """Draw a text in French, sometimes with an English translation."""
    words = st.text(alphabet="abcdeéèàçôÉ'?-«»", min_size=1, max_size=16)
    return st.builds(lambda fr, en: Text.of(fr, en), words, st.one_of(st.none(), words))


@functools.cache
def _optional_texts() -> st.SearchStrategy[Text | None]:
    return st.one_of(st.none(), texts())


@st.composite
def _choices(draw: st.DrawFn, min_size: int, max_size: int = 5) -> tuple[Choice, ...]:
    codes = draw(
        st.lists(st.sampled_from(_CODES), unique=True, min_size=min_size, max_size=max_size)
    )
    return tuple(Choice(code=code, label=draw(texts())) for code in codes)


@st.composite
def _question(draw: st.DrawFn, question_id: str, condition: Condition | None) -> Question:
    common: dict[str, Any] = {
        "id": question_id,
        "label": draw(texts()),
        "help": draw(_optional_texts()),
        "required": draw(st.booleans()),
        "condition": condition,
    }
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return SingleChoice(choices=draw(_choices(1)), other=draw(_optional_texts()), **common)
    if kind == 1:
        choices = draw(_choices(1))
        other = draw(_optional_texts())
        options = len(choices) + (1 if other else 0)
        high = draw(st.one_of(st.none(), st.integers(1, options)))
        low = draw(st.one_of(st.none(), st.integers(0, high if high is not None else options)))
        return MultipleChoice(
            choices=choices, other=other, min_selections=low, max_selections=high, **common
        )
    if kind == 2:
        return YesNo(**common)
    if kind == 3:
        return Scale(levels=draw(_choices(2)), **common)
    if kind == 4:
        return Matrix(rows=draw(_choices(1)), columns=draw(_choices(2)), **common)
    if kind == 5:
        choices = draw(_choices(2))
        return Ranking(choices=choices, top=draw(st.integers(1, len(choices))), **common)
    if kind == 6:
        return ShortText(max_length=draw(st.integers(1, 200)), **common)
    if kind == 7:
        return LongText(max_length=draw(st.integers(1, 2000)), **common)
    if kind == 8:
        low = draw(st.one_of(st.none(), st.integers(-100, 100)))
        high = draw(st.one_of(st.none(), st.integers(low if low is not None else -100, 200)))
        return Number(minimum=low, maximum=high, integer=draw(st.booleans()), **common)
    return Date(**common)


@st.composite
def _leaf(draw: st.DrawFn, target: Question) -> Condition:
    options = choice_options(target)
    if isinstance(target, Matrix) and draw(st.booleans()):
        row = draw(st.sampled_from(target.rows)).code
        column = draw(st.sampled_from(target.columns)).code
        return Equals(question=target.id, value=column, row=row)
    if isinstance(target, MultipleChoice | Ranking) and draw(st.booleans()):
        return Includes(question=target.id, value=draw(st.sampled_from(options)).code)
    if isinstance(target, SingleChoice | YesNo | Scale) and draw(st.booleans()):
        codes = draw(
            st.lists(
                st.sampled_from([o.code for o in options]), unique=True, min_size=1, max_size=3
            )
        )
        if len(codes) == 1:
            return Equals(question=target.id, value=codes[0])
        return In(question=target.id, values=tuple(codes))
    if isinstance(target, Number) and draw(st.booleans()):
        low = int(target.minimum) if target.minimum is not None else -3
        return Equals(question=target.id, value=draw(st.integers(low, low + 3)))
    return Answered(question=target.id, answered=draw(st.booleans()))


@st.composite
def conditions_on(draw: st.DrawFn, earlier: tuple[Question, ...]) -> Condition:
    """Draw a condition on some of the ``earlier`` questions (at least one)."""
    targets = st.sampled_from(earlier)
    first = draw(_leaf(draw(targets)))
    shape = draw(st.integers(0, 4))
    if shape == 0:
        return Not(condition=first)
    if shape == 1:
        return AllOf(conditions=(first, draw(_leaf(draw(targets)))))
    if shape == 2:
        return AnyOf(conditions=(first, draw(_leaf(draw(targets)))))
    return first


@st.composite
def questionnaires(
    draw: st.DrawFn, *, max_sections: int = 3, max_questions: int = 5
) -> Questionnaire:
    """Draw a valid questionnaire: every question type, conditions on earlier questions."""
    prefix = draw(st.sampled_from(["q", "x", "theme_", "b"]))
    earlier: list[Question] = []
    sections: list[Section] = []
    for s in range(draw(st.integers(1, max_sections))):
        section_condition = None
        if earlier and draw(st.integers(0, 3)) == 0:
            section_condition = draw(conditions_on(tuple(earlier)))
        questions: list[Question] = []
        for _ in range(draw(st.integers(1, max_questions))):
            condition = None
            visible = earlier + questions
            if visible and draw(st.integers(0, 2)) == 0:
                condition = draw(conditions_on(tuple(visible)))
            questions.append(draw(_question(f"{prefix}{len(visible)}", condition)))
        sections.append(
            Section(
                id=f"s{s}",
                title=draw(texts()),
                introduction=draw(_optional_texts()),
                condition=section_condition,
                questions=tuple(questions),
            )
        )
        earlier.extend(questions)
    return Questionnaire(
        id=draw(st.sampled_from(["essai", "recensement-local", "q.2025"])),
        version=draw(st.sampled_from(["1.0", "2", "1.0+lille"])),
        title=draw(texts()),
        introduction=draw(_optional_texts()),
        sections=tuple(sections),
    )


def free_texts(max_length: int) -> st.SearchStrategy[str]:
    """Draw a non-blank text of at most ``max_length`` characters."""
    alphabet = st.characters(codec="utf-8", categories=("L", "N", "P", "Zs"))
    return st.text(alphabet=alphabet, min_size=1, max_size=min(max_length, 40)).filter(
        lambda value: _NON_BLANK.search(value) is not None
    )


def answer_values(question: Question) -> st.SearchStrategy[Any]:
    """Draw a valid answer value for ``question`` (response value shapes)."""
    codes = [option.code for option in choice_options(question)]
    if isinstance(question, SingleChoice | YesNo | Scale):
        return st.sampled_from(codes)
    if isinstance(question, MultipleChoice):
        low = max(1, question.min_selections or 0)
        high = question.max_selections if question.max_selections is not None else len(codes)
        return st.lists(st.sampled_from(codes), unique=True, min_size=low, max_size=high)
    if isinstance(question, Matrix):
        return st.dictionaries(
            st.sampled_from([row.code for row in question.rows]), st.sampled_from(codes), min_size=1
        )
    if isinstance(question, Ranking):
        return st.lists(st.sampled_from(codes), unique=True, min_size=1, max_size=question.top)
    if isinstance(question, ShortText | LongText):
        return free_texts(question.max_length)
    if isinstance(question, Number):
        if question.integer:
            return st.integers(
                None if question.minimum is None else int(question.minimum),
                None if question.maximum is None else int(question.maximum),
            )
        return st.floats(question.minimum, question.maximum, allow_nan=False, allow_infinity=False)
    return st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)


@st.composite
def answers_for(draw: st.DrawFn, questionnaire: Questionnaire) -> dict[str, Any]:
    """Draw valid answers for ``questionnaire``, respecting its conditions."""
    answers: dict[str, Any] = {}
    for question in questionnaire.questions():
        if not relevant(question, answers, questionnaire):
            continue
        if not (question.required or draw(st.booleans())):
            continue
        value = draw(answer_values(question))
        answers[question.id] = value
        chose_other = value == OTHER_CODE or (isinstance(value, list) and OTHER_CODE in value)
        if (
            isinstance(question, SingleChoice | MultipleChoice)
            and question.other is not None
            and chose_other
            and draw(st.booleans())
        ):
            answers[question.id + OTHER_SUFFIX] = draw(free_texts(500))
    return answers
