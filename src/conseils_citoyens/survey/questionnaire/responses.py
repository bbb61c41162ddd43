"""Responses: the JSON Schema derived from a questionnaire, and validation in French.

:func:`response_schema` compiles a questionnaire into a Draft 2020-12 schema:
one property per question with the shape of its answer, ``required`` for
relevant required questions and ``false`` for questions that are not asked,
through the conditions compiled into ``allOf`` of ``if``/``then``/``else``.
:func:`validate_response` reuses one validator per questionnaire and names
each question by its number and label in its messages.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from conseils_citoyens.documents import schemas
from conseils_citoyens.documents.jsonio import read_json
from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.i18n import counted
from conseils_citoyens.survey.questionnaire.conditions import (
    choice_options,
    compile_condition,
    describe,
    effective_condition,
    question_numbers,
)
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    OTHER_SUFFIX,
    Equals,
    Includes,
    LongText,
    Matrix,
    MultipleChoice,
    Number,
    Question,
    Questionnaire,
    Ranking,
    Response,
    ShortText,
    SingleChoice,
)
from conseils_citoyens.survey.questionnaire.serialize import (
    dump_response,
    questionnaire_ref,
)

#: Longest free text accepted after an "other, specify" choice.
OTHER_MAX_LENGTH: Final = 500
_NON_BLANK: Final = "\\S"
_DATE_PATTERN: Final = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: "Must be absent". Not the ``false`` schema: jsonschema 4.x drops the instance
#: path of errors raised by ``false`` inside ``properties``; ``not {}`` keeps it.
_ABSENT: Final[dict[str, Any]] = {"not": {}}


def answer_schema(question: Question) -> dict[str, Any]:
    """Return the JSON Schema of the answer to one question (response value shapes)."""
    codes = [option.code for option in choice_options(question)]
    schema: dict[str, Any]
    if isinstance(question, MultipleChoice):
        schema = {
            "type": "array",
            "items": {"enum": codes},
            "uniqueItems": True,
            "minItems": max(1, question.min_selections or 0),
        }
        if question.max_selections is not None:
            schema["maxItems"] = question.max_selections
    elif isinstance(question, Ranking):
        schema = {
            "type": "array",
            "items": {"enum": codes},
            "uniqueItems": True,
            "minItems": 1,
            "maxItems": question.top,
        }
    elif isinstance(question, Matrix):
        schema = {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {row.code: {"enum": codes} for row in question.rows},
        }
    elif codes:
        schema = {"enum": codes}
    elif isinstance(question, ShortText | LongText):
        schema = {
            "type": "string",
            "minLength": 1,
            "maxLength": question.max_length,
            "pattern": _NON_BLANK,
        }
    elif isinstance(question, Number):
        schema = {"type": "integer" if question.integer else "number"}
        if question.minimum is not None:
            schema["minimum"] = question.minimum
        if question.maximum is not None:
            schema["maximum"] = question.maximum
    else:
        schema = {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
    schema["title"] = question.label.fr
    return schema


def _chose_other(question: SingleChoice | MultipleChoice) -> dict[str, Any] | bool:
    if isinstance(question, SingleChoice):
        return compile_condition(Equals(question=question.id, value=OTHER_CODE))
    return compile_condition(Includes(question=question.id, value=OTHER_CODE))


def answers_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    """Return the JSON Schema of the ``answers`` object of a response."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    rules: list[dict[str, Any]] = []
    for question in questionnaire.questions():
        qid = question.id
        properties[qid] = answer_schema(question)
        condition = effective_condition(question, questionnaire)
        compiled = compile_condition(condition) if condition is not None else True
        if compiled is True:
            if question.required:
                required.append(qid)
        elif compiled is False:
            rules.append({"properties": {qid: _ABSENT}})
        else:
            rule: dict[str, Any] = {"if": compiled, "else": {"properties": {qid: _ABSENT}}}
            if question.required:
                rule["then"] = {"required": [qid]}
            rules.append(rule)
        if isinstance(question, SingleChoice | MultipleChoice) and question.other is not None:
            other_key = qid + OTHER_SUFFIX
            properties[other_key] = {
                "type": "string",
                "minLength": 1,
                "maxLength": OTHER_MAX_LENGTH,
                "pattern": _NON_BLANK,
                "title": question.other.fr,
            }
            rules.append(
                {"if": _chose_other(question), "else": {"properties": {other_key: _ABSENT}}}
            )
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if required:
        schema["required"] = required
    if rules:
        schema["allOf"] = rules
    return schema


