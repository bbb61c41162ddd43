"""The one cattrs converter: JSON data <-> model, validated at the boundary.

:func:`load` validates against the JSON Schema first, then structures (cattrs
alone would turn ``"false"`` into ``True``); :func:`dump` returns plain JSON
data that validates against the same schema.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs

from conseils_citoyens.documents import schemas
from conseils_citoyens.documents.jsonio import DEFAULT_JSON_LIMITS, check_writable, read_json
from conseils_citoyens.errors import Problem, ValidationError

T = TypeVar("T")

#: Model class -> schema kind. Modules add their kinds with :func:`register_kind`.
_KINDS: dict[type[Any], str] = {}

#: Model class -> check of what a schema cannot say (run by :func:`load` after structuring),
#: as a function or a ``module:function`` imported on first use.
_CHECKS: dict[type[Any], Callable[[Any], list[Problem]] | str] = {}

#: Functions configuring the converter, as ``module:function`` so that nothing is
#: imported until the converter is first built.
_CONFIGURERS: list[str] = []

#: Fields holding personal data, removed by ``dump(..., redact=True)`` wherever they are:
#: names, the respondent's token, and the file a response was read from (a file
#: name often names its sender: « Ali-BENSAID.docx »).
PERSONAL_FIELDS: Final = frozenset(
    {"first_name", "last_name", "token", "respondent_name", "source"}
)


def register_kind(cls: type[Any], kind: str) -> None:
    """Declare that instances of ``cls`` are validated against the schema ``kind``."""
    _KINDS[cls] = kind


def register_check(cls: type[Any], check: Callable[[Any], list[Problem]] | str) -> None:
    """Run ``check(obj)`` on every ``cls`` loaded; its problems make the load fail.

    ``check`` may be a ``module:function`` string, imported when first needed.
    """
    _CHECKS[cls] = check


def _resolve(target: str) -> Any:
    module_name, _, name = target.partition(":")
    return getattr(importlib.import_module(module_name), name)


def register_configurer(target: str) -> None:
    """Add a ``module:function`` configuring the converter when it is first built."""
    if target not in _CONFIGURERS:
        _CONFIGURERS.append(target)
        converter.cache_clear()


def kind_of(cls: type[Any]) -> str:
    """Return the schema kind of a model class (its module registers it when imported)."""
    try:
        return _KINDS[cls]
    except KeyError:
        raise TypeError(f"{cls.__qualname__} has no registered schema kind") from None


def _omit_none(conv: Any) -> Callable[[type[Any]], Callable[[Any], dict[str, Any]]]:
    from cattrs.gen import make_dict_unstructure_fn

    def factory(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        base = make_dict_unstructure_fn(cls, conv)

        def unstructure(obj: Any) -> dict[str, Any]:
            return {k: v for k, v in base(obj).items() if v is not None}

        return unstructure

    return factory


@functools.cache
def converter(*, detailed: bool = True) -> Any:
    """Return the converter, built on first use with every registered configurer.

    ``detailed=False`` gives the same converter without cattrs' detailed
    validation: its structuring code is about half the size, so it is generated
    faster, but an error does not say where it is. :func:`structure` tries it
    first and asks the detailed one to explain a failure.
    """
    import cattrs

    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_structure_hook(dt.date, lambda value, _: dt.date.fromisoformat(value))
    conv.register_unstructure_hook(dt.date, lambda value: value.isoformat())
    conv.register_structure_hook(dt.time, lambda value, _: dt.time.fromisoformat(value))
    conv.register_unstructure_hook(dt.time, lambda value: value.strftime("%H:%M"))
    conv.register_unstructure_hook_factory(attrs.has, _omit_none(conv))
    for target in _CONFIGURERS:
        _resolve(target)(conv)
    return conv


def structure(data: Any, cls: type[T], *, source: str | None = None) -> T:
    """Structure already-validated data into ``cls``, wrapping cattrs errors."""
    import cattrs

    try:
        return converter(detailed=False).structure(data, cls)  # type: ignore[no-any-return]
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError):
        pass  # structured again below, by the converter that says where each error is
    try:
        return converter().structure(data, cls)  # type: ignore[no-any-return]
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        lines = (
            cattrs.transform_error(exc)
            if isinstance(exc, cattrs.BaseValidationError)
            else [str(exc)]
        )
        raise ValidationError(
            [
                Problem(
                    path=line.split(" @ ", 1)[-1] if " @ " in line else "$",
                    code="structure",
                    texts={"fr": f"donnée inattendue : {line}", "en": f"unexpected data: {line}"},
                    source=source,
                )
                for line in lines
            ],
            kind=cls.__name__,
            source=source,
        ) from None


def plain_data(value: Any, *, kind: str | None = None) -> Any:
    """Return data as JSON would give it, from what a Python app naturally passes.

    Tuples become lists, dates ISO text (``2025-03-01``), datetimes too when
    they fall at midnight without a time zone (otherwise their full ISO text,
    which a date field then refuses with its path), enumeration members their
    value. Anything JSON cannot hold (a set, bytes, a complex number, an object; a key
    that is not text or a number) is a :class:`ValidationError` naming its path,
    and so is nesting deeper than the JSON bound, as in a file (``kind`` names the
    document in its message).
    """
    try:
        return _plain(value, "$", 0)
    except ValidationError as error:  # name the document, as the schema's problems do
        raise ValidationError(error.problems, kind=kind) from None


def _plain(value: Any, path: str, depth: int) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if depth > DEFAULT_JSON_LIMITS.max_depth:
        limit = DEFAULT_JSON_LIMITS.max_depth
        raise ValidationError(
            [
                Problem(
                    path=path,
                    code="json.depth",
                    texts={
                        "fr": f"données trop profondément imbriquées (limite {limit} niveaux)",
                        "en": f"data nested too deeply (limit {limit} levels)",
                    },
                )
            ]
        )
    if isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise _not_json(path, key, "clé", "key")
        return {
            key: _plain(item, f"{path}.{key}" if isinstance(key, str) else path, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_plain(item, f"{path}[{index}]", depth + 1) for index, item in enumerate(value)]
    if isinstance(value, dt.datetime):
        at_midnight = value.tzinfo is None and value.time() == dt.time()
        return value.date().isoformat() if at_midnight else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return _plain(value.value, path, depth + 1)
    raise _not_json(path, value, "valeur", "value")


def _not_json(path: str, value: Any, what_fr: str, what_en: str) -> ValidationError:
    """A value (or key) JSON cannot hold: refused with its path, never handed to the schema."""
    name = type(value).__qualname__
    hint_fr, hint_en = {
        "set": (
            " (une liste ou un tuple : un ensemble n'a pas d'ordre)",
            " (a list or a tuple: a set has no order)",
        ),
        "frozenset": (
            " (une liste ou un tuple : un ensemble n'a pas d'ordre)",
            " (a list or a tuple: a set has no order)",
        ),
        "bytes": (" (du texte : décodez-le)", " (text: decode it)"),
    }.get(name, ("", ""))
    return ValidationError(
        [
            Problem(
                path=path,
                code="json.type",
                texts={
                    "fr": f"{what_fr} de type {name} : un document JSON ne contient que du texte, "
                    f"des nombres, vrai/faux, null, des listes et des objets{hint_fr}",
                    "en": f"{what_en} of type {name}: a JSON document holds only text, numbers, "
                    f"true/false, null, lists and objects{hint_en}",
                },
            )
        ]
    )


@functools.cache
def _expected(kind: str) -> dict[str, str] | None:
    """The document ``kind`` names, from its schema's title, for a « not JSON » message."""
    try:
        document = schemas.schema(kind)
    except ValidationError:
        return None
    title = document.get("title")
    if not isinstance(title, str):
        return None
    english = document.get("x-title-en", title)
    where = f"schemas/{kind}.schema.json"
    return {
        "fr": f"un document « {title} », voir {where}",
        "en": f"a '{english}' document, see {where}",
    }


