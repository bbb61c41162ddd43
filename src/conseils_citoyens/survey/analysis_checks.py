"""Answer checking: does a response fit its questionnaire (version, shapes, codes)?

Fast, structural checks run before any figure is counted: :func:`check_versions`
refuses responses to another questionnaire or version;
:func:`answer_problems` lists what keeps one response from being counted
(unknown questions, unknown codes, wrong shapes). Conditions and required
answers are not checked here: a partial answer still counts for what it says.
:func:`same_respondents` finds one respondent (one token) given twice, and
:func:`same_respondent_problems` says it: a person is never counted twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.i18n import ELLIPSIS_AND, and_more
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    OTHER_SUFFIX,
    YES_NO_CHOICES,
    Date,
    LongText,
    Matrix,
    MultipleChoice,
    Number,
    Questionnaire,
    Ranking,
    Response,
    Scale,
    ShortText,
    SingleChoice,
    YesNo,
)

_MAX_LISTED: Final = 20
#: Validates one response; returns its problems (empty when valid).
ResponseValidator = Callable[[Questionnaire, Response], Sequence[Problem]]


def _problem(index: int, path: str, code: str, fr: str, en: str) -> Problem:
    return Problem(
        path=f"$.responses[{index}]{path}",
        code=f"analysis.{code}",
        texts={"fr": fr, "en": en},
    )


_Checker = Callable[[Any], tuple[str, str] | None]


def _choice_checker(codes: frozenset[str]) -> _Checker:
    def check(value: Any) -> tuple[str, str] | None:
        if value.__class__ is not str or value not in codes:
            return ("code de choix inconnu", "unknown choice code")
        return None

    return check


def _code_set(value: Any) -> set[Any] | None:
    """Return the set of a list's items, or None when an item cannot be a code."""
    try:
        return set(value)
    except TypeError:  # an unhashable item (a list, an object) is not a code
        return None


def _multiple_checker(question: MultipleChoice, codes: frozenset[str]) -> _Checker:
    maximum = question.max_selections

    def check(value: Any) -> tuple[str, str] | None:
        if not isinstance(value, list):
            return ("liste de codes attendue", "list of codes expected")
        chosen = _code_set(value)
        if chosen is None or not codes.issuperset(chosen):
            return ("code de choix inconnu", "unknown choice code")
        if len(chosen) != len(value):
            return ("choix répété", "choice repeated")
        if maximum is not None and len(value) > maximum:
            return (f"plus de {maximum} choix", f"more than {maximum} choices")
        return None

    return check


def _matrix_checker(question: Matrix) -> _Checker:
    rows = frozenset(r.code for r in question.rows)
    columns = frozenset(c.code for c in question.columns)

    def check(value: Any) -> tuple[str, str] | None:
        if not isinstance(value, dict):
            return ("objet {ligne: colonne} attendu", "{row: column} object expected")
        if not rows.issuperset(value):
            return ("ligne inconnue", "unknown row")
        levels = _code_set(value.values())
        if levels is None or not columns.issuperset(levels):
            return ("niveau inconnu", "unknown level")
        return None

    return check


def _ranking_checker(question: Ranking) -> _Checker:
    codes = frozenset(c.code for c in question.choices)
    top = question.top

    def check(value: Any) -> tuple[str, str] | None:
        if not isinstance(value, list) or not value:
            return ("classement (liste de codes) attendu", "ranking (list of codes) expected")
        ranked = _code_set(value)
        if ranked is None or not codes.issuperset(ranked):
            return ("code de choix inconnu", "unknown choice code")
        if len(ranked) != len(value):
            return ("choix classé deux fois", "choice ranked twice")
        if len(value) > top:
            return (f"plus de {top} choix classés", f"more than {top} choices ranked")
        return None

    return check


def _text_checker(maximum: int) -> _Checker:
    def check(value: Any) -> tuple[str, str] | None:
        if not isinstance(value, str):
            return ("texte attendu", "text expected")
        if len(value) > maximum:
            return (
                f"texte de plus de {maximum} caractères",
                f"text longer than {maximum} characters",
            )
        return None

    return check


