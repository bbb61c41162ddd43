"""Conditions as data: evaluated in Python, compiled to JSON Schema, described in French.

A condition says when a question (or a whole section) is asked. The same
condition is evaluated here on a response's answers, compiled into the
response schema (``if``/``then``), and written as an instruction on paper
forms (« Répondez à cette question seulement si… »). Nothing is ever ``eval``-ed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    YES_NO_CHOICES,
    AllOf,
    Answered,
    AnyOf,
    Choice,
    Condition,
    Equals,
    In,
    Includes,
    Matrix,
    MultipleChoice,
    Not,
    Question,
    Questionnaire,
    Ranking,
    Scale,
    Section,
    SingleChoice,
    YesNo,
)

# --- structure --------------------------------------------------------------------


def leaves(condition: Condition) -> Iterator[Equals | In | Includes | Answered]:
    """Yield every elementary test of a condition."""
    if isinstance(condition, AllOf | AnyOf):
        for item in condition.conditions:
            yield from leaves(item)
    elif isinstance(condition, Not):
        yield from leaves(condition.condition)
    else:
        yield condition


def referenced_questions(condition: Condition) -> frozenset[str]:
    """Return the ids of the questions a condition looks at."""
    return frozenset(leaf.question for leaf in leaves(condition))


@functools.lru_cache(maxsize=256)
def question_numbers(questionnaire: Questionnaire) -> dict[str, int]:
    """Return ``{question id: number}``, numbered 1..N in document order.

    Forms print these numbers; conditions and messages refer to them.
    """
    return {question.id: number for number, question in enumerate(questionnaire.questions(), 1)}


@functools.lru_cache(maxsize=256)
def _sections_by_question(questionnaire: Questionnaire) -> dict[str, Section]:
    return {q.id: section for section in questionnaire.sections for q in section.questions}


def section_of(questionnaire: Questionnaire, question_id: str) -> Section:
    """Return the section holding ``question_id``; raise KeyError when absent."""
    return _sections_by_question(questionnaire)[question_id]


def choice_options(question: Question) -> tuple[Choice, ...]:
    """Return the codes a choice-like answer may take (with "other" when offered)."""
    if isinstance(question, SingleChoice | MultipleChoice):
        other = (Choice(code=OTHER_CODE, label=question.other),) if question.other else ()
        return question.choices + other
    if isinstance(question, YesNo):
        return YES_NO_CHOICES
    if isinstance(question, Scale):
        return question.levels
    if isinstance(question, Ranking):
        return question.choices
    if isinstance(question, Matrix):
        return question.columns
    return ()


# --- evaluation -------------------------------------------------------------------


def json_equal(left: Any, right: Any) -> bool:
    """Compare as JSON does: ``true`` is not ``1``, ``1`` is ``1.0``."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    return bool(left == right)


_MISSING: Any = object()


def _answer(answers: Mapping[str, Any], question: str, row: str | None) -> Any:
    value = answers.get(question, _MISSING)
    if row is None or value is _MISSING:
        return value
    return value.get(row, _MISSING) if isinstance(value, Mapping) else _MISSING