def response_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    """Return the Draft 2020-12 JSON Schema of a response to exactly this questionnaire."""
    ref = questionnaire_ref(questionnaire)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{schemas.BASE_URI}responses/{ref.id}/{ref.version}/{ref.hash[7:23]}.schema.json",
        "title": f"Réponse au questionnaire « {questionnaire.title.fr} »",
        "x-title-en": f"Response to the questionnaire '{questionnaire.title.get('en')}'",
        "description": (
            f"Réponse au questionnaire {ref.id} version {ref.version} ({ref.hash}). "
            "Forme des réponses : voir conseils_citoyens.survey.questionnaire.model."
        ),
        "x-description-en": (
            f"Response to questionnaire {ref.id} version {ref.version} ({ref.hash}). "
            "Answer shapes: see conseils_citoyens.survey.questionnaire.model."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["questionnaire", "answers"],
        "properties": {
            "questionnaire": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "version", "hash"],
                "properties": {
                    "id": {"const": ref.id},
                    "version": {"const": ref.version},
                    "hash": {"const": ref.hash},
                },
            },
            "respondent": {"$ref": f"{schemas.BASE_URI}response.schema.json#/$defs/respondent"},
            "source": {"type": "string", "minLength": 1, "maxLength": 4096},
            "saved_on": {"$ref": f"{schemas.BASE_URI}common.schema.json#/$defs/date"},
            "answers": answers_schema(questionnaire),
        },
    }


@attrs.frozen(kw_only=True)
class _Compiled:
    validator: Any
    questions: Mapping[str, Question]
    numbers: Mapping[str, int]


@functools.lru_cache(maxsize=64)
def _compiled(questionnaire: Questionnaire) -> _Compiled:
    # Keyed on the questionnaire, whose hash is cached and whose equality is its
    # content: equal questionnaires (same ref) share one validator.
    return _Compiled(
        validator=schemas.build_validator(response_schema(questionnaire)),
        questions={q.id: q for q in questionnaire.questions()},
        numbers=question_numbers(questionnaire),
    )


def validate_response(
    questionnaire: Questionnaire,
    data_or_response: Mapping[str, Any] | Response,
    *,
    source: str | None = None,
) -> list[Problem]:
    """Return every problem of a response (empty when valid), in question order.

    Each message names the question by its number and label, e.g.
    « Question 9 (Quelles façons de vous former…) : au plus 3 choix ».
    """
    data = (
        dump_response(data_or_response)
        if isinstance(data_or_response, Response)
        else data_or_response
    )
    compiled = _compiled(questionnaire)
    errors = list(compiled.validator.iter_errors(data))
    if not errors:
        return []
    return _translate(errors, questionnaire, compiled, source)


def check_response(
    questionnaire: Questionnaire,
    data_or_response: Mapping[str, Any] | Response | str | Path,
) -> Response:
    """Validate a response (dict, :class:`Response` or JSON file) and return it.

    Raise :class:`ValidationError` listing every problem, naming the file.
    """
    source: str | None = None
    data: Any = data_or_response
    if isinstance(data_or_response, str | Path):
        source = str(data_or_response)
        data = read_json(data_or_response)
    problems = validate_response(questionnaire, data, source=source)
    if problems:
        raise ValidationError(problems, kind="response", source=source)
    if isinstance(data, Response):
        return data
    from conseils_citoyens.documents import convert

    return convert.structure(data, Response, source=source)