def _number_checker(question: Number) -> _Checker:
    def check(value: Any) -> tuple[str, str] | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ("nombre attendu", "number expected")
        if question.integer and isinstance(value, float) and not value.is_integer():
            return ("nombre entier attendu", "whole number expected")
        if question.minimum is not None and value < question.minimum:
            return ("nombre trop petit", "number too small")
        if question.maximum is not None and value > question.maximum:
            return ("nombre trop grand", "number too large")
        return None

    return check


def _date_check(value: Any) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return ("date attendue", "date expected")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return ("date ISO (AAAA-MM-JJ) attendue", "ISO date (YYYY-MM-DD) expected")
    return None


def _other_checker(value: Any) -> tuple[str, str] | None:
    return None if isinstance(value, str) else ("texte attendu", "text expected")


def answer_checkers(questionnaire: Questionnaire) -> dict[str, _Checker]:
    checkers: dict[str, _Checker] = {}
    for question in questionnaire.questions():
        if isinstance(question, SingleChoice | MultipleChoice):
            codes = frozenset(c.code for c in question.choices)
            if question.other is not None:
                codes |= {OTHER_CODE}
                checkers[question.id + OTHER_SUFFIX] = _other_checker
            checkers[question.id] = (
                _multiple_checker(question, codes)
                if isinstance(question, MultipleChoice)
                else _choice_checker(codes)
            )
        elif isinstance(question, Scale):
            checkers[question.id] = _choice_checker(frozenset(c.code for c in question.levels))
        elif isinstance(question, YesNo):
            checkers[question.id] = _choice_checker(frozenset(c.code for c in YES_NO_CHOICES))
        elif isinstance(question, Matrix):
            checkers[question.id] = _matrix_checker(question)
        elif isinstance(question, Ranking):
            checkers[question.id] = _ranking_checker(question)
        elif isinstance(question, ShortText | LongText):
            checkers[question.id] = _text_checker(question.max_length)
        elif isinstance(question, Number):
            checkers[question.id] = _number_checker(question)
        elif isinstance(question, Date):
            checkers[question.id] = _date_check
    return checkers


def answer_problems(
    questionnaire: Questionnaire, response: Response, *, index: int = 0
) -> list[Problem]:
    """Return what keeps ``response`` from being counted (shapes and codes only).

    Conditions and required answers are not checked here: a partial answer
    still counts for what it says.
    """
    return check_answers(answer_checkers(questionnaire), response.answers, index)


def check_answers(
    checkers: Mapping[str, _Checker], answers: Mapping[str, Any], index: int
) -> list[Problem]:
    problems: list[Problem] = []
    for key, value in answers.items():
        checker = checkers.get(key)
        if checker is None:
            problems.append(
                _problem(
                    index,
                    f".answers.{key}",
                    "unknown_question",
                    f"question inconnue « {key} »",
                    f"unknown question '{key}'",
                )
            )
            continue
        reason = checker(value)
        if reason is not None:
            problems.append(
                _problem(
                    index,
                    f".answers.{key}",
                    "invalid_answer",
                    f"réponse invalide à « {key} » : {reason[0]}",
                    f"invalid answer to '{key}': {reason[1]}",
                )
            )
    return problems


def check_versions(questionnaire: Questionnaire, responses: Sequence[Response]) -> None:
    """Raise :class:`ValidationError` when a response is not to this questionnaire's version."""
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    expected = questionnaire_ref(questionnaire)
    problems: list[Problem] = []
    for index, response in enumerate(responses):
        ref = response.questionnaire
        if ref == expected:
            continue
        if ref.id == expected.id and ref.version == expected.version:
            where = f" ({response.source})" if response.source else ""
            problems.append(
                Problem(
                    path=f"$.responses[{index}].questionnaire.hash",
                    code="analysis.other_content",
                    texts={
                        "fr": f"réponse{where} au questionnaire « {ref.id} » version {ref.version} "
                        "mais dont le contenu diffère (empreinte différente : questions ajoutées "
                        "ou modifiées localement) : donnez le questionnaire exact de ces réponses",
                        "en": f"response{where} to questionnaire '{ref.id}' version {ref.version} "
                        "but with different content (another hash: questions added or changed "
                        "locally): give the exact questionnaire of these responses",
                    },
                    source=response.source,
                )
            )
        else:
            where = f" ({response.source})" if response.source else ""
            problems.append(
                Problem(
                    path=f"$.responses[{index}].questionnaire",
                    code="analysis.other_questionnaire",
                    texts={
                        "fr": f"réponse{where} au questionnaire « {ref.id} » version {ref.version}, "
                        f"pas à « {questionnaire.id} » version {questionnaire.version} : "
                        "analysez chaque version à part",
                        "en": f"response{where} to questionnaire '{ref.id}' version {ref.version}, "
                        f"not '{questionnaire.id}' version {questionnaire.version}: "
                        "analyse each version separately",
                    },
                    source=response.source,
                )
            )
    if len(problems) > _MAX_LISTED:
        more = len(problems) - _MAX_LISTED
        problems = [
            *problems[:_MAX_LISTED],
            Problem(
                path="$.responses",
                code="analysis.other_questionnaire",
                texts=and_more(
                    more,
                    {
                        "fr": ("autre réponse", "autres réponses"),
                        "en": ("more response", "more responses"),
                    },
                    {
                        "fr": " d'un autre questionnaire ou d'une autre version",
                        "en": " to another questionnaire or version",
                    },
                ),
            ),
        ]
    if problems:
        raise ValidationError(problems, kind="responses")