def load(
    data_or_path: Mapping[str, Any] | str | Path, cls: type[T], *, kind: str | None = None
) -> T:
    """Validate data (a dict, or a JSON file path) against its schema, then build ``cls``.

    A dict may hold what Python code naturally builds: tuples, :class:`datetime.date`
    and midnight :class:`datetime.datetime` values, enumeration members (see
    :func:`plain_data`).

    Raise :class:`ValidationError` listing every problem, or a
    :class:`DocumentError` when the file cannot be read.
    """
    source: str | None = None
    data: Any
    schema_kind = kind or kind_of(cls)
    if isinstance(data_or_path, str | Path):
        source = str(data_or_path)
        data = read_json(data_or_path, expected=_expected(schema_kind))
    else:
        data = plain_data(data_or_path, kind=schema_kind)
    if source is None:  # a file was checked as it was read
        check_writable(data, kind=schema_kind)
    schemas.validate(schema_kind, data, source=source)
    obj = structure(data, cls, source=source)
    check = _CHECKS.get(cls)
    if isinstance(check, str):
        check = _CHECKS[cls] = _resolve(check)
    problems = check(obj) if check is not None else []
    if problems:
        raise ValidationError(
            [attrs.evolve(p, source=source) for p in problems], kind=schema_kind, source=source
        )
    return obj


def dump(obj: Any, *, redact: bool = False) -> Any:
    """Return plain JSON data for a model object (``redact`` removes personal data)."""
    data = converter().unstructure(obj)
    return _redact(data) if redact else data


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _redact(v) for k, v in value.items() if k not in PERSONAL_FIELDS}
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value
