"""The packaged schemas: loading, validation, French problems with paths."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conseils_citoyens.documents import schemas
from conseils_citoyens.errors import ValidationError


def test_every_schema_is_valid_draft_2020_12_with_an_id() -> None:
    from jsonschema.validators import Draft202012Validator

    for kind in schemas.kinds():
        document = schemas.schema(kind)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert document["$id"] == f"{schemas.BASE_URI}{kind}.schema.json"
        # Meta-validation happens here, not at run time (it cost 0.8 s a run).
        Draft202012Validator.check_schema(document)
    schemas.registry()


def test_validator_is_built_once() -> None:
    assert schemas.validator("council") is schemas.validator("council")


def test_every_problem_is_listed_with_its_path() -> None:
    bad = {
        "id": "x",
        "name": "",
        "qpv_codes": ["QP062001", "QP020001"],
        "epci": "123456789",
        "members": [{"id": "a", "college": "foo", "extra": 1}],
    }
    with pytest.raises(ValidationError) as caught:
        schemas.validate("council", bad)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"$.name", "$.qpv_codes[1]", "$.epci", "$.members[0].college", "$.members[0]"}
    assert all(p.code.startswith("schema.") for p in caught.value.problems)
    assert "invalide" in str(caught.value)


def test_unknown_kind_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="inconnu"):
        schemas.validate("nope", {})


def test_a_missing_field_is_reported_at_its_own_path() -> None:
    with pytest.raises(ValidationError) as caught:
        schemas.validate("council", {"id": "x", "members": [{"id": "a"}]})
    found = {p.path: p.message for p in caught.value.problems}
    assert found == {
        "$.name": "champ obligatoire manquant : « name »",
        "$.qpv_codes": "champ obligatoire manquant : « qpv_codes »",
        "$.members[0].college": "champ obligatoire manquant : « college »",
    }


def test_a_missing_field_with_an_unusual_name_is_quoted_in_the_path() -> None:
    validator = schemas.build_validator(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["nom du champ", "ok"],
        }
    )
    problems = list(schemas.problems_from_errors(validator.iter_errors({"ok": 1})))
    assert [p.path for p in problems] == ['$["nom du champ"]']
    assert problems[0].message_in("en") == "missing required field 'nom du champ'"


ENGLISH = ("is not", "does not", "should", "expected", "is a required", "is too", "were unexpected")

KEYWORD_CASES = [
    ({"type": "object", "required": ["a"]}, {}),
    ({"type": "object", "additionalProperties": False}, {"x": 1}),
    ({"type": "object", "unevaluatedProperties": False}, {"x": 1}),
    ({"type": "integer"}, "1"),
    ({"enum": ["a", "b"]}, "c"),
    ({"const": "a"}, "b"),
    ({"type": "string", "pattern": "^a$"}, "b"),
    ({"type": "string", "format": "date"}, "2026-02-30"),
    ({"minimum": 2}, 1),
    ({"maximum": 2}, 3),
    ({"minLength": 2}, "a"),
    ({"maxLength": 1}, "ab"),
    ({"minItems": 2}, [1]),
    ({"maxItems": 1}, [1, 2]),
    ({"uniqueItems": True}, [1, 1]),
    ({"minProperties": 2}, {"a": 1}),
    ({"propertyNames": {"pattern": "^[a-z]+$"}}, {"A": 1}),
    ({"contains": {"const": 1}}, [2]),
    ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, 1.5),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 1.5),
    ({"not": {"type": "string"}}, "a"),
    ({"if": {"const": 1}, "then": {"required": ["x"]}, "type": ["integer", "object"]}, {"x": 1}),
    ({"properties": {"a": False}}, {"a": 1}),
]


@pytest.mark.parametrize(("schema_", "instance"), KEYWORD_CASES)
def test_every_keyword_gives_a_message_without_jsonschema_english(
    schema_: dict[str, object], instance: object
) -> None:
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema_}
    errors = list(schemas.build_validator(document).iter_errors(instance))
    problems = list(schemas.problems_from_errors(errors))
    if not errors:
        return  # a case the validator accepts (the if/then one on some inputs)
    assert problems
    for problem in problems:
        french = problem.message_in("fr")
        assert not any(fragment in french for fragment in ENGLISH), french


def test_every_keyword_of_our_schemas_is_covered() -> None:
    covered = {key for schema_, _ in KEYWORD_CASES for key in schema_}
    used: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                used.add(key)
                if key in ("properties", "$defs") and isinstance(value, dict):
                    for child in value.values():
                        walk(child)
                else:
                    walk(value)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for kind in schemas.kinds():
        walk(schemas.schema(kind))
    annotations = {
        "$defs",
        "$id",
        "$ref",
        "$schema",
        "default",
        "description",
        "title",
        "x-title-en",
        "items",
        "else",
        "allOf",
        "properties",
    }
    assert used - annotations <= covered, used - annotations - covered


PLURAL_CASES = [
    ({"minLength": 1}, "", "texte trop court (au moins 1 caractère)", "(at least 1 character)"),
    ({"minLength": 3}, "a", "texte trop court (au moins 3 caractères)", "(at least 3 characters)"),
    ({"maxLength": 1}, "ab", "texte trop long (au plus 1 caractère)", "(at most 1 character)"),
    ({"maxLength": 0}, "a", "texte trop long (au plus 0 caractère)", "(at most 0 characters)"),
    ({"minItems": 1}, [], "au moins 1 élément attendu", "at least 1 item expected"),
    ({"minItems": 2}, [1], "au moins 2 éléments attendus", "at least 2 items expected"),
    ({"maxItems": 1}, [1, 2], "au plus 1 élément permis", "at most 1 item allowed"),
    ({"maxItems": 2}, [1, 2, 3], "au plus 2 éléments permis", "at most 2 items allowed"),
    (
        {"minProperties": 2},
        {"a": 1},
        "il faut au moins 2 champs ; seulement 1 donné",
        "at least 2 fields needed; only 1 given",
    ),
    (
        {"minProperties": 3},
        {"a": 1, "b": 2},
        "il faut au moins 3 champs ; seulement 2 donnés",
        "at least 3 fields needed; only 2 given",
    ),
    (
        {"minProperties": 1},
        {},
        "il faut au moins 1 champ ; seulement 0 donné",
        "at least 1 field needed; only 0 given",
    ),
    ({"maxProperties": 1}, {"a": 1, "b": 2}, "au plus 1 champ permis", "at most 1 field allowed"),
    ({"maxProperties": 0}, {"a": 1}, "au plus 0 champ permis", "at most 0 fields allowed"),
]


@pytest.mark.parametrize(("schema_", "instance", "french", "english"), PLURAL_CASES)
def test_counts_in_messages_agree_with_their_words(
    schema_: dict[str, object], instance: object, french: str, english: str
) -> None:
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema_}
    errors = list(schemas.build_validator(document).iter_errors(instance))
    (problem,) = schemas.problems_from_errors(errors)
    assert french in problem.message_in("fr")
    assert english in problem.message_in("en")
    assert "(s)" not in problem.message_in("fr") + problem.message_in("en")


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
#: Example documents and their kind (the overlays also exist with mistakes on purpose).
EXAMPLE_KINDS = {
    "conseil-citoyen-2016.json": "council",
    "conseil-citoyen-conforme.json": "council",
    "conseil-citoyen-non-conforme.json": "council",
    "territoire-exemple.json": "territory",
    "diagnostic-exemple.json": "diagnostic",
    "cycle-exemple.json": "cycle",
    "adaptation-locale.json": "overlay",
    "adaptation-2024.json": "overlay",
    "masquer.json": "overlay",
    "mauvais.json": "overlay",
    "faute.json": "overlay",
}


def _variants(document: Any, depth: int = 0) -> Iterator[Any]:
    """``document``, then copies with one mistake each: a field removed, of the wrong
    type, or with a wrong value, and an unknown field added."""
    yield document
    if depth > 3:
        return
    if isinstance(document, dict):
        yield {**document, "champ_inconnu": 1}
        for key, value in document.items():
            yield {k: v for k, v in document.items() if k != key}
            for wrong in (12345, "?!", "", [], [""], {}, None, True):
                if type(wrong) is not type(value):
                    yield {**document, key: wrong}
            for inner in itertools.islice(_variants(value, depth + 1), 1, 40):
                yield {**document, key: inner}
    elif isinstance(document, list) and document:
        for inner in itertools.islice(_variants(document[0], depth + 1), 1, 40):
            yield [inner, *document[1:]]
        yield [*document, document[0]]


def _refs_outside_defs(schema: Any) -> list[str]:
    """The ``$ref`` a validator would still look up (``$defs`` are only looked up)."""
    if isinstance(schema, dict):
        found = [schema["$ref"]] if "$ref" in schema else []
        for key, value in schema.items():
            if key != "$defs":
                found += _refs_outside_defs(value)
        return found
    if isinstance(schema, list):
        return [ref for item in schema for ref in _refs_outside_defs(item)]
    return []


def _problems(validator: Any, document: Any) -> list[Any]:
    """The problems people read, and the errors they come from (with their subschema's title)."""
    problems = sorted(
        (p.path, p.code, sorted(p.texts.items()))
        for p in schemas.problems_from_errors(validator.iter_errors(document))
    )
    errors = sorted(
        (e.json_path, str(e.validator), e.message, str(e.schema.get("title")))
        for e in validator.iter_errors(document)
        if isinstance(e.schema, dict)
    )
    return [problems, errors]


@pytest.mark.parametrize("name", sorted(EXAMPLE_KINDS))
def test_following_refs_once_gives_the_same_problems(name: str) -> None:
    from jsonschema.validators import Draft202012Validator

    kind = EXAMPLE_KINDS[name]
    document = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    inlined = schemas.validator(kind)
    left = _refs_outside_defs(inlined.schema)
    # only recursive references are left, made absolute (the overlay's conditions nest)
    assert all(ref.startswith(schemas.BASE_URI) for ref in left)
    if kind in ("council", "territory"):
        assert left == []
    plain = Draft202012Validator(
        schemas.schema(kind),
        registry=schemas.registry().crawl(),
        format_checker=schemas.format_checker(),
    )
    compared = 0
    for variant in itertools.islice(_variants(document), 400):
        assert _problems(inlined, variant) == _problems(plain, variant), variant
        compared += 1
    assert compared > 10


def test_inline_refs_keeps_sibling_keywords_apart_and_recursion_as_references() -> None:
    document = {
        "$defs": {
            "date": {"title": "inner", "type": "string"},
            "tree": {"type": "object", "properties": {"child": {"$ref": "#/$defs/tree"}}},
        },
        "type": "object",
        "properties": {
            "day": {"$ref": "#/$defs/date", "title": "outer"},
            "tree": {"$ref": "#/$defs/tree"},
            "code": {"$ref": "common.schema.json#/$defs/qpv_code"},
        },
    }
    inlined = schemas.inline_refs(document)
    day = inlined["properties"]["day"]
    # the referenced schema stays a schema of its own: its errors carry its own title
    assert day == {"title": "outer", "allOf": [{"title": "inner", "type": "string"}]}
    # a recursive reference is followed once, then left to the registry
    assert inlined["properties"]["tree"]["properties"]["child"] == {"$ref": "#/$defs/tree"}
    assert inlined["properties"]["code"]["title"] == "code QPV"
    validator = schemas.build_validator(document)
    errors = {e.json_path: e for e in validator.iter_errors({"day": 1, "tree": {"child": 1}})}
    assert errors["$.day"].schema["title"] == "inner"
    assert errors["$.tree.child"].validator == "type"


@pytest.mark.parametrize(
    ("kind", "example", "shape"),
    [
        ("council", "territoire-exemple.json", "territory"),
        ("cycle", "diagnostic-exemple.json", "diagnostic"),
        ("overlay", "conseil-citoyen-conforme.json", "council"),
        ("diagnostic", "cycle-exemple.json", "cycle"),
    ],
)
def test_a_document_of_another_kind_is_named_first(kind: str, example: str, shape: str) -> None:
    """A territory given as a council: say so, before its list of unknown fields."""
    data = json.loads((EXAMPLES / example).read_text(encoding="utf-8"))
    with pytest.raises(ValidationError) as caught:
        schemas.validate(kind, data, source=example)
    first = caught.value.problems[0]
    assert (first.path, first.code) == ("$", "schema.other_kind")
    assert f"a la forme d'un document « {shape} », pas d'un document « {kind} »" in first.message
    assert f"shape of a '{shape}' document" in first.message_in("en")
    assert first.source == example


def test_a_document_with_a_mistake_is_not_said_to_be_another_kind() -> None:
    data = json.loads((EXAMPLES / "conseil-citoyen-conforme.json").read_text("utf-8"))
    data["nom"] = data.pop("name")  # one misspelt field: still a council
    with pytest.raises(ValidationError) as caught:
        schemas.validate("council", data)
    assert "schema.other_kind" not in [p.code for p in caught.value.problems]