#: One respondent given twice: (position of the first, position of the later one, token).
SameRespondent = tuple[int, int, str]
#: Where a response is, for people: (French, English), e.g. a responses file and a form.
Where = Callable[[int], tuple[str, str]]


def same_respondents(responses: Sequence[Response]) -> list[SameRespondent]:
    """Each response whose respondent token an earlier response already has.

    A token is printed on one personalised form: two responses with it are one
    person counted twice (a corrected form imported again, two batches merged),
    whether their answers differ or not. Anonymous responses (no token) are
    never compared: two people may answer alike.
    """
    first: dict[str, int] = {}
    found: list[SameRespondent] = []
    for index, response in enumerate(responses):
        token = response.respondent.token if response.respondent is not None else None
        if token is None:
            continue
        earlier = first.setdefault(token, index)
        if earlier != index:
            found.append((earlier, index, token))
    return found


def same_respondent_problems(
    found: Sequence[SameRespondent],
    responses: Sequence[Response],
    *,
    code: str,
    where: Where,
    path: Callable[[int], str],
) -> list[Problem]:
    """The problems saying each respondent given twice (five listed), then what to do.

    Which answers are right is a person's judgement (the later save is not
    always the correction: a personalised form may also have been copied), so
    nothing is chosen here: the caller refuses the whole set.
    """
    problems: list[Problem] = []
    for earlier, later, token in found[:5]:
        alike = dict(responses[earlier].answers) == dict(responses[later].answers)
        answers_fr = "les mêmes réponses" if alike else "des réponses différentes"
        answers_en = "the same answers" if alike else "different answers"
        problems.append(
            Problem(
                path=path(later),
                code=code,
                texts={
                    "fr": f"{where(later)[0]} : même répondant (jeton « {token} ») que "
                    f"{where(earlier)[0]}, avec {answers_fr} ; il serait compté deux fois",
                    "en": f"{where(later)[1]}: same respondent (token '{token}') as "
                    f"{where(earlier)[1]}, with {answers_en}; they would be counted twice",
                },
            )
        )
    if len(found) > 5:
        more = len(found) - 5
        problems.append(
            Problem(
                path="$.responses",
                code=code,
                texts=and_more(
                    more,
                    {
                        "fr": ("autre répondant", "autres répondants"),
                        "en": ("more respondent", "more respondents"),
                    },
                    {"fr": " en double", "en": " given twice"},
                    lead=ELLIPSIS_AND,
                ),
            )
        )
    problems.append(
        Problem(
            path="$.responses",
            code=code,
            texts={
                "fr": "chaque répondant ne compte qu'une fois, et c'est à vous de choisir "
                "laquelle de ses réponses garder : gardez un seul de ses formulaires (retirez "
                "l'autre de son dossier et importez de nouveau ce lot), puis relancez",
                "en": "each respondent counts once, and which of their responses to keep is "
                "your choice: keep one of their forms (take the other out of its folder and "
                "import that batch again), then run again",
            },
        )
    )
    return problems


__all__ = [
    "ResponseValidator",
    "answer_checkers",
    "answer_problems",
    "check_answers",
    "check_versions",
    "same_respondent_problems",
    "same_respondents",
]
