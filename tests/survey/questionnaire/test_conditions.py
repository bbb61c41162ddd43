"""Conditions: evaluation, compilation to JSON Schema, French routing instructions."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema.validators import Draft202012Validator

from conseils_citoyens.survey.questionnaire.conditions import (
    compile_condition,
    describe,
    describe_section,
    evaluate,
    question_numbers,
    relevant,
)
from conseils_citoyens.survey.questionnaire.model import (
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
    Number,
    Questionnaire,
    Section,
    SingleChoice,
    Text,
    YesNo,
)


def c(code: str, fr: str) -> Choice:
    return Choice(code=code, label=Text.of(fr))


QUESTIONNAIRE = Questionnaire(
    id="essai",
    version="1",
    title=Text.of("Essai"),
    sections=(
        Section(
            id="vous",
            title=Text.of("Vous"),
            questions=(
                SingleChoice(
                    id="college",
                    label=Text.of("Collège"),
                    choices=(c("hab", "Habitants"), c("act", "Acteurs")),
                ),
                YesNo(id="deja", label=Text.of("Déjà formé ?")),
                MultipleChoice(
                    id="formats",
                    label=Text.of("Formats"),
                    choices=(c("atelier", "Atelier"), c("visite", "Visite")),
                    other=Text.of("Autre"),
                ),
                Number(id="age", label=Text.of("Âge")),
            ),
        ),
        Section(
            id="besoins",
            title=Text.of("Besoins"),
            condition=Equals(question="deja", value="no"),
            questions=(
                Matrix(
                    id="themes",
                    label=Text.of("Thèmes"),
                    rows=(c("budget", "Le budget"), c("fph", "Le FPH")),
                    columns=(c("none", "Pas besoin"), c("priority", "Prioritaire")),
                ),
                YesNo(id="suite", label=Text.of("Suite ?"), condition=Answered(question="themes")),
            ),
        ),
    ),
)


def test_question_numbers_follow_document_order() -> None:
    assert question_numbers(QUESTIONNAIRE) == {
        "college": 1,
        "deja": 2,
        "formats": 3,
        "age": 4,
        "themes": 5,
        "suite": 6,
    }


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        (Equals(question="deja", value="yes"), {"deja": "yes"}, True),
        (Equals(question="deja", value="yes"), {"deja": "no"}, False),
        (Equals(question="deja", value="yes"), {}, False),
        (In(question="college", values=("hab", "act")), {"college": "act"}, True),
        (Includes(question="formats", value="visite"), {"formats": ["atelier", "visite"]}, True),
        (Includes(question="formats", value="visite"), {"formats": ["atelier"]}, False),
        (Answered(question="age"), {"age": 0}, True),
        (Answered(question="age", answered=False), {"age": 0}, False),
        (
            Equals(question="themes", value="priority", row="fph"),
            {"themes": {"fph": "priority"}},
            True,
        ),
        (
            Equals(question="themes", value="priority", row="fph"),
            {"themes": {"budget": "priority"}},
            False,
        ),
        (Equals(question="age", value=1), {"age": True}, False),
        (Equals(question="age", value=1), {"age": 1.0}, True),
        (AllOf(conditions=()), {}, True),
        (AnyOf(conditions=()), {}, False),
        (Not(condition=Equals(question="deja", value="yes")), {}, True),
    ],
)
def test_evaluate_and_compiled_schema_agree(
    condition: Condition, answers: dict[str, Any], expected: bool
) -> None:
    assert evaluate(condition, answers) is expected
    assert Draft202012Validator(compile_condition(condition)).is_valid(answers) is expected


def test_relevant_considers_the_section_condition() -> None:
    themes = QUESTIONNAIRE.question("themes")
    suite = QUESTIONNAIRE.question("suite")
    assert relevant(themes, {"deja": "no"}, QUESTIONNAIRE)
    assert not relevant(themes, {"deja": "yes"}, QUESTIONNAIRE)
    assert not relevant(suite, {"deja": "yes", "themes": {"fph": "none"}}, QUESTIONNAIRE)
    assert relevant(suite, {"deja": "no", "themes": {"fph": "none"}}, QUESTIONNAIRE)
    assert not relevant(suite, {"deja": "no"}, QUESTIONNAIRE)


@pytest.mark.parametrize(
    ("condition", "fr", "en"),
    [
        (
            Equals(question="deja", value="yes"),
            "Répondez à cette question seulement si vous avez répondu «\u00a0Oui\u00a0» à la question 2.",
            "Answer this question only if you answered “Yes” to question 2.",
        ),
        (
            Not(condition=Equals(question="deja", value="yes")),
            "Répondez à cette question seulement si vous n'avez pas répondu «\u00a0Oui\u00a0» à la question 2.",
            "Answer this question only if you did not answer “Yes” to question 2.",
        ),
        (
            In(question="college", values=("hab", "act")),
            "Répondez à cette question seulement si vous avez répondu «\u00a0Habitants\u00a0» ou «\u00a0Acteurs\u00a0» à la question 1.",
            "Answer this question only if you answered “Habitants” or “Acteurs” to question 1.",
        ),
        (
            Not(condition=In(question="college", values=("hab", "act"))),
            "Répondez à cette question seulement si vous n'avez répondu ni «\u00a0Habitants\u00a0» ni «\u00a0Acteurs\u00a0» à la question 1.",
            "Answer this question only if you answered neither “Habitants” nor “Acteurs” to question 1.",
        ),
        (
            Includes(question="formats", value="other"),
            "Répondez à cette question seulement si vous avez coché «\u00a0Autre\u00a0» à la question 3.",
            "Answer this question only if you ticked “Autre” in question 3.",
        ),
        (
            Equals(question="themes", value="priority", row="fph"),
            "Répondez à cette question seulement si vous avez répondu «\u00a0Prioritaire\u00a0» pour «\u00a0Le FPH\u00a0» à la question 5.",
            "Answer this question only if you answered “Prioritaire” for “Le FPH” in question 5.",
        ),
        (
            Not(
                condition=AnyOf(
                    conditions=(Answered(question="age"), Equals(question="deja", value="no"))
                )
            ),
            "Répondez à cette question seulement si vous n'avez pas répondu à la question 4 et vous n'avez pas répondu «\u00a0Non\u00a0» à la question 2.",
            "Answer this question only if you did not answer question 4 and you did not answer “No” to question 2.",
        ),
        (
            AllOf(
                conditions=(
                    Answered(question="age"),
                    AnyOf(
                        conditions=(
                            Equals(question="age", value=3),
                            Equals(question="age", value=4),
                        )
                    ),
                )
            ),
            "Répondez à cette question seulement si vous avez répondu à la question 4 et (vous avez répondu «\u00a03\u00a0» à la question 4 ou vous avez répondu «\u00a04\u00a0» à la question 4).",
            "Answer this question only if you answered question 4 and (you answered “3” to question 4 or you answered “4” to question 4).",
        ),
    ],
)
def test_describe_in_french_and_english(condition: Condition, fr: str, en: str) -> None:
    assert describe(condition, QUESTIONNAIRE) == fr
    assert describe(condition, QUESTIONNAIRE, "en") == en


def test_describe_a_section() -> None:
    assert describe_section(QUESTIONNAIRE.sections[1], QUESTIONNAIRE) == (
        "Répondez aux questions de cette partie seulement si vous avez répondu «\u00a0Non\u00a0» à la question 2."
    )
    assert describe_section(QUESTIONNAIRE.sections[0], QUESTIONNAIRE) == ""


_values = st.one_of(
    st.sampled_from(["yes", "no", "hab", "act", "atelier", "visite"]),
    st.integers(-2, 2),
    st.booleans(),
)
_leaf = st.one_of(
    st.builds(Equals, question=st.sampled_from(["a", "b"]), value=_values),
    st.builds(In, question=st.sampled_from(["a", "b"]), values=st.tuples(_values, _values)),
    st.builds(Equals, question=st.just("m"), value=_values, row=st.sampled_from(["r1", "r2"])),
    st.builds(Includes, question=st.just("l"), value=st.sampled_from(["atelier", "visite"])),
    st.builds(Answered, question=st.sampled_from(["a", "b", "l", "m"]), answered=st.booleans()),
)
_conditions = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.builds(AllOf, conditions=st.lists(inner, max_size=3).map(tuple)),
        st.builds(AnyOf, conditions=st.lists(inner, max_size=3).map(tuple)),
        st.builds(Not, condition=inner),
    ),
    max_leaves=6,
)
_answers = st.fixed_dictionaries(
    {},
    optional={
        "a": _values,
        "b": _values,
        "l": st.lists(st.sampled_from(["atelier", "visite", "other"]), unique=True),
        "m": st.dictionaries(st.sampled_from(["r1", "r2"]), _values),
    },
)


@settings(max_examples=300)
@given(condition=_conditions, answers=_answers)
def test_python_and_schema_agree_on_random_conditions(
    condition: Condition, answers: dict[str, Any]
) -> None:
    compiled = Draft202012Validator(compile_condition(condition))
    assert evaluate(condition, answers) == compiled.is_valid(answers)