def evaluate(condition: Condition, answers: Mapping[str, Any]) -> bool:
    """Return whether ``condition`` holds for ``answers`` (response value shapes)."""
    if isinstance(condition, AllOf):
        return all(evaluate(item, answers) for item in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(evaluate(item, answers) for item in condition.conditions)
    if isinstance(condition, Not):
        return not evaluate(condition.condition, answers)
    if isinstance(condition, Answered):
        return (condition.question in answers) == condition.answered
    if isinstance(condition, Includes):
        value = answers.get(condition.question, _MISSING)
        return isinstance(value, list | tuple) and any(
            json_equal(item, condition.value) for item in value
        )
    value = _answer(answers, condition.question, condition.row)
    if value is _MISSING:
        return False
    if isinstance(condition, Equals):
        return json_equal(value, condition.value)
    return any(json_equal(value, candidate) for candidate in condition.values)


def relevant(question: Question, answers: Mapping[str, Any], questionnaire: Questionnaire) -> bool:
    """Return whether ``question`` is asked, given the answers: its section's condition and its own."""
    section = section_of(questionnaire, question.id)
    if section.condition is not None and not evaluate(section.condition, answers):
        return False
    return question.condition is None or evaluate(question.condition, answers)


def effective_condition(question: Question, questionnaire: Questionnaire) -> Condition | None:
    """Return the condition under which ``question`` is asked (section's and its own)."""
    section = section_of(questionnaire, question.id)
    parts = tuple(c for c in (section.condition, question.condition) if c is not None)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AllOf(conditions=parts)


# --- JSON Schema ------------------------------------------------------------------


def compile_condition(condition: Condition) -> dict[str, Any] | bool:
    """Compile a condition into a JSON Schema that the answers object matches iff it holds."""
    if isinstance(condition, AllOf):
        if not condition.conditions:
            return True
        return {"allOf": [compile_condition(item) for item in condition.conditions]}
    if isinstance(condition, AnyOf):
        if not condition.conditions:
            return False
        return {"anyOf": [compile_condition(item) for item in condition.conditions]}
    if isinstance(condition, Not):
        return {"not": compile_condition(condition.condition)}
    if isinstance(condition, Answered):
        present = {"required": [condition.question]}
        return present if condition.answered else {"not": present}
    test: dict[str, Any]
    if isinstance(condition, Includes):
        test = {"type": "array", "contains": {"const": condition.value}}
    elif isinstance(condition, Equals):
        test = {"const": condition.value}
    else:
        test = {"enum": list(condition.values)}
    if isinstance(condition, Equals | In) and condition.row is not None:
        test = {"type": "object", "required": [condition.row], "properties": {condition.row: test}}
    return {"required": [condition.question], "properties": {condition.question: test}}


# --- description for people -------------------------------------------------------


def _push_negation(condition: Condition, negate: bool = False) -> Condition:
    """Move every ``not`` down to the tests (De Morgan), for plainer sentences."""
    if isinstance(condition, Not):
        return _push_negation(condition.condition, not negate)
    if isinstance(condition, AllOf | AnyOf):
        items = tuple(_push_negation(item, negate) for item in condition.conditions)
        flip = negate
        if isinstance(condition, AllOf) != flip:
            return AllOf(conditions=items)
        return AnyOf(conditions=items)
    if isinstance(condition, Answered) and negate:
        return Answered(question=condition.question, answered=not condition.answered)
    return Not(condition=condition) if negate else condition


_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "open": "«\u00a0",
        "close": "\u00a0»",
        "and": " et ",
        "or": " ou ",
        "question": "Répondez à cette question seulement si {clause}.",
        "section": "Répondez aux questions de cette partie seulement si {clause}.",
        "answered": "vous avez répondu à la question {n}",
        "not_answered": "vous n'avez pas répondu à la question {n}",
        "equals": "vous avez répondu {v} à la question {n}",
        "not_equals": "vous n'avez pas répondu {v} à la question {n}",
        "equals_row": "vous avez répondu {v} pour {r} à la question {n}",
        "not_equals_row": "vous n'avez pas répondu {v} pour {r} à la question {n}",
        "in": "vous avez répondu {v} à la question {n}",
        "not_in": "vous n'avez répondu ni {v} à la question {n}",
        "in_row": "vous avez répondu {v} pour {r} à la question {n}",
        "not_in_row": "vous n'avez répondu ni {v} pour {r} à la question {n}",
        "includes": "vous avez coché {v} à la question {n}",
        "not_includes": "vous n'avez pas coché {v} à la question {n}",
        "neither": " ni ",
    },
    "en": {
        "open": "“",
        "close": "”",
        "and": " and ",
        "or": " or ",
        "question": "Answer this question only if {clause}.",
        "section": "Answer the questions of this part only if {clause}.",
        "answered": "you answered question {n}",
        "not_answered": "you did not answer question {n}",
        "equals": "you answered {v} to question {n}",
        "not_equals": "you did not answer {v} to question {n}",
        "equals_row": "you answered {v} for {r} in question {n}",
        "not_equals_row": "you did not answer {v} for {r} in question {n}",
        "in": "you answered {v} to question {n}",
        "not_in": "you answered neither {v} to question {n}",
        "in_row": "you answered {v} for {r} in question {n}",
        "not_in_row": "you answered neither {v} for {r} in question {n}",
        "includes": "you ticked {v} in question {n}",
        "not_includes": "you did not tick {v} in question {n}",
        "neither": " nor ",
    },
}


