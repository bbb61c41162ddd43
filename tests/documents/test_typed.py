"""Model objects check their fields when built, so a mistake points at the caller (issue 20)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conseils_citoyens as cc
from conseils_citoyens.council.model import College, Council, CouncilStatus, Member, Sex
from conseils_citoyens.diagnostics.model import Period
from conseils_citoyens.documents.typed import typed_fields
from conseils_citoyens.errors import ModelError, ValidationError
from conseils_citoyens.i18n import language

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_a_dict_among_members_fails_at_construction_naming_the_field() -> None:
    with pytest.raises(ModelError) as caught:
        Council(id="cc-1", name="Centre", qpv_codes=("QN05921M",), members=[{"id": "m1"}])  # type: ignore[list-item]
    error = caught.value
    assert isinstance(error, TypeError)
    assert isinstance(error, ValueError)
    assert isinstance(error, ValidationError)
    (problem,) = error.problems
    assert problem.path == "$.members[0]"
    assert problem.code == "model.type"
    assert str(error).startswith("Council.members[0] : Member attendu, pas dict")
    assert "load(données, Council)" in str(error)
    with language("en"):
        assert str(error).startswith("Council.members[0]: expected Member, not dict")


def test_what_python_code_naturally_passes_is_converted_exactly() -> None:
    member = Member(id="m1", college="residents", sex="F", start_date=dt.datetime(2020, 1, 6))  # type: ignore[arg-type]
    assert member.college is College.RESIDENTS
    assert member.sex is Sex.F
    assert member.start_date == dt.date(2020, 1, 6)
    assert type(member.start_date) is dt.date
    council = Council(id="c", name="n", qpv_codes=["QN05921M"], members=[member], status="active")  # type: ignore[arg-type]
    assert council.qpv_codes == ("QN05921M",)
    assert council.members == (member,)
    assert council.status is CouncilStatus.ACTIVE
    assert hash(council)  # tuples all the way: a frozen object stays hashable


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"college": "habitants"}, "$.college", "n'est pas un College"),
        ({"birth_year": "1980"}, "$.birth_year", "int attendu, pas str"),
        ({"birth_year": True}, "$.birth_year", "int attendu, pas bool"),
        ({"elected_official": "non"}, "$.elected_official", "bool attendu, pas str"),
        ({"start_date": "2020-01-06"}, "$.start_date", "datetime.date attendu, pas str"),
        ({"start_date": dt.datetime(2020, 1, 6, 9)}, "$.start_date", "passez valeur.date()"),
        ({"id": 7}, "$.id", "str attendu, pas int"),
    ],
)
def test_wrong_values_are_refused_with_their_path(
    changes: dict[str, Any], path: str, words: str
) -> None:
    with pytest.raises(ModelError) as caught:
        Member(**{"id": "m1", "college": College.RESIDENTS, **changes})
    assert caught.value.problems[0].path == path
    assert words in str(caught.value)


def test_text_or_a_set_is_not_taken_for_a_list_of_codes() -> None:
    with pytest.raises(ModelError, match=r"Council\.qpv_codes : une liste ou un tuple attendu"):
        Council(id="c", name="n", qpv_codes="QN05921M")  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="pas set"):  # no order to keep
        Council(id="c", name="n", qpv_codes={"QN05921M", "QN05922M"})  # type: ignore[arg-type]
    generated = Council(id="c", name="n", qpv_codes=(c for c in ["QN05921M", "QN05922M"]))  # type: ignore[arg-type]
    assert generated.qpv_codes == ("QN05921M", "QN05922M")


def _instances(obj: Any) -> Iterator[Any]:
    if attrs.has(type(obj)):
        yield obj
        for field in attrs.fields(type(obj)):
            yield from _instances(getattr(obj, field.name))
    elif isinstance(obj, tuple):
        for item in obj:
            yield from _instances(item)


def _examples() -> dict[type, Any]:
    found: dict[type, Any] = {}
    for name, cls in (
        ("conseil-citoyen-conforme.json", cc.Council),
        ("conseil-citoyen-non-conforme.json", cc.Council),
        ("territoire-exemple.json", cc.Territory),
        ("diagnostic-exemple.json", cc.Diagnostic),
        ("cycle-exemple.json", cc.Cycle),
    ):
        for obj in _instances(cc.load(EXAMPLES / name, cls)):
            found.setdefault(type(obj), obj)
    return found


EXAMPLE_OBJECTS = _examples()


def test_the_examples_reach_every_model_class() -> None:
    from conseils_citoyens.council import model, territory
    from conseils_citoyens.diagnostics import cycle
    from conseils_citoyens.diagnostics import model as diagnostic

    classes = {
        value
        for module in (model, territory, diagnostic, cycle)
        for value in vars(module).values()
        if isinstance(value, type) and attrs.has(value) and value.__module__ == module.__name__
    }
    assert len(classes) == 22
    assert classes == set(EXAMPLE_OBJECTS)


@pytest.mark.parametrize(
    ("cls", "field"),
    [(cls, f.name) for cls, obj in EXAMPLE_OBJECTS.items() for f in attrs.fields(cls)],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_every_field_of_every_model_refuses_a_foreign_object(cls: type, field: str) -> None:
    obj = EXAMPLE_OBJECTS[cls]
    with pytest.raises(ModelError) as caught:
        attrs.evolve(obj, **{field: object()})
    assert caught.value.problems[0].path == f"$.{field}"
    assert caught.value.kind == cls.__qualname__
    if isinstance(getattr(obj, field), tuple):
        with pytest.raises(ModelError) as inside:
            attrs.evolve(obj, **{field: [object()]})
        assert inside.value.problems[0].path == f"$.{field}[0]"


@given(
    st.one_of(st.none(), st.integers(), st.floats(), st.binary(), st.text(), st.lists(st.text()))
)
def test_any_value_is_either_accepted_as_its_type_or_refused_clearly(value: Any) -> None:
    if value is None:
        assert Period(start=dt.date(2025, 1, 1), end=value).end is None
        return
    with pytest.raises(ModelError) as caught:
        Period(start=dt.date(2025, 1, 1), end=value)
    assert caught.value.problems[0].path == "$.end"


def test_an_annotation_the_checks_do_not_know_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="unsupported annotation"):

        @attrs.frozen(kw_only=True, field_transformer=typed_fields)
        class Odd:
            value: set[str]


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class _Counted:
    name: str
    count: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    note: str | None = None


def test_fields_are_checked_in_order_each_type_before_its_own_validator() -> None:
    assert _Counted(name="a", count=2).count == 2
    # the first wrong field is named, whatever comes after it
    with pytest.raises(ModelError) as first:
        _Counted(name=1, count="x", note=2)  # type: ignore[arg-type]
    assert first.value.problems[0].path == "$.name"
    # a wrong type is refused by the type check, not by the field's own validator
    with pytest.raises(ModelError) as typed:
        _Counted(name="a", count="x")  # type: ignore[arg-type]
    assert typed.value.problems[0].path == "$.count"
    # the field's own validator still runs, after the type check and before later fields
    with pytest.raises(ValueError, match="count") as own:
        _Counted(name="a", count=-1, note=2)  # type: ignore[arg-type]
    assert not isinstance(own.value, ModelError)
    # attrs.evolve goes through the same checks
    with pytest.raises(ModelError):
        attrs.evolve(_Counted(name="a"), note=3)
