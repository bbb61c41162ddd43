"""Model classes check their fields when built, from their own annotations.

``@attrs.frozen(kw_only=True, field_transformer=typed_fields)`` gives every
field a validator (and, where a Python caller naturally passes something
close, a converter) derived from its type annotation, so the types written
in the class are the single source of truth. A wrong value raises
:class:`~conseils_citoyens.errors.ModelError` from the constructor, at the
caller's line, rather than a confusing failure later in a check or a plugin.

What is converted, exactly and never lossily: a list (or an iterator, such as
a generator) for a tuple field, but not a set, whose order is arbitrary; an enumeration's value
(``"residents"``) for an enumeration field; a midnight ``datetime`` without a
time zone for a date field. Everything else must have the annotated type.
Supported annotations: ``str``, ``int``, ``bool``, ``float``, ``datetime.date``,
``datetime.time``,
enumerations, attrs classes, ``X | None`` and ``tuple[X, ...]``; any other is a
programming error reported when the class is created.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from conseils_citoyens.errors import ModelError, Problem


class _Wrong(Exception):
    """A value does not fit: where inside the field (``[2]``) and why, in both languages."""

    def __init__(self, where: str, texts: dict[str, str]) -> None:
        super().__init__(where)
        self.where = where
        self.texts = texts


def typed_fields(cls: type, fields: list[attrs.Attribute]) -> list[attrs.Attribute]:  # type: ignore[type-arg]
    """An attrs ``field_transformer``: add the checks of each field's annotation.

    One validator, on the last field, checks every field in order, each
    field's own validator (if any) right after its type: the same checks, in
    the same order, as a validator per field, for which attrs writes and
    compiles a call in ``__init__`` (the model is defined by every command).
    Each field's ``type`` becomes the evaluated annotation, so that cattrs need
    not evaluate the class's annotations again (``attrs.resolve_types``).
    """
    result = []
    checks: list[tuple[str, Callable[[Any], None], Any]] = []
    for field in fields:
        hint = _annotation(cls, field)
        convert, check = _for_type(hint, cls.__qualname__, field.name)
        checks.append((field.name, check, field.validator))
        changes: dict[str, Any] = {}
        if field.validator is not None:
            changes["validator"] = None  # run by the one validator, after the type check
        if field.type is not hint:
            changes["type"] = hint
        if convert is not None and field.converter is None:
            changes["converter"] = convert
        # A field left as it is keeps its object (attrs copies the field to evolve it).
        result.append(field.evolve(**changes) if changes else field)
    if result:
        result[-1] = result[-1].evolve(validator=_validator(cls.__qualname__, checks))
    return result


#: Evaluated annotations by (module, text): model classes repeat ``str | None`` and the
#: like, and evaluating one means compiling it (typing.get_type_hints compiles each field).
_EVALUATED: dict[tuple[str, str], Any] = {}


def _annotation(cls: type, field: attrs.Attribute) -> Any:  # type: ignore[type-arg]
    """The annotation of ``field``, evaluated in the module of ``cls`` when it is text."""
    if not isinstance(field.type, str):
        return field.type
    if field.inherited:  # written in a base class, maybe in another module
        return typing.get_type_hints(cls)[field.name]
    key = (cls.__module__, field.type)
    if key not in _EVALUATED:
        # What typing.get_type_hints does for each field: our own code, from our annotations.
        _EVALUATED[key] = eval(field.type, vars(sys.modules[cls.__module__]))
    return _EVALUATED[key]


def _validator(
    owner: str, checks: list[tuple[str, Callable[[Any], None], Any]]
) -> Callable[..., None]:
    def validate(instance: Any, _attribute: Any, _value: Any) -> None:
        for name, check, own in checks:
            value = getattr(instance, name)
            try:
                check(value)
            except _Wrong as wrong:
                texts = {
                    lang: f"{owner}.{name}{wrong.where} : {text}"
                    if lang == "fr"
                    else f"{owner}.{name}{wrong.where}: {text}"
                    for lang, text in wrong.texts.items()
                }
                problem = Problem(path=f"$.{name}{wrong.where}", code="model.type", texts=texts)
                raise ModelError(problem, kind=owner) from None
            if own is not None:
                own(instance, attrs.fields_dict(type(instance))[name], value)

    return validate


def _type_name(value: Any) -> str:
    return type(value).__qualname__


def _wrong_type(value: Any, expected: str, hint: tuple[str, str] = ("", "")) -> _Wrong:
    got = _type_name(value)
    return _Wrong(
        "",
        {
            "fr": f"{expected} attendu, pas {got}{hint[0]}",
            "en": f"expected {expected}, not {got}{hint[1]}",
        },
    )


def _for_type(
    hint: Any, owner: str, name: str
) -> tuple[Callable[[Any], Any] | None, Callable[[Any], None]]:
    """Return ``(converter or None, check)`` for the annotation of ``owner.name``."""
    where = f"{owner}.{name}"
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        others = [a for a in args if a is not type(None)]
        if len(others) != 1:
            raise TypeError(f"{where}: unsupported annotation {hint!r}")
        convert, inner = _for_type(others[0], owner, name)
        return _optional_converter(convert), _optional(inner)
    if origin is tuple:
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"{where}: only tuple[X, ...] is supported, not {hint!r}")
        item_convert, item_check = _for_type(args[0], owner, name)
        return _tuple_converter(item_convert), _tuple_check(item_check)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_converter(hint), _enum_check(hint)
    if hint is dt.date:
        return _date_converter, _date_check
    if hint is dt.time:
        return None, _exact(dt.time, "datetime.time")
    if hint is bool:
        return None, _exact(bool, "bool")
    if hint is int:
        return None, _integer
    if hint is float:
        return None, _number
    if hint is str:
        return None, _exact(str, "str")
    if isinstance(hint, type) and attrs.has(hint):
        return None, _model_check(hint, owner)
    raise TypeError(f"{where}: unsupported annotation {hint!r}")


def _optional_converter(convert: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    if convert is None:
        return None

    def optional(value: Any) -> Any:
        return None if value is None else convert(value)

    return optional


def _optional(check: Callable[[Any], None]) -> Callable[[Any], None]:
    def optional(value: Any) -> None:
        if value is not None:
            check(value)

    return optional


def _tuple_converter(item: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    def to_tuple(value: Any) -> Any:
        if not isinstance(value, list | tuple | Iterator):
            return value  # the check says what is wrong (a set has no order to keep)
        if item is None:
            return value if type(value) is tuple else tuple(value)
        return tuple(item(v) for v in value)

    return to_tuple


def _tuple_check(item: Callable[[Any], None]) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if type(value) is not tuple:
            raise _Wrong(
                "",
                {
                    "fr": f"une liste ou un tuple attendu, pas {_type_name(value)}",
                    "en": f"expected a list or a tuple, not {_type_name(value)}",
                },
            )
        for index, element in enumerate(value):
            try:
                item(element)
            except _Wrong as wrong:
                raise _Wrong(f"[{index}]{wrong.where}", wrong.texts) from None

    return check


def _enum_converter(kind: type[enum.Enum]) -> Callable[[Any], Any]:
    members = kind._value2member_map_

    def to_member(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        try:
            return members.get(value, value)
        except TypeError:  # an unhashable value: the check says what is wrong
            return value

    return to_member


def _enum_check(kind: type[enum.Enum]) -> Callable[[Any], None]:
    allowed = ", ".join(repr(m.value) for m in kind)

    def check(value: Any) -> None:
        if isinstance(value, kind):
            return
        shown = repr(value) if isinstance(value, str | int) else _type_name(value)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        raise _Wrong(
            "",
            {
                "fr": f"{shown} n'est pas un {kind.__qualname__} (valeurs : {allowed})",
                "en": f"{shown} is not a {kind.__qualname__} (values: {allowed})",
            },
        )

    return check


def _date_converter(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is None and value.time() == dt.time():
        return value.date()
    return value


def _date_check(value: Any) -> None:
    if isinstance(value, dt.datetime):
        raise _Wrong(
            "",
            {
                "fr": "une date (datetime.date) attendue, pas un datetime avec une heure ou un "
                "fuseau : passez valeur.date()",
                "en": "expected a date (datetime.date), not a datetime with a time or a time "
                "zone: pass value.date()",
            },
        )
    if not isinstance(value, dt.date):
        raise _wrong_type(value, "datetime.date")


def _exact(kind: type, name: str) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if not isinstance(value, kind):
            raise _wrong_type(value, name)

    return check


def _integer(value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type(value, "int")


def _number(value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong_type(value, "float")


def _model_check(kind: type, owner: str) -> Callable[[Any], None]:
    name = kind.__qualname__

    def check(value: Any) -> None:
        if isinstance(value, kind):
            return
        hint = ("", "")
        if isinstance(value, Mapping):
            hint = (
                f" : construisez-le avec {name}(...), ou chargez des données JSON avec "
                f"conseils_citoyens.load(données, {owner})",
                f": build it with {name}(...), or load JSON data with "
                f"conseils_citoyens.load(data, {owner})",
            )
        raise _wrong_type(value, name, hint)

    return check