# --- messages -----------------------------------------------------------------------


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _translate(
    errors: Iterable[Any], questionnaire: Questionnaire, compiled: _Compiled, source: str | None
) -> list[Problem]:
    problems: list[tuple[int, Problem]] = []
    for error in errors:
        path = list(error.absolute_path)
        if not path or path[0] != "answers":
            for problem in _envelope_problems(error, path, source):
                problems.append((0, problem))
            continue
        for key, code, texts in _answer_messages(error, path, questionnaire, compiled):
            qid = key.split(".", 1)[0]
            question = compiled.questions.get(qid)
            suffix = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[2:])
            json_path = f"$.answers.{key}{suffix}" if key else "$.answers"
            if question is not None:
                number = compiled.numbers[qid]
                label_fr = _short(question.label.fr)
                label_en = _short(question.label.get("en"))
                texts = {
                    "fr": f"question {number} ({label_fr}) : {texts['fr']}",
                    "en": f"question {number} ({label_en}): {texts['en']}",
                }
            else:
                number = len(compiled.numbers) + 1
            problems.append(
                (number, Problem(path=json_path, code=code, texts=texts, source=source))
            )
    problems.sort(key=lambda item: (item[0], item[1].path))
    return [problem for _, problem in problems]


def _envelope_problems(error: Any, path: list[Any], source: str | None) -> Iterable[Problem]:
    if path and path[0] == "questionnaire" and error.validator == "const":
        field = path[-1]
        yield Problem(
            path=error.json_path,
            code="response.wrong_questionnaire",
            texts={
                "fr": f"cette réponse vient d'un autre questionnaire ({field} « {error.instance} », attendu « {error.validator_value} »)",
                "en": f"this response comes from another questionnaire ({field} '{error.instance}', expected '{error.validator_value}')",
            },
            source=source,
        )
        return
    yield from schemas.problems_from_errors([error], source=source)


_CHOICES: Final = {"fr": ("choix", "choix"), "en": ("choice", "choices")}
_RANKED: Final = {
    "fr": ("élément classé", "éléments classés"),
    "en": ("ranked item", "ranked items"),
}
_CHARACTERS: Final = {"fr": ("caractère", "caractères"), "en": ("character", "characters")}


