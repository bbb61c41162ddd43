"""The JSON Schemas and the attrs classes describe the same fields, enums and requirements."""

from __future__ import annotations

import enum
import types
import typing
from typing import Any

import attrs
import pytest

from conseils_citoyens.council.model import Council, Member
from conseils_citoyens.council.territory import Territory
from conseils_citoyens.documents import schemas


class SchemaNode:
    """A subschema with the resolver needed to follow its ``$ref``."""

    def __init__(self, contents: dict[str, Any], resolver: Any) -> None:
        self.contents = contents
        self.resolver = resolver

    def deref(self) -> SchemaNode:
        node = self
        while "$ref" in node.contents:
            resolved = node.resolver.lookup(node.contents["$ref"])
            node = SchemaNode(resolved.contents, resolved.resolver)
        return node

    def items(self) -> SchemaNode:
        return SchemaNode(self.contents["items"], self.resolver).deref()


def root(kind: str) -> SchemaNode:
    resolver = schemas.registry().resolver(base_uri=f"{schemas.BASE_URI}{kind}.schema.json")
    return SchemaNode(schemas.schema(kind), resolver).deref()


def unwrap(hint: Any) -> tuple[Any, bool]:
    """Return (inner type, is_sequence) for ``X``, ``X | None`` and ``tuple[X, ...]``."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        assert len(inner) == 1, hint
        return unwrap(inner[0])
    if origin is tuple:
        inner_type, _ = unwrap(typing.get_args(hint)[0])
        return inner_type, True
    return hint, False


def compare(cls: type[Any], node: SchemaNode, seen: list[str]) -> None:
    """Compare one attrs class with one object schema, then recurse into nested classes."""
    seen.append(cls.__name__)
    properties = node.contents.get("properties", {})
    fields = attrs.fields_dict(cls)
    assert set(fields) == set(properties), f"{cls.__name__}: fields and schema properties differ"
    assert node.contents.get("additionalProperties") is False, cls.__name__
    required_fields = {name for name, field in fields.items() if field.default is attrs.NOTHING}
    assert required_fields == set(node.contents.get("required", [])), cls.__name__
    hints = typing.get_type_hints(cls)
    for name in fields:
        inner, is_sequence = unwrap(hints[name])
        prop = SchemaNode(properties[name], node.resolver).deref()
        if is_sequence:
            assert prop.contents.get("type") == "array", f"{cls.__name__}.{name}"
            prop = prop.items()
        if attrs.has(inner):
            assert prop.contents.get("type") == "object", f"{cls.__name__}.{name}"
            compare(inner, prop, seen)
        elif isinstance(inner, type) and issubclass(inner, enum.Enum):
            assert {m.value for m in inner} == set(prop.contents["enum"]), f"{cls.__name__}.{name}"
        elif inner is bool:
            assert prop.contents.get("type") == "boolean", f"{cls.__name__}.{name}"
        elif inner is int:
            assert prop.contents.get("type") == "integer", f"{cls.__name__}.{name}"
        elif inner is str:
            assert prop.contents.get("type") == "string", f"{cls.__name__}.{name}"
        else:
            assert prop.contents.get("format") == "date", f"{cls.__name__}.{name}: {inner}"
        default = fields[name].default
        if "default" in prop.contents:
            plain = default.value if isinstance(default, enum.Enum) else default
            assert plain == prop.contents["default"], f"{cls.__name__}.{name}"


@pytest.mark.parametrize(
    ("cls", "kind", "expected"),
    [
        (Council, "council", {"Council", "LegalForm", "Recognition", "RulesDocument", "Member"}),
        (Member, "member", {"Member", "Organisation"}),
        (Territory, "territory", {"Territory", "Commune", "Epci", "Qpv", "ContratDeVille"}),
    ],
)
def test_schema_and_model_have_the_same_fields(
    cls: type[Any], kind: str, expected: set[str]
) -> None:
    seen: list[str] = []
    compare(cls, root(kind), seen)
    assert expected <= set(seen)


def test_a_drift_is_detected() -> None:
    @attrs.frozen(kw_only=True)
    class Drifted:
        id: str
        name: str
        extra: int | None = None

    node = root("territory")
    with pytest.raises(AssertionError, match="fields and schema properties differ"):
        compare(Drifted, node, [])
