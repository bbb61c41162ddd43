"""Questionnaires and responses to and from JSON; the content hash of a questionnaire.

The model module names :func:`configure_converter`, which runs when the
converter is first built: texts are ``{"fr": ...}`` objects, conditions
use the shapes documented in :mod:`conseils_citoyens.survey.questionnaire.model`,
and questions are a union tagged by their ``type`` field.
"""

from __future__ import annotations

import functools
import hashlib
import json
import types
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final, get_args

from conseils_citoyens.documents import convert
from conseils_citoyens.survey.questionnaire.model import (
    QUESTION_CLASSES,
    AllOf,
    Answered,
    AnyOf,
    Choice,
    Condition,
    Equals,
    In,
    Includes,
    Not,
    Question,
    Questionnaire,
    QuestionnaireRef,
    QuestionType,
    Response,
    Text,
)

_CONDITION_CLASSES: Final = frozenset(get_args(Condition))
_QUESTION_CLASSES: Final = frozenset(get_args(Question))


def _union_members(cls: Any) -> frozenset[Any]:
    return frozenset(arg for arg in get_args(cls) if arg is not type(None))


def _is_union_of(members: frozenset[Any]) -> Callable[[Any], bool]:
    def predicate(cls: Any) -> bool:
        return bool(get_args(cls)) and _union_members(cls) == members

    return predicate


def _optional(cls: Any) -> bool:
    return type(None) in get_args(cls)


# --- conditions -------------------------------------------------------------------


def condition_from_data(data: Mapping[str, Any]) -> Condition:
    """Build a condition from its JSON shape (already checked against the schema)."""
    if "all" in data:
        return AllOf(conditions=tuple(condition_from_data(item) for item in data["all"]))
    if "any" in data:
        return AnyOf(conditions=tuple(condition_from_data(item) for item in data["any"]))
    if "not" in data:
        return Not(condition=condition_from_data(data["not"]))
    question = data["question"]
    if "equals" in data:
        return Equals(question=question, value=data["equals"], row=data.get("row"))
    if "in" in data:
        return In(question=question, values=tuple(data["in"]), row=data.get("row"))
    if "includes" in data:
        return Includes(question=question, value=data["includes"])
    if "answered" in data:
        return Answered(question=question, answered=bool(data["answered"]))
    raise ValueError(f"not a condition: {sorted(data)}")


def condition_to_data(condition: Condition) -> dict[str, Any]:
    """Return the JSON shape of a condition."""
    if isinstance(condition, AllOf):
        return {"all": [condition_to_data(c) for c in condition.conditions]}
    if isinstance(condition, AnyOf):
        return {"any": [condition_to_data(c) for c in condition.conditions]}
    if isinstance(condition, Not):
        return {"not": condition_to_data(condition.condition)}
    data: dict[str, Any] = {"question": condition.question}
    if isinstance(condition, Equals):
        data["equals"] = condition.value
    elif isinstance(condition, In):
        data["in"] = list(condition.values)
    elif isinstance(condition, Includes):
        data["includes"] = condition.value
    else:
        data["answered"] = condition.answered
    if isinstance(condition, Equals | In) and condition.row is not None:
        data["row"] = condition.row
    return data


# --- converter hooks --------------------------------------------------------------


