"""Check a questionnaire: schema, unique ids and codes, bounds, conditions.

Questionnaires built in Python (by plugins) skip the JSON loading step, so
:func:`check_questionnaire` validates the dumped data against the schema as
well as everything a schema cannot say: ids unique across the questionnaire,
codes unique within a question, conditions on earlier questions only, with
tests that fit the question they look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conseils_citoyens.documents import schemas
from conseils_citoyens.errors import Problem
from conseils_citoyens.i18n import counted
from conseils_citoyens.survey.questionnaire.conditions import choice_options
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
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
    Question,
    Questionnaire,
    Ranking,
    SingleChoice,
)

#: « 2 choix demandés mais seulement 1 proposé »: the words agree with each count.
_ASKED = {"fr": ("choix demandé", "choix demandés"), "en": ("selection asked", "selections asked")}
_OFFERED = {"fr": ("proposé", "proposés")}


def _problem(path: str, code: str, fr: str, en: str) -> Problem:
    return Problem(path=path, code=f"questionnaire.{code}", texts={"fr": fr, "en": en})


def check_questionnaire(questionnaire: Questionnaire, *, schema: bool = True) -> list[Problem]:
    """Return every problem of a questionnaire (empty when it is sound).

    ``schema=False`` skips the JSON Schema (for data just validated by it).
    """
    problems: list[Problem] = []
    if schema:
        from conseils_citoyens.survey.questionnaire.serialize import dump_questionnaire

        problems.extend(schemas.iter_problems("questionnaire", dump_questionnaire(questionnaire)))
    problems.extend(_identity_problems(questionnaire))
    problems.extend(_condition_problems(questionnaire))
    return problems


def question_path(questionnaire: Questionnaire, question_id: str) -> str:
    """Return the JSON path of a question (``$.sections[1].questions[3]``)."""
    for s, section in enumerate(questionnaire.sections):
        for q, question in enumerate(section.questions):
            if question.id == question_id:
                return f"$.sections[{s}].questions[{q}]"
    return "$"


def _identity_problems(questionnaire: Questionnaire) -> Iterator[Problem]:
    seen_sections: set[str] = set()
    seen_questions: dict[str, str] = {}
    for s, section in enumerate(questionnaire.sections):
        if section.id in seen_sections:
            yield _problem(
                f"$.sections[{s}].id",
                "duplicate_id",
                f"identifiant de partie « {section.id} » déjà utilisé",
                f"section id '{section.id}' already used",
            )
        seen_sections.add(section.id)
        for q, question in enumerate(section.questions):
            path = f"$.sections[{s}].questions[{q}]"
            if question.id in seen_questions:
                yield _problem(
                    f"{path}.id",
                    "duplicate_id",
                    f"identifiant de question « {question.id} » déjà utilisé ({seen_questions[question.id]})",
                    f"question id '{question.id}' already used ({seen_questions[question.id]})",
                )
            else:
                seen_questions[question.id] = path
            yield from _question_problems(question, path)


def _code_lists(question: Question) -> Iterator[tuple[str, tuple[Choice, ...]]]:
    if isinstance(question, SingleChoice | MultipleChoice | Ranking):
        yield "choices", question.choices
    if isinstance(question, Matrix):
        yield "rows", question.rows
        yield "columns", question.columns
    if hasattr(question, "levels"):
        yield "levels", question.levels


def _question_problems(question: Question, path: str) -> Iterator[Problem]:
    for field, choices in _code_lists(question):
        seen: set[str] = set()
        for c, choice in enumerate(choices):
            if choice.code in seen:
                yield _problem(
                    f"{path}.{field}[{c}].code",
                    "duplicate_code",
                    f"code « {choice.code} » déjà utilisé dans la question « {question.id} »",
                    f"code '{choice.code}' already used in question '{question.id}'",
                )
            seen.add(choice.code)
            if (
                field == "choices"
                and isinstance(question, SingleChoice | MultipleChoice)
                and question.other is not None
                and choice.code == OTHER_CODE
            ):
                yield _problem(
                    f"{path}.{field}[{c}].code",
                    "duplicate_code",
                    f"le code « {OTHER_CODE} » est réservé au choix « Autre » de la question « {question.id} »",
                    f"code '{OTHER_CODE}' is reserved for the 'other' choice of question '{question.id}'",
                )
    if isinstance(question, MultipleChoice):
        options = len(choice_options(question))
        low, high = question.min_selections, question.max_selections
        if low is not None and high is not None and low > high:
            yield _problem(
                f"{path}.min_selections",
                "bounds",
                f"minimum de choix ({low}) supérieur au maximum ({high})",
                f"minimum selections ({low}) above the maximum ({high})",
            )
        for name, bound in (("min_selections", low), ("max_selections", high)):
            if bound is not None and bound > options:
                yield _problem(
                    f"{path}.{name}",
                    "bounds",
                    f"{counted(bound, _ASKED, 'fr')} mais seulement "
                    f"{counted(options, _OFFERED, 'fr')}",
                    f"{counted(bound, _ASKED, 'en')} but only {options} offered",
                )
    if isinstance(question, Ranking) and question.top > len(question.choices):
        yield _problem(
            f"{path}.top",
            "bounds",
            f"classer {question.top} éléments parmi {len(question.choices)} est impossible",
            f"cannot rank {question.top} items out of {len(question.choices)}",
        )
    if (
        isinstance(question, Number)
        and question.minimum is not None
        and question.maximum is not None
        and question.minimum > question.maximum
    ):
        yield _problem(
            f"{path}.minimum",
            "bounds",
            f"minimum ({question.minimum}) supérieur au maximum ({question.maximum})",
            f"minimum ({question.minimum}) above the maximum ({question.maximum})",
        )


def _condition_problems(questionnaire: Questionnaire) -> Iterator[Problem]:
    position: dict[str, int] = {}
    questions: dict[str, Question] = {}
    for index, question in enumerate(questionnaire.questions()):
        position.setdefault(question.id, index)
        questions.setdefault(question.id, question)
    index = 0
    for s, section in enumerate(questionnaire.sections):
        if section.condition is not None:
            yield from _check_condition(
                section.condition,
                f"$.sections[{s}].condition",
                owner=None,
                before=index,
                position=position,
                questions=questions,
            )
        for q, question in enumerate(section.questions):
            if question.condition is not None:
                yield from _check_condition(
                    question.condition,
                    f"$.sections[{s}].questions[{q}].condition",
                    owner=question.id,
                    before=index,
                    position=position,
                    questions=questions,
                )
            index += 1


def _check_condition(
    condition: Condition,
    path: str,
    *,
    owner: str | None,
    before: int,
    position: dict[str, int],
    questions: dict[str, Question],
) -> Iterator[Problem]:
    if isinstance(condition, AllOf | AnyOf):
        key = "all" if isinstance(condition, AllOf) else "any"
        for i, item in enumerate(condition.conditions):
            yield from _check_condition(
                item,
                f"{path}.{key}[{i}]",
                owner=owner,
                before=before,
                position=position,
                questions=questions,
            )
        return
    if isinstance(condition, Not):
        yield from _check_condition(
            condition.condition,
            f"{path}.not",
            owner=owner,
            before=before,
            position=position,
            questions=questions,
        )
        return
    target_id = condition.question
    target = questions.get(target_id)
    where = "cette question" if owner else "cette partie"
    where_en = "this question" if owner else "this section"
    if target is None:
        yield _problem(
            f"{path}.question",
            "condition.unknown_question",
            f"la condition porte sur la question « {target_id} », qui n'existe pas",
            f"the condition refers to question '{target_id}', which does not exist",
        )
        return
    if target_id == owner:
        yield _problem(
            f"{path}.question",
            "condition.self",
            f"la condition de la question « {target_id} » porte sur elle-même",
            f"the condition of question '{target_id}' refers to itself",
        )
        return
    if position[target_id] >= before:
        yield _problem(
            f"{path}.question",
            "condition.later_question",
            f"la condition porte sur la question « {target_id} », qui vient après {where} : "
            "une condition ne peut porter que sur une question précédente",
            f"the condition refers to question '{target_id}', which comes after {where_en}: "
            "a condition may only refer to an earlier question",
        )
        return
    yield from _fit_problems(condition, target, path)


def _fit_problems(
    condition: Equals | In | Includes | Answered, target: Question, path: str
) -> Iterator[Problem]:
    if isinstance(condition, Answered):
        return
    if isinstance(condition, Includes):
        if not isinstance(target, MultipleChoice | Ranking):
            yield _wrong_test(path, "includes", target)
            return
        yield from _unknown_codes(
            path + ".includes", (condition.value,), target, choice_options(target)
        )
        return
    values: tuple[Any, ...] = (
        (condition.value,) if isinstance(condition, Equals) else condition.values
    )
    field = f"{path}.equals" if isinstance(condition, Equals) else f"{path}.in"
    if condition.row is not None:
        if not isinstance(target, Matrix):
            yield _wrong_test(path, "row", target)
            return
        yield from _unknown_codes(f"{path}.row", (condition.row,), target, target.rows)
        yield from _unknown_codes(field, values, target, target.columns)
        return
    if isinstance(target, MultipleChoice | Ranking | Matrix):
        yield _wrong_test(path, "equals", target)
        return
    options = choice_options(target)
    if options:
        yield from _unknown_codes(field, values, target, options)
    elif isinstance(target, Number):
        if any(isinstance(v, bool) or not isinstance(v, int | float) for v in values):
            yield _problem(
                field,
                "condition.wrong_value",
                f"la question « {target.id} » attend un nombre",
                f"question '{target.id}' expects a number",
            )
    else:
        if any(not isinstance(v, str) for v in values):
            yield _problem(
                field,
                "condition.wrong_value",
                f"la question « {target.id} » attend un texte",
                f"question '{target.id}' expects a text",
            )


def _wrong_test(path: str, test: str, target: Question) -> Problem:
    kind = target.type.value
    return _problem(
        path,
        "condition.wrong_test",
        f"le test « {test} » ne convient pas à la question « {target.id} » (type {kind})",
        f"test '{test}' does not fit question '{target.id}' (type {kind})",
    )


def _unknown_codes(
    path: str, values: tuple[Any, ...], target: Question, options: tuple[Choice, ...]
) -> Iterator[Problem]:
    codes = {choice.code for choice in options}
    for value in values:
        if not isinstance(value, str) or value not in codes:
            known = ", ".join(sorted(codes))
            yield _problem(
                path,
                "condition.unknown_code",
                f"« {value} » n'est pas un code de la question « {target.id} » (codes : {known})",
                f"'{value}' is not a code of question '{target.id}' (codes: {known})",
            )


def check_loaded(questionnaire: Questionnaire) -> list[Problem]:
    """Check what the schema cannot say of a questionnaire just loaded (it was validated)."""
    return check_questionnaire(questionnaire, schema=False)
