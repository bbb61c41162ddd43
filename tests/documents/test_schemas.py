"""The packaged schemas: loading, validation, French problems with paths."""

from __future__ import annotations

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
