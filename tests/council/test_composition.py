"""Council composition rules: each on both sides of its boundary, by date and option."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest

from conseils_citoyens.council import composition
from conseils_citoyens.council.composition import BUILTIN_RULES, check_council, parse_option
from conseils_citoyens.council.model import (
    College,
    Council,
    Designation,
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
from conseils_citoyens.documents.convert import load
from conseils_citoyens.errors import ValidationError
from conseils_citoyens.rules import CheckReport, Finding, Rule, Severity, Source

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BEFORE = dt.date(2019, 6, 1)
AFTER = dt.date(2025, 6, 1)


def resident(index: int, sex: Sex, **changes: Any) -> Member:
    values: dict[str, Any] = {
        "id": f"h{index:02d}",
        "college": College.RESIDENTS,
        "sex": sex,
        "designation": Designation.DRAWN_BY_LOT,
        "lives_in_qpv": True,
    }
    values.update(changes)
    return Member(**values)


def actor(index: int, **changes: Any) -> Member:
    values: dict[str, Any] = {
        "id": f"a{index:02d}",
        "college": College.LOCAL_ACTORS,
        "sex": Sex.F if index % 2 else Sex.M,
        "designation": Designation.NAMED_BY_ORGANISATION,
        "based_in_qpv": True,
    }
    values.update(changes)
    return Member(**values)


def substitute() -> Member:
    return resident(99, Sex.F, role=Role.SUBSTITUTE)


def make_council(
    women: int = 5, men: int = 5, actors: int = 8, *extra: Member, **changes: Any
) -> Council:
    """A council that passes every rule before and after 2024 (default 10 + 8 + 1)."""
    members = [resident(i, Sex.F) for i in range(women)]
    members += [resident(50 + i, Sex.M) for i in range(men)]
    members += [actor(i) for i in range(actors)]
    members += [substitute(), *extra]
    values: dict[str, Any] = {
        "id": "cc-test",
        "name": "Conseil citoyen de test",
        "qpv_codes": ("QN05921M",),
        "epci": "200093201",
        "recognition": Recognition(arrete_reference="arrêté 1", date=dt.date(2016, 1, 4)),
        "mandate_years": 3,
        "replacement_rule": "par un suppléant",
        "rules_document": RulesDocument(kind=RulesDocumentKind.CHARTE),
        "members": tuple(members),
    }
    values.update(changes)
    return Council(**values)


def findings(report: CheckReport, rule_id: str) -> list[Finding]:
    return [f for f in report.findings if f.rule_id == rule_id]


def check(council: Council, as_of: dt.date = AFTER, **options: Any) -> CheckReport:
    return check_council(council, as_of=as_of, options=options)


def test_the_reference_council_passes_before_and_after_2024() -> None:
    council = make_council()
    assert check(council, AFTER).findings == ()
    old = attrs.evolve(council, qpv_codes=("QP059021",))
    assert check(old, BEFORE).findings == ()


def test_every_builtin_rule_has_a_stable_id_subject_and_severity() -> None:
    ids = [rule.id for rule in BUILTIN_RULES]
    assert len(ids) == len(set(ids)) == 14
    assert all(
        rule.subject == "council" and rule.id.startswith("council.") for rule in BUILTIN_RULES
    )
    by_id = {rule.id: rule for rule in BUILTIN_RULES}
    assert by_id["council.parity"].effective_severity is Severity.ERROR
    assert by_id["council.size"].effective_severity is Severity.WARNING
    assert by_id["council.substitutes"].effective_severity is Severity.ADVICE
    assert by_id["council.recognition"].source is Source.LAW
    assert by_id["council.recognition"].effective_severity is Severity.WARNING
    for rule in BUILTIN_RULES:
        assert rule.title["fr"]
        assert rule.title["en"]


def test_rules_of_2014_end_with_decree_2024_1036() -> None:
    council = make_council(recognition=None)
    assert "council.drawn_by_lot" in check(council, dt.date(2024, 11, 16)).rules_applied
    last_day = check(council, dt.date(2024, 11, 16))
    assert [f.severity for f in findings(last_day, "council.recognition")] == [Severity.WARNING]
    first_day = check(council, dt.date(2024, 11, 17))
    assert "council.drawn_by_lot" not in first_day.rules_applied
    assert "council.recognition" not in first_day.rules_applied
    assert first_day.findings == ()


# -- colleges ----------------------------------------------------------------------------------


def test_colleges_both_present_or_an_error_naming_the_missing_one() -> None:
    report = check(make_council(women=8, men=8, actors=0))
    (finding,) = findings(report, "council.colleges")
    assert finding.severity is Severity.ERROR
    assert "acteurs locaux" in finding.message
    assert not report.ok


def test_colleges_count_only_titular_members_sitting_on_the_date() -> None:
    gone = actor(1, status=MemberStatus.RESIGNED, end_date=dt.date(2025, 1, 1))
    future = actor(2, start_date=dt.date(2026, 1, 1))
    spare = actor(3, role=Role.SUBSTITUTE)
    council = make_council(8, 8, 0, gone, future, spare)
    assert len(findings(check(council, AFTER), "council.colleges")) == 1
    assert findings(check(council, dt.date(2024, 12, 31)), "council.colleges") == []
    assert findings(check(council, dt.date(2026, 1, 1)), "council.colleges") == []


# -- parity ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("women", "men", "fails"), [(5, 5, False), (6, 5, False), (7, 5, True)])
def test_parity_gap_of_one_passes_and_two_fails(women: int, men: int, fails: bool) -> None:
    report = check(make_council(women, men, 8))
    errors = [f for f in findings(report, "council.parity") if f.severity is Severity.ERROR]
    assert bool(errors) is fails
    if fails:
        assert f"{women} femmes, {men} hommes" in errors[0].message
        assert f"{women} women, {men} men" in errors[0].texts["en"]
        assert errors[0].members == ()


def test_parity_counts_agree_with_one_and_zero() -> None:
    (finding,) = findings(check(make_council(3, 1, 8)), "council.parity")
    assert "3 femmes, 1 homme (écart 2" in finding.texts["fr"]
    assert "3 women, 1 man (gap 2" in finding.texts["en"]
    (finding,) = findings(check(make_council(0, 2, 8)), "council.parity")
    assert "0 femme, 2 hommes (écart 2" in finding.texts["fr"]
    assert "0 women, 2 men (gap 2" in finding.texts["en"]


def test_parity_tolerance_and_switch_are_options() -> None:
    council = make_council(8, 5, 8)
    assert findings(check(council), "council.parity")
    assert findings(check(council, parity_tolerance=3), "council.parity") == []
    assert findings(check(council, parity_tolerance=2), "council.parity")
    assert findings(check(council, parity_enabled=False), "council.parity") == []
    assert findings(check(make_council(5, 5, 8), parity_tolerance=0), "council.parity") == []
    assert findings(check(make_council(6, 5, 8), parity_tolerance=0), "council.parity")


def test_parity_before_2024_counts_only_residents_drawn_by_lot() -> None:
    volunteers = [resident(80 + i, Sex.F, designation=Designation.VOLUNTEER) for i in range(4)]
    council = make_council(5, 5, 12, *volunteers, qpv_codes=("QP059021",))
    assert findings(check(council, BEFORE), "council.parity") == []
    after = attrs.evolve(council, qpv_codes=("QN05921M",))
    (finding,) = findings(check(after, AFTER), "council.parity")
    assert "9 femmes, 5 hommes" in finding.message


def test_parity_counts_residents_drawn_among_volunteers_as_drawn() -> None:
    drawn = [
        resident(80 + i, Sex.F, designation=Designation.DRAWN_AMONG_VOLUNTEERS) for i in range(2)
    ]
    council = make_council(5, 5, 12, *drawn, qpv_codes=("QP059021",))
    assert findings(check(council, BEFORE), "council.parity")


def test_members_of_unstated_sex_are_reported_not_guessed() -> None:
    unknown = resident(70, Sex.NOT_STATED)
    report = check(make_council(5, 5, 8, unknown))
    (finding,) = findings(report, "council.parity")
    assert finding.severity is Severity.WARNING
    assert finding.members == ("h70",)
    assert report.ok
    # Counting the unstated member as either sex would change nothing here; six women
    # and four men with two unstated still fail on what is stated.
    unknowns = [resident(70 + i, Sex.NOT_STATED) for i in range(2)]
    report = check(make_council(6, 4, 8, *unknowns))
    severities = sorted(f.severity.rank for f in findings(report, "council.parity"))
    assert severities == [Severity.ERROR.rank, Severity.WARNING.rank]


def test_wrongly_typed_options_are_refused() -> None:
    with pytest.raises(ValidationError, match="parity_tolerance"):
        check(make_council(), parity_tolerance="1")
    with pytest.raises(ValidationError, match="parity_enabled"):
        check(make_council(), parity_enabled="false")
    with pytest.raises(ValidationError):
        check(make_council(), parity_tolerance=-1)
    with pytest.raises(ValidationError):
        check(make_council(), overseas_2015_list_until="2025-12-31")


def test_parse_option_converts_command_line_text() -> None:
    assert parse_option("parity_enabled", "false") is False
    assert parse_option("parity_enabled", "OUI") is True
    assert parse_option("parity_tolerance", "2") == 2
    assert parse_option("overseas_2015_list_until", "2026-06-30") == dt.date(2026, 6, 30)
    assert parse_option("a_plugin_option", "x") == "x"
    for name, text in [("parity_enabled", "peut-être"), ("parity_tolerance", "1.5")]:
        with pytest.raises(ValidationError):
            parse_option(name, text)


# -- drawing lots, recognition -------------------------------------------------------------------


def test_at_least_one_resident_drawn_by_lot_until_the_decree() -> None:
    volunteers = [
        resident(i, Sex.F if i % 2 else Sex.M, designation=Designation.VOLUNTEER) for i in range(10)
    ]
    council = make_council(0, 0, 8, *volunteers, qpv_codes=("QP059021",))
    (finding,) = findings(check(council, BEFORE), "council.drawn_by_lot")
    assert finding.severity is Severity.ERROR
    one_drawn = attrs.evolve(
        council, members=(*council.members, resident(60, Sex.F, role=Role.TITULAR))
    )
    assert findings(check(one_drawn, BEFORE), "council.drawn_by_lot") == []
    assert "council.drawn_by_lot" not in check(council, AFTER).rules_applied


def test_recognition_missing_or_later_than_the_date_is_a_warning() -> None:
    council = make_council(qpv_codes=("QP059021",), recognition=None)
    (finding,) = findings(check(council, BEFORE), "council.recognition")
    assert finding.severity is Severity.WARNING
    assert check(council, BEFORE).ok
    later = attrs.evolve(
        council, recognition=Recognition(arrete_reference="A-1", date=dt.date(2019, 6, 2))
    )
    assert len(findings(check(later, BEFORE), "council.recognition")) == 1
    assert findings(check(later, dt.date(2019, 6, 2)), "council.recognition") == []


# -- QPV codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "day", "valid"),
    [
        ("QP059021", dt.date(2023, 12, 31), True),
        ("QP059021", dt.date(2024, 1, 1), False),
        ("QN05921M", dt.date(2023, 12, 31), False),
        ("QN05921M", dt.date(2024, 1, 1), True),
        ("QP02A001", dt.date(2020, 1, 1), True),
        ("QP971005", dt.date(2025, 12, 31), True),
        ("QP971005", dt.date(2026, 1, 1), False),
        ("QP987001", dt.date(2025, 6, 1), True),
        # Codes of the new overseas list (format unverified) are dated too (issue 20).
        ("QP977001", dt.date(2019, 1, 1), False),
        ("QP977001", dt.date(2024, 12, 31), False),
        ("QP977001", dt.date(2025, 1, 1), True),
        ("QN97101A", dt.date(2024, 6, 1), False),
        ("QN97101A", dt.date(2025, 1, 1), True),
        ("QP978ABC", dt.date(2019, 1, 1), False),
    ],
)
def test_qpv_codes_are_valid_only_in_their_period(code: str, day: dt.date, valid: bool) -> None:
    council = make_council(qpv_codes=(code,))
    errors = [
        f
        for f in findings(check(council, day), "council.qpv_codes")
        if f.severity is Severity.ERROR
    ]
    assert (errors == []) is valid
    if not valid:
        assert errors[0].path == "$.qpv_codes[0]"
        assert code in errors[0].message


def test_overseas_2015_list_end_is_an_option() -> None:
    council = make_council(qpv_codes=("QP971005",))
    day = dt.date(2026, 3, 1)
    assert findings(check(council, day), "council.qpv_codes")
    longer = check(council, day, overseas_2015_list_until=dt.date(2026, 12, 31))
    assert findings(longer, "council.qpv_codes") == []


def test_overseas_codes_of_the_new_list_are_advice_only() -> None:
    council = make_council(qpv_codes=("QN97101A", "QP978ABC"))
    report = check(council, AFTER)
    found = findings(report, "council.qpv_codes")
    assert [f.severity for f in found] == [Severity.ADVICE, Severity.ADVICE]
    assert {f.path for f in found} == {"$.qpv_codes[0]", "$.qpv_codes[1]"}
    assert report.ok


def test_a_council_built_in_python_with_a_bad_qpv_code_is_caught() -> None:
    council = make_council(qpv_codes=("QN05921M", "QP020001", "75056"))
    found = findings(check(council), "council.qpv_codes")
    assert {f.path for f in found} == {"$.qpv_codes[1]", "$.qpv_codes[2]"}
    assert all(f.severity is Severity.ERROR for f in found)


# -- identifiers -------------------------------------------------------------------------------


def test_identifiers_are_rechecked_for_councils_built_in_python() -> None:
    members = (
        actor(40, organisation=Organisation(name="x", siret="80123456700016", rna="W12345")),
        actor(41, organisation=Organisation(name="La Poste", siret="35600000000015")),
        actor(41),
        Member(id="bad id!", college=College.LOCAL_ACTORS),
    )
    council = make_council(
        5,
        5,
        5,
        *members,
        epci="200093202",
        communes=("59512", "20004"),
        legal_form=LegalForm(
            kind=LegalFormKind.STRUCTURE_PORTEUSE, siret="43810295600029", rna="W59500482"
        ),
    )
    found = findings(check(council), "council.identifiers")
    assert {f.path for f in found} == {
        "$.epci",
        "$.communes[1]",
        "$.legal_form.siret",
        "$.legal_form.rna",
        "$.members[16].organisation.siret",
        "$.members[16].organisation.rna",
        "$.members[19].id",
        "$.members",
    }
    duplicate = next(f for f in found if f.path == "$.members")
    assert duplicate.members == ("a41",)
    assert all(f.severity is Severity.ERROR for f in found)


def test_valid_identifiers_pass() -> None:
    council = make_council(
        communes=("59512", "2A004", "97101"),
        legal_form=LegalForm(
            kind=LegalFormKind.DEDICATED_ASSOCIATION, siret="43810295600028", rna="W2A1234567"
        ),
    )
    assert findings(check(council), "council.identifiers") == []


# -- guidelines --------------------------------------------------------------------------------


def test_residents_exactly_half_pass_and_less_fail() -> None:
    half = make_council(5, 5, 10)
    assert findings(check(half), "council.residents_share") == []
    less = make_council(5, 5, 11)
    (finding,) = findings(check(less), "council.residents_share")
    assert finding.severity is Severity.WARNING
    assert "10 habitants sur 21 membres titulaires (48 %)" in finding.message
    (one,) = findings(check(make_council(1, 0, 7)), "council.residents_share")
    assert "1 habitant sur 8 membres titulaires" in one.texts["fr"]
    assert "1 resident out of 8 titular members" in one.texts["en"]


def test_residents_not_only_volunteers() -> None:
    volunteers = tuple(
        resident(i, Sex.F if i % 2 else Sex.M, designation=d)
        for i, d in enumerate([Designation.VOLUNTEER, Designation.DRAWN_AMONG_VOLUNTEERS] * 5)
    )
    council = make_council(0, 0, 8, *volunteers)
    (finding,) = findings(check(council), "council.not_only_volunteers")
    assert len(finding.members) == 10
    mixed = attrs.evolve(council, members=(*council.members, resident(60, Sex.F)))
    assert findings(check(mixed), "council.not_only_volunteers") == []
    unknown = tuple(attrs.evolve(m, designation=None) for m in volunteers)
    assert findings(check(make_council(0, 0, 8, *unknown)), "council.not_only_volunteers") == []


def test_elected_officials_are_named_by_id_even_as_substitutes() -> None:
    elected = (
        actor(20, elected_official=True),
        resident(30, Sex.F, role=Role.SUBSTITUTE, elected_official=True, first_name="Ada"),
    )
    (finding,) = findings(check(make_council(5, 5, 8, *elected)), "council.no_elected")
    assert finding.members == ("a20", "h30")
    assert "Ada" not in finding.message
    assert finding.severity is Severity.WARNING
    assert finding.texts["fr"].startswith("2 élus parmi les membres : ")
    assert finding.texts["en"].startswith("2 elected officials among the members: ")


def test_one_elected_official_is_written_in_the_singular() -> None:
    (finding,) = findings(
        check(make_council(5, 5, 8, actor(20, elected_official=True))), "council.no_elected"
    )
    assert finding.texts["fr"].startswith("1 élu parmi les membres : ")
    assert finding.texts["en"].startswith("1 elected official among the members: ")


def test_local_actors_must_be_based_in_the_qpv_and_independent() -> None:
    actors = (
        actor(20, based_in_qpv=False),
        actor(21, based_in_qpv=None),
        actor(22, linked_to_signatory=True),
        actor(23, decision_or_budget_power=True, linked_to_signatory=True),
    )
    found = findings(check(make_council(8, 8, 4, *actors)), "council.local_actors")
    assert [f.members for f in found] == [("a20",), ("a22", "a23"), ("a23",)]
    assert [f.texts["fr"] for f in found] == [
        "1 acteur local non implanté dans le QPV",
        "2 acteurs locaux liés directement à un signataire du contrat de ville",
        "1 acteur local disposant d'un pouvoir de décision ou budgétaire",
    ]
    assert [f.texts["en"] for f in found] == [
        "1 local actor not based in the QPV",
        "2 local actors directly linked to a signatory of the contrat de ville",
        "1 local actor holding decision or budget power",
    ]


def test_residents_live_in_the_qpv() -> None:
    extra = (resident(30, Sex.F, lives_in_qpv=False), resident(31, Sex.M, lives_in_qpv=None))
    (finding,) = findings(check(make_council(5, 5, 8, *extra)), "council.residents_live_in_qpv")
    assert finding.members == ("h30",)
    assert finding.texts == {
        "fr": "1 membre du collège habitants ne vit pas dans le QPV",
        "en": "1 member of the residents college does not live in the QPV",
    }
    extra = (resident(30, Sex.F, lives_in_qpv=False), resident(31, Sex.M, lives_in_qpv=False))
    (finding,) = findings(check(make_council(5, 5, 8, *extra)), "council.residents_live_in_qpv")
    assert finding.texts == {
        "fr": "2 membres du collège habitants ne vivent pas dans le QPV",
        "en": "2 members of the residents college do not live in the QPV",
    }


@pytest.mark.parametrize(
    ("women", "men", "actors", "warned"),
    [(7, 7, 0, True), (7, 7, 1, False), (25, 25, 0, False), (25, 25, 1, True)],
)
def test_size_from_15_to_50_titular_members(
    women: int, men: int, actors: int, warned: bool
) -> None:
    council = make_council(women, men, actors)
    found = findings(check(council, parity_enabled=False), "council.size")
    assert bool(found) is warned
    if warned:
        assert str(women + men + actors) in found[0].message


def test_size_of_14_mentions_a_starting_core() -> None:
    (finding,) = findings(check(make_council(7, 7, 0)), "council.size")
    assert "noyau de départ" in finding.message
    assert finding.texts["fr"].startswith("14 membres titulaires : de 15 à 50")
    assert finding.texts["en"].startswith("14 titular members: 15 to 50")


@pytest.mark.parametrize(
    ("women", "fr", "en"),
    [(0, "0 membre titulaire", "0 titular members"), (1, "1 membre titulaire", "1 titular member")],
)
def test_size_agrees_with_zero_and_one_member(women: int, fr: str, en: str) -> None:
    (finding,) = findings(check(make_council(women, 0, 0), parity_enabled=False), "council.size")
    assert finding.texts["fr"].startswith(f"{fr} : ")
    assert finding.texts["en"].startswith(f"{en}: ")


def test_mandate_replacement_and_rules_document_are_recorded() -> None:
    council = make_council(mandate_years=None, replacement_rule="  ", rules_document=None)
    found = findings(check(council), "council.mandate")
    assert {f.path for f in found} == {"$.mandate_years", "$.replacement_rule", "$.rules_document"}
    assert all(f.severity is Severity.WARNING for f in found)


def test_substitutes_listed_is_advice() -> None:
    council = make_council()
    without = attrs.evolve(council, members=council.members[:-1])
    (finding,) = findings(check(without), "council.substitutes")
    assert finding.severity is Severity.ADVICE
    assert check(without).ok


# -- the API -----------------------------------------------------------------------------------


def test_findings_have_french_and_english_messages() -> None:
    council = load(EXAMPLES / "conseil-citoyen-non-conforme.json", Council)
    report = check(council)
    assert report.findings
    for finding in report.findings:
        assert finding.texts["fr"]
        assert finding.texts["en"]
        assert finding.texts["fr"] != finding.texts["en"]


def test_findings_are_sorted_by_severity() -> None:
    council = load(EXAMPLES / "conseil-citoyen-non-conforme.json", Council)
    ranks = [f.severity.rank for f in check(council).findings]
    assert ranks == sorted(ranks)


def test_the_examples_give_the_documented_results() -> None:
    conforme = load(EXAMPLES / "conseil-citoyen-conforme.json", Council)
    assert check(conforme, AFTER).findings == ()
    assert not check(conforme, BEFORE).ok  # installed in 2024, QN code: not in 2019
    old = load(EXAMPLES / "conseil-citoyen-2016.json", Council)
    assert check(old, BEFORE).findings == ()
    assert {f.rule_id for f in check(old, AFTER).errors} == {"council.qpv_codes"}
    bad = load(EXAMPLES / "conseil-citoyen-non-conforme.json", Council)
    rules_hit = {f.rule_id for f in check(bad, AFTER).findings}
    assert {
        "council.parity",
        "council.qpv_codes",
        "council.no_elected",
        "council.residents_share",
        "council.size",
        "council.local_actors",
        "council.not_only_volunteers",
        "council.residents_live_in_qpv",
        "council.mandate",
        "council.substitutes",
    } <= rules_hit
    names = {m.first_name for m in bad.members} | {m.last_name for m in bad.members}
    assert names == {None}


def test_check_council_defaults_to_today_and_ignores_other_subjects() -> None:
    def never(_subject: object, _context: object) -> list[Finding]:
        raise AssertionError("a rule of another subject ran")

    other = Rule(
        id="diag.x", subject="diagnostic", source=Source.LAW, title={"fr": "x"}, check=never
    )
    report = check_council(make_council(), rules=(*BUILTIN_RULES, other))
    assert report.as_of == dt.date.today()
    assert "diag.x" not in report.rules_applied


def test_custom_rules_replace_the_builtin_ones() -> None:
    only = [composition.SUBSTITUTES]
    report = check_council(make_council(0, 0, 0), as_of=AFTER, rules=only)
    assert report.rules_applied == ("council.substitutes",)


def test_the_module_registers_its_rules_through_the_hook() -> None:
    registered: list[Rule] = []
    composition.register_rules(registered.append)
    assert tuple(registered) == BUILTIN_RULES


def test_the_plugin_host_collects_the_rules_from_this_module() -> None:
    from conseils_citoyens.plugins import PluginHost

    host = PluginHost(
        builtins=False, entry_points=False, plugins=["conseils_citoyens.council.composition"]
    )
    assert [r.id for r in host.rules("council")] == [r.id for r in BUILTIN_RULES]
    # The default host (built-ins) gives check_council the same rules.
    report = check_council(make_council(0, 0, 0), as_of=AFTER)
    assert set(report.rules_applied) <= {r.id for r in BUILTIN_RULES}
