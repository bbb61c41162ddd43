"""Compare an attrs class with its JSON Schema, field by field, recursively."""

from __future__ import annotations

import enum
import types
import typing
from typing import Any

import attrs

from conseils_citoyens.documents import schemas


def _resolve(node: dict[str, Any], resolver: Any) -> tuple[dict[str, Any], Any]:
    while "$ref" in node:
        resolved = resolver.lookup(node["$ref"])
        node, resolver = resolved.contents, resolved.resolver
    return node, resolver


def _inner(tp: Any) -> Any:
    """Strip ``X | None`` and ``tuple[X, ...]`` down to X."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _inner(args[0]) if len(args) == 1 else tp
    if origin is tuple:
        return _inner(typing.get_args(tp)[0])
    return tp


def mismatches(cls: type[Any], kind: str) -> list[str]:
    """Return every difference between ``cls`` and the schema of ``kind`` (empty: they match)."""
    resolver = schemas.registry().resolver(f"{schemas.BASE_URI}{kind}.schema.json")
    return _compare(cls, schemas.schema(kind), resolver, cls.__name__)


def _compare(cls: type[Any], node: dict[str, Any], resolver: Any, where: str) -> list[str]:
    node, resolver = _resolve(node, resolver)
    problems: list[str] = []
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in attrs.fields(cls)}
    properties = node.get("properties", {})
    for name in sorted(set(fields) ^ set(properties)):
        side = "attrs only" if name in fields else "schema only"
        problems.append(f"{where}.{name}: {side}")
    required = set(node.get("required", ()))
    for name, field in fields.items():
        if name not in properties:
            continue
        mandatory = field.default is attrs.NOTHING
        if mandatory != (name in required):
            problems.append(
                f"{where}.{name}: required={name in required}, attrs mandatory={mandatory}"
            )
        sub, sub_resolver = _resolve(properties[name], resolver)
        if "items" in sub:
            sub, sub_resolver = _resolve(sub["items"], sub_resolver)
        inner = _inner(hints[name])
        if attrs.has(inner):
            problems.extend(_compare(inner, sub, sub_resolver, f"{where}.{name}"))
        elif isinstance(inner, type) and issubclass(inner, enum.Enum):
            values = {member.value for member in inner}
            if set(sub.get("enum", ())) != values:
                problems.append(
                    f"{where}.{name}: enum {sorted(sub.get('enum', ()))} != {sorted(values)}"
                )
    return problems