def _words(lang: str) -> dict[str, str]:
    return _WORDS.get(lang, _WORDS["fr"])


def _quote(text: str, words: Mapping[str, str]) -> str:
    return f"{words['open']}{text}{words['close']}"


def _value_label(question: Question | None, value: Any, lang: str) -> str:
    if question is not None and isinstance(value, str):
        for choice in choice_options(question):
            if choice.code == value:
                return choice.label.get(lang)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _row_label(question: Question | None, row: str, lang: str) -> str:
    if isinstance(question, Matrix):
        for choice in question.rows:
            if choice.code == row:
                return choice.label.get(lang)
    return row


def _clause(
    condition: Condition, questionnaire: Questionnaire, lang: str, *, nested: bool = False
) -> str:
    words = _words(lang)
    if isinstance(condition, AllOf | AnyOf):
        joiner = words["and"] if isinstance(condition, AllOf) else words["or"]
        text = joiner.join(
            _clause(item, questionnaire, lang, nested=True) for item in condition.conditions
        )
        return f"({text})" if nested and len(condition.conditions) > 1 else text
    negated = isinstance(condition, Not)
    leaf = condition.condition if isinstance(condition, Not) else condition
    if isinstance(leaf, AllOf | AnyOf | Not):  # not reached after _push_negation
        return _clause(_push_negation(condition), questionnaire, lang, nested=nested)
    numbers = question_numbers(questionnaire)
    number = numbers.get(leaf.question, leaf.question)
    try:
        target: Question | None = questionnaire.question(leaf.question)
    except KeyError:
        target = None
    prefix = "not_" if negated else ""
    if isinstance(leaf, Answered):
        key = "answered" if leaf.answered != negated else "not_answered"
        return words[key].format(n=number)
    if isinstance(leaf, Includes):
        value = _quote(_value_label(target, leaf.value, lang), words)
        return words[prefix + "includes"].format(v=value, n=number)
    if isinstance(leaf, Equals):
        value = _quote(_value_label(target, leaf.value, lang), words)
        key = prefix + "equals"
    else:
        labels = [_quote(_value_label(target, v, lang), words) for v in leaf.values]
        value = words["neither"].join(labels) if negated else words["or"].join(labels)
        key = prefix + ("in" if len(labels) > 1 or negated else "equals")
        if negated and len(labels) == 1:
            key = "not_equals"
    if leaf.row is not None:
        return words[key + "_row"].format(
            v=value, r=_quote(_row_label(target, leaf.row, lang), words), n=number
        )
    return words[key].format(v=value, n=number)


def describe(
    condition: Condition,
    questionnaire: Questionnaire,
    lang: str = "fr",
    *,
    subject: str = "question",
) -> str:
    """Write the routing instruction of a condition for a paper form.

    E.g. « Répondez à cette question seulement si vous avez répondu « Oui » à la
    question 4. » ``subject`` is ``"question"`` or ``"section"``; questions are
    named by their number (:func:`question_numbers`).
    """
    words = _words(lang)
    clause = _clause(_push_negation(condition), questionnaire, lang)
    return words["section" if subject == "section" else "question"].format(clause=clause)


def describe_question(question: Question, questionnaire: Questionnaire, lang: str = "fr") -> str:
    """Return the routing instruction of a question's own condition, or ``""``."""
    if question.condition is None:
        return ""
    return describe(question.condition, questionnaire, lang)


def describe_section(section: Section, questionnaire: Questionnaire, lang: str = "fr") -> str:
    """Return the routing instruction of a section's condition, or ``""``."""
    if section.condition is None:
        return ""
    return describe(section.condition, questionnaire, lang, subject="section")
