"""load/dump: round trips that validate, and bad input reported with paths, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conseils_citoyens.council.identifiers import QpvGeneration, luhn_valid
from conseils_citoyens.council.model import (
    College,
    Council,
    CouncilStatus,
    Designation,
    DrawList,
    LegalForm,
    LegalFormKind,
    Member,
    MemberStatus,
    Organisation,
    Recognition,
    Role,
    RulesDocument,
    RulesDocumentKind,
    Sex,
)
from conseils_citoyens.council.territory import Commune, ContratDeVille, Epci, Qpv, Territory
from conseils_citoyens.documents import schemas
from conseils_citoyens.documents.convert import converter, dump, kind_of, load
from conseils_citoyens.errors import (
    DocumentError,
    FileNotReadableError,
    NotADocumentError,
    ValidationError,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def pattern(name: str) -> st.SearchStrategy[str]:
    """Strings matching a definition of common.schema.json."""
    regex = schemas.schema("common")["$defs"][name]["pattern"]
    return st.from_regex(regex, fullmatch=True)


def luhn(length: int) -> st.SearchStrategy[str]:
    def complete(prefix: str) -> str:
        return next(prefix + d for d in "0123456789" if luhn_valid(prefix + d))

    return st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1).map(complete)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


identifiers = pattern("identifier")
#: Any character a document can hold: XML 1.0 forbids most C0 controls, U+FFFE and
#: U+FFFF, which are refused at load (see ``test_control_characters_are_refused``).
_NOT_IN_XML = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
_WRITABLE = st.characters(codec="utf-8", exclude_characters=_NOT_IN_XML)
names = st.text(_WRITABLE, min_size=1, max_size=40)
texts = st.text(_WRITABLE, max_size=80)
dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))
sirens = luhn(9)
sirets = luhn(14)
rnas = pattern("rna")
communes = pattern("commune_code")
qpv_codes = pattern("qpv_code")

organisations = st.builds(Organisation, name=names, rna=maybe(rnas), siret=maybe(sirets))
members = st.builds(
    Member,
    id=identifiers,
    college=st.sampled_from(College),
    sex=st.sampled_from(Sex),
    birth_year=maybe(st.integers(1900, 2100)),
    role=st.sampled_from(Role),
    designation=maybe(st.sampled_from(Designation)),
    draw_list=maybe(st.sampled_from(DrawList)),
    lives_in_qpv=maybe(st.booleans()),
    organisation=maybe(organisations),
    elected_official=st.booleans(),
    linked_to_signatory=st.booleans(),
    decision_or_budget_power=st.booleans(),
    based_in_qpv=maybe(st.booleans()),
    start_date=maybe(dates),
    end_date=maybe(dates),
    status=st.sampled_from(MemberStatus),
    first_name=maybe(names),
    last_name=maybe(names),
)
councils = st.builds(
    Council,
    id=identifiers,
    name=names,
    qpv_codes=st.lists(qpv_codes, min_size=1, max_size=3, unique=True).map(tuple),
    communes=st.lists(communes, max_size=3, unique=True).map(tuple),
    epci=maybe(sirens),
    status=st.sampled_from(CouncilStatus),
    legal_form=maybe(
        st.builds(
            LegalForm,
            kind=st.sampled_from(LegalFormKind),
            name=maybe(names),
            siret=maybe(sirets),
            rna=maybe(rnas),
        )
    ),
    recognition=maybe(st.builds(Recognition, arrete_reference=names, date=dates)),
    installed_on=maybe(dates),
    mandate_years=maybe(st.integers(1, 10)),
    replacement_rule=maybe(texts),
    rules_document=maybe(
        st.builds(
            RulesDocument,
            kind=st.sampled_from(RulesDocumentKind),
            reference=maybe(names),
            adopted_on=maybe(dates),
        )
    ),
    members=st.lists(members, max_size=4).map(tuple),
)
territories = st.builds(
    Territory,
    id=identifiers,
    name=names,
    departements=st.lists(pattern("departement_code"), max_size=3, unique=True).map(tuple),
    communes=st.lists(
        st.builds(Commune, code=communes, name=names, epci=maybe(sirens)), max_size=3
    ).map(tuple),
    epcis=st.lists(st.builds(Epci, siren=sirens, name=names), max_size=2).map(tuple),
    qpvs=st.lists(
        st.builds(
            Qpv,
            code=qpv_codes,
            name=names,
            generation=maybe(st.sampled_from(QpvGeneration)),
            communes=st.lists(communes, max_size=2, unique=True).map(tuple),
        ),
        max_size=3,
    ).map(tuple),
    contrats_de_ville=st.lists(
        st.builds(
            ContratDeVille,
            id=identifiers,
            name=names,
            epci=maybe(sirens),
            communes=st.lists(communes, max_size=2, unique=True).map(tuple),
            qpv_codes=st.lists(qpv_codes, max_size=2, unique=True).map(tuple),
            signed_on=maybe(dates),
            starts_on=maybe(dates),
            ends_on=maybe(dates),
        ),
        max_size=2,
    ).map(tuple),
)

# No wall-clock limit in unit tests (the machine may be busy): speed is measured in bench/.
ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def round_trip(obj: Any) -> None:
    data = dump(obj)
    text = json.dumps(data)  # plain JSON data only
    schemas.validate(kind_of(type(obj)), json.loads(text))
    assert load(json.loads(text), type(obj)) == obj


@ROUND_TRIP
@given(councils)
def test_council_round_trip(council: Council) -> None:
    round_trip(council)


@ROUND_TRIP
@given(members)
def test_member_round_trip(member: Member) -> None:
    round_trip(member)


@ROUND_TRIP
@given(territories)
def test_territory_round_trip(territory: Territory) -> None:
    round_trip(territory)


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("conseil-citoyen-conforme.json", Council),
        ("conseil-citoyen-2016.json", Council),
        ("conseil-citoyen-non-conforme.json", Council),
        ("territoire-exemple.json", Territory),
    ],
)
def test_examples_validate_and_load_from_their_path(name: str, cls: type[Any]) -> None:
    path = EXAMPLES / name
    obj = load(path, cls)
    data = dump(obj)
    schemas.validate(kind_of(cls), data)
    assert load(data, cls) == obj
    assert contains(data, json.loads(path.read_text(encoding="utf-8")))


def contains(big: Any, small: Any) -> bool:
    """Return True when every value of ``small`` is in ``big`` (dump adds only defaults)."""
    if isinstance(small, dict):
        return isinstance(big, dict) and all(
            key in big and contains(big[key], value) for key, value in small.items()
        )
    if isinstance(small, list):
        return (
            isinstance(big, list)
            and len(big) == len(small)
            and all(contains(b, s) for b, s in zip(big, small, strict=True))
        )
    return bool(big == small)


def test_redacted_dump_has_no_names_and_still_validates() -> None:
    member = Member(id="m1", college=College.RESIDENTS, first_name="Aïcha", last_name="B.")
    data = dump(member, redact=True)
    assert "first_name" not in data
    assert "last_name" not in data
    schemas.validate("member", data)


def base() -> dict[str, Any]:
    return {"id": "cc-1", "name": "Conseil", "qpv_codes": ["QN05921M"]}


def problems(data: Any, cls: type[Any] = Council) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        load(data, cls)
    return {p.path: p.code for p in caught.value.problems}


def test_every_problem_is_listed_with_its_json_path() -> None:
    data = base() | {
        "qpv_codes": ["QP020001", "QN05921M"],
        "communes": ["20004"],
        "epci": "200093202",
        "mandate_years": "3",
        "colour": "blue",
        "members": [
            {"id": "m1"},
            {"id": "m2", "college": "residents", "sex": "H"},
            {"id": "m3", "college": "residents", "organisation": {"name": "A", "rna": "W1"}},
        ],
    }
    found = problems(data)
    assert found == {
        "$": "schema.additionalProperties",
        "$.qpv_codes[0]": "schema.pattern",
        "$.communes[0]": "schema.pattern",
        "$.epci": "schema.format",
        "$.mandate_years": "schema.type",
        "$.members[0].college": "schema.required",
        "$.members[1].sex": "schema.enum",
        "$.members[2].organisation.rna": "schema.pattern",
    }


def test_missing_college_names_the_field_in_french_and_english() -> None:
    with pytest.raises(ValidationError) as caught:
        load(base() | {"members": [{"id": "m1"}]}, Council)
    (problem,) = caught.value.problems
    assert problem.path == "$.members[0].college"
    assert problem.message == "champ obligatoire manquant : « college »"
    assert problem.message_in("en") == "missing required field 'college'"


def test_false_as_a_string_is_refused_though_cattrs_alone_accepts_it() -> None:
    data = base() | {"members": [{"id": "m1", "college": "residents", "elected_official": "false"}]}
    # Without the schema, cattrs turns "false" into True: a silent error we must prevent.
    assert converter().structure(data, Council).members[0].elected_official is True
    assert problems(data) == {"$.members[0].elected_official": "schema.type"}


@pytest.mark.parametrize("value", [[], ["council"], 3, None])
def test_wrong_top_level_type(value: Any) -> None:
    assert problems(value) == {"$": "schema.type"}


def test_impossible_date_is_refused() -> None:
    assert problems(base() | {"installed_on": "2024-02-30"}) == {"$.installed_on": "schema.format"}


def test_messages_are_french_sentences_with_the_value() -> None:
    with pytest.raises(ValidationError) as caught:
        load(base() | {"qpv_codes": "QN05921M", "epci": "200093202"}, Council)
    messages = {p.path: p.message for p in caught.value.problems}
    assert messages["$.qpv_codes"] == '"QN05921M" : il faut une liste'
    assert messages["$.epci"] == '"200093202" : numéro SIREN invalide'
    text = str(caught.value)
    assert "document « council » invalide, 2 problèmes" in text
    assert "Traceback" not in text


def test_malformed_json_file_is_a_document_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "conseil.json"
    path.write_text('{"id": "x",', encoding="utf-8")
    with pytest.raises(NotADocumentError) as caught:
        load(path, Council)
    assert str(path) in caught.value.message
    assert "JSON mal formé à la ligne 1" in caught.value.message


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "conseil.json"
    path.write_text('{"id": "x", "id": "y"}', encoding="utf-8")
    with pytest.raises(NotADocumentError, match="clé en double"):
        load(path, Council)


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(FileNotReadableError) as caught:
        load(path, Council)
    assert caught.value.path == str(path)
    assert str(path) in str(caught.value)
    assert isinstance(caught.value, DocumentError)


def test_a_folder_is_not_readable(tmp_path: Path) -> None:
    with pytest.raises(FileNotReadableError, match="n'est pas un fichier"):
        load(tmp_path, Council)


def test_problems_name_their_source_file(tmp_path: Path) -> None:
    path = tmp_path / "conseil.json"
    path.write_text(json.dumps(base() | {"status": "sleeping"}), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load(path, Council)
    assert caught.value.source == str(path)
    assert all(p.source == str(path) for p in caught.value.problems)


def test_a_class_without_kind_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="no registered schema kind"):
        kind_of(Organisation)


# -- Python values in a dict (issue 20) --------------------------------------------------------


def _council_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "cc-1",
        "name": "Conseil citoyen du centre",
        "qpv_codes": ("QN05921M",),
        "recognition": {"arrete_reference": "A-1", "date": dt.date(2019, 3, 1)},
        "installed_on": dt.datetime(2019, 4, 2),
        "status": CouncilStatus.RECOGNISED,
        "members": (
            {"id": "m1", "college": College.RESIDENTS, "start_date": dt.date(2019, 4, 2)},
            {"id": "m2", "college": "local_actors"},
        ),
    }
    data.update(changes)
    return data


def test_load_accepts_dates_datetimes_tuples_and_enum_members() -> None:
    council = load(_council_data(), Council)
    assert council.qpv_codes == ("QN05921M",)
    assert council.recognition == Recognition(arrete_reference="A-1", date=dt.date(2019, 3, 1))
    assert council.installed_on == dt.date(2019, 4, 2)
    assert council.status is CouncilStatus.RECOGNISED
    assert council.members[0].college is College.RESIDENTS
    assert council.members[0].start_date == dt.date(2019, 4, 2)
    assert council == load(dump(council), Council)


def test_a_datetime_with_a_time_of_day_is_refused_at_its_path() -> None:
    with pytest.raises(ValidationError) as caught:
        load(_council_data(installed_on=dt.datetime(2019, 4, 2, 10, 30)), Council)
    problems = caught.value.problems
    assert {p.path for p in problems} == {"$.installed_on"}
    assert "2019-04-02T10:30:00" in problems[0].message


def test_a_wrong_value_in_a_tuple_is_reported_as_data_not_as_a_list_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        load(_council_data(qpv_codes=("QN05921M", 7)), Council)
    (problem,) = caught.value.problems
    assert problem.path == "$.qpv_codes[1]"
    assert "liste" not in problem.message


def test_load_refuses_data_nested_beyond_the_json_bound() -> None:
    nested: Any = "x"
    for _ in range(200):
        nested = [nested]
    with pytest.raises(ValidationError) as caught:
        load(_council_data(name=nested), Council)
    assert caught.value.problems[0].code == "json.depth"


@given(
    member=members,
    character=st.sampled_from(_NOT_IN_XML),
    where=st.sampled_from(["first_name", "last_name"]),
)
def test_control_characters_are_refused(member: Member, character: str, where: str) -> None:
    """A text no Word or OpenDocument file can hold is refused at load, naming its path."""
    data = dump(member)
    data[where] = "a" + character + "b"
    with pytest.raises(ValidationError) as caught:
        load(data, Member)
    (problem,) = caught.value.problems
    assert problem.path == f"$.{where}"
    assert problem.code == "text.control_character"
    assert f"U+{ord(character):04X}" in problem.message_in("fr")