def _bound(value: Any, forms: Mapping[str, tuple[str, str]], lang: str) -> str:
    """``"<value> <words>"``, the words agreeing with a schema's bound ``value``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return counted(value, forms, lang)
    return f"{value} {forms[lang][1]}"


def _codes_text(codes: Iterable[str]) -> str:
    return ", ".join(codes)


def _answer_messages(
    error: Any, path: list[Any], questionnaire: Questionnaire, compiled: _Compiled
) -> Iterable[tuple[str, str, dict[str, str]]]:
    keyword = error.validator
    if len(path) == 1:
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        if keyword == "required":
            for qid in error.validator_value:
                if qid not in instance:
                    yield (
                        qid,
                        "response.missing",
                        {"fr": "réponse obligatoire manquante", "en": "required answer missing"},
                    )
            return
        if keyword == "additionalProperties":
            known = error.schema.get("properties", {})
            for key in instance:
                if key not in known:
                    yield (
                        key,
                        "response.unknown_question",
                        {
                            "fr": f"« {key} » n'est pas une question de ce questionnaire",
                            "en": f"'{key}' is not a question of this questionnaire",
                        },
                    )
            return
        yield (
            "",
            f"schema.{keyword}",
            {
                "fr": "les réponses doivent être un objet JSON",
                "en": "answers must be a JSON object",
            },
        )
        return
    key = str(path[1])
    qid = key.split(".", 1)[0]
    question = compiled.questions.get(qid)
    shown = repr(error.instance) if not isinstance(error.instance, str) else f"« {error.instance} »"
    shown_en = (
        repr(error.instance) if not isinstance(error.instance, str) else f"'{error.instance}'"
    )
    if keyword in (None, "false", "not"):
        if key.endswith(OTHER_SUFFIX):
            yield (
                key,
                "response.other_without_choice",
                {
                    "fr": "texte « Autre » donné sans avoir coché « Autre »",
                    "en": "'other' text given without choosing 'other'",
                },
            )
            return
        condition = effective_condition(question, questionnaire) if question else None
        why_fr = f" ({describe(condition, questionnaire)})" if condition else ""
        why_en = f" ({describe(condition, questionnaire, 'en')})" if condition else ""
        yield (
            key,
            "response.not_relevant",
            {
                "fr": f"cette question ne devait pas être remplie d'après les réponses précédentes{why_fr}",
                "en": f"this question should not have been answered given the previous answers{why_en}",
            },
        )
        return
    is_list = isinstance(question, MultipleChoice | Ranking)
    value = error.validator_value
    messages: dict[str | None, tuple[str, dict[str, str]]] = {
        "enum": (
            "response.unknown_code",
            {
                "fr": f"{shown} n'est pas un choix possible (codes : {_codes_text(map(str, value if isinstance(value, list) else []))})",
                "en": f"{shown_en} is not a possible choice (codes: {_codes_text(map(str, value if isinstance(value, list) else []))})",
            },
        ),
        "maxItems": (
            "response.too_many",
            {
                "fr": f"au plus {_bound(value, _CHOICES, 'fr')}"
                if not isinstance(question, Ranking)
                else f"au plus {_bound(value, _RANKED, 'fr')}",
                "en": f"at most {_bound(value, _CHOICES, 'en')}"
                if not isinstance(question, Ranking)
                else f"at most {_bound(value, _RANKED, 'en')}",
            },
        ),
        "minItems": (
            "response.too_few",
            {
                "fr": f"au moins {_bound(value, _CHOICES, 'fr')}",
                "en": f"at least {_bound(value, _CHOICES, 'en')}",
            },
        ),
        "uniqueItems": (
            "response.duplicate",
            {
                "fr": "le même choix apparaît plusieurs fois",
                "en": "the same choice appears several times",
            },
        ),
        "minProperties": (
            "response.empty",
            {"fr": "aucune ligne n'est remplie", "en": "no row is filled in"},
        ),
        "additionalProperties": (
            "response.unknown_row",
            {
                "fr": "ligne inconnue : "
                + _codes_text(
                    f"« {k} »"
                    for k in (error.instance if isinstance(error.instance, Mapping) else {})
                    if k not in error.schema.get("properties", {})
                ),
                "en": "unknown row: "
                + _codes_text(
                    f"'{k}'"
                    for k in (error.instance if isinstance(error.instance, Mapping) else {})
                    if k not in error.schema.get("properties", {})
                ),
            },
        ),
        "maxLength": (
            "response.too_long",
            {
                "fr": f"texte trop long (au plus {_bound(value, _CHARACTERS, 'fr')})",
                "en": f"text too long (at most {_bound(value, _CHARACTERS, 'en')})",
            },
        ),
        "minLength": ("response.empty", {"fr": "texte vide", "en": "empty text"}),
        "minimum": (
            "response.out_of_range",
            {
                "fr": f"{shown} est inférieur au minimum {value}",
                "en": f"{shown_en} is below the minimum {value}",
            },
        ),
        "maximum": (
            "response.out_of_range",
            {
                "fr": f"{shown} dépasse le maximum {value}",
                "en": f"{shown_en} is above the maximum {value}",
            },
        ),
    }
    if keyword in messages:
        code, texts = messages[keyword]
        yield (key, code, texts)
        return
    if keyword in ("pattern", "format") and isinstance(error.instance, str):
        if "format" in error.schema:
            texts = {
                "fr": f"{shown} n'est pas une date valide (AAAA-MM-JJ)",
                "en": f"{shown_en} is not a valid date (YYYY-MM-DD)",
            }
            yield (key, "response.invalid_date", texts)
        else:
            yield (key, "response.empty", {"fr": "texte vide", "en": "empty text"})
        return
    if keyword == "type":
        expected = {
            "array": ("une liste de codes", "a list of codes"),
            "object": ("un objet {ligne: colonne}", "an object {row: column}"),
            "string": ("du texte", "a text"),
            "integer": ("un nombre entier", "a whole number"),
            "number": ("un nombre", "a number"),
        }.get(str(value), (str(value), str(value)))
        if is_list and str(value) == "array":
            expected = ("une liste de codes", "a list of codes")
        yield (
            key,
            "response.wrong_type",
            {"fr": f"{shown} : {expected[0]} attendu", "en": f"{shown_en}: expected {expected[1]}"},
        )
        return
    yield (
        key,
        f"response.{keyword}",
        {"fr": f"réponse invalide : {error.message}", "en": f"invalid answer: {error.message}"},
    )
