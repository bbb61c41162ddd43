"""The packaged schemas: loading, validation, French problems with paths."""

from __future__ import annotations

import pytest

from conseils_citoyens import schemas
from conseils_citoyens.errors import ValidationError


def test_every_schema_is_valid_draft_2020_12_with_an_id() -> None:
    for kind in schemas.kinds():
        document = schemas.schema(kind)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert document["$id"] == f"{schemas.BASE_URI}{kind}.schema.json"
    schemas.registry()  # checks every schema


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