def configure_converter(conv: Any) -> None:
    """Add the questionnaire hooks to the converter (called when it is built)."""
    conv.register_structure_hook(Text, lambda value, _: Text(value))
    conv.register_unstructure_hook(Text, lambda text: text.as_dict())

    def structure_condition(value: Any, cls: Any) -> Condition | None:
        if value is None and _optional(cls):
            return None
        if not isinstance(value, Mapping):
            raise TypeError(f"a condition is an object, not {type(value).__name__}")
        return condition_from_data(value)

    conv.register_structure_hook_func(_is_union_of(_CONDITION_CLASSES), structure_condition)
    for condition_cls in _CONDITION_CLASSES:
        conv.register_unstructure_hook(condition_cls, condition_to_data)
        conv.register_structure_hook(condition_cls, lambda value, _: condition_from_data(value))

    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

    structure_fns = {
        question_type: make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)
        for question_type, cls in QUESTION_CLASSES.items()
    }

    def structure_question(value: Any, _: Any) -> Question:
        if not isinstance(value, Mapping):
            raise TypeError(f"a question is an object, not {type(value).__name__}")
        fields = dict(value)
        question_type = QuestionType(fields.pop("type"))
        return structure_fns[question_type](fields, QUESTION_CLASSES[question_type])  # type: ignore[no-any-return]

    conv.register_structure_hook_func(_is_union_of(_QUESTION_CLASSES), structure_question)

    choice_base = make_dict_unstructure_fn(Choice, conv)

    def unstructure_choice(obj: Choice) -> dict[str, Any]:
        data: dict[str, Any] = {k: v for k, v in choice_base(obj).items() if v is not None}
        if not obj.sensitive:
            data.pop("sensitive", None)
        return data

    conv.register_unstructure_hook(Choice, unstructure_choice)

    for question_cls in _QUESTION_CLASSES:
        base = make_dict_unstructure_fn(question_cls, conv)

        def unstructure_question(obj: Any, base: Any = base) -> dict[str, Any]:
            data = {k: v for k, v in base(obj).items() if v is not None}
            data.pop("type", None)
            if not data.get("sensitive"):
                # left out when false, so that flags added later leave old hashes alone
                data.pop("sensitive", None)
            return {"id": data.pop("id"), "type": obj.type.value, **data}

        conv.register_unstructure_hook(question_cls, unstructure_question)


# --- questionnaires -----------------------------------------------------------------


def load_questionnaire(data_or_path: Mapping[str, Any] | str | Path) -> Questionnaire:
    """Validate and build a questionnaire from a dict or a JSON file.

    Raise :class:`ValidationError` listing every problem (schema, duplicate ids,
    conditions on unknown or later questions...), naming the file when there is one.
    """
    return convert.load(data_or_path, Questionnaire)


def dump_questionnaire(questionnaire: Questionnaire) -> dict[str, Any]:
    """Return the JSON data of a questionnaire."""
    data: dict[str, Any] = convert.dump(questionnaire)
    return data


def _canonical_numbers(value: Any) -> Any:
    # 1 and 1.0 are the same JSON number: a questionnaire built in Python with ``1``
    # and the same one read back from JSON (where cattrs makes it ``1.0``) hash alike.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {k: _canonical_numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical_numbers(v) for v in value]
    return value


def canonical_json(data: Any) -> bytes:
    """Return canonical JSON bytes: sorted keys, no spaces, UTF-8, integral numbers as integers."""
    return json.dumps(
        _canonical_numbers(data),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    ).encode("utf-8")


def content_hash(data: Any) -> str:
    """Return ``"sha256:<hex>"`` of the canonical JSON of ``data``."""
    return "sha256:" + hashlib.sha256(canonical_json(data)).hexdigest()


@functools.lru_cache(maxsize=256)
def questionnaire_ref(questionnaire: Questionnaire) -> QuestionnaireRef:
    """Return the id, version and content hash identifying exactly this questionnaire."""
    return QuestionnaireRef(
        id=questionnaire.id,
        version=questionnaire.version,
        hash=content_hash(dump_questionnaire(questionnaire)),
    )


# --- responses ----------------------------------------------------------------------


def plain_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Return answers as plain JSON data (tuples become lists, mappings dicts)."""
    return {str(key): _plain(value) for key, value in answers.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | types.GeneratorType):
        return [_plain(v) for v in value]
    return value


def load_response(data_or_path: Mapping[str, Any] | str | Path) -> Response:
    """Build a response from a dict or a JSON file, checking its envelope only.

    Check its answers against the questionnaire with
    :func:`conseils_citoyens.survey.questionnaire.responses.check_response`.
    """
    return convert.load(data_or_path, Response)


def dump_response(response: Response, *, redact: bool = False) -> dict[str, Any]:
    """Return the JSON data of a response (``redact`` drops the respondent's token and ``source``)."""
    data: dict[str, Any] = convert.dump(response, redact=redact)
    data["answers"] = plain_answers(response.answers)
    return data
