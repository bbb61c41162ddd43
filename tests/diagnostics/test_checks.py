"""Diagnostic and cycle rules: each on both sides of its boundary, with paths and French text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conseils_citoyens.diagnostics.checks import (
    CYCLE_RULES,
    DIAGNOSTIC_RULES,
    check_cycle,
    check_diagnostic,
    register_rules,
)
from conseils_citoyens.diagnostics.cycle import Attendance, Audience, Cycle, Session, SessionKind
from conseils_citoyens.diagnostics.model import (
    Action,
    Defi,
    Diagnostic,
    Period,
    Stage,
    StageKind,
    ThemeFindings,
)
from conseils_citoyens.documents import convert
from conseils_citoyens.i18n import language
from conseils_citoyens.rules import CheckContext, CheckReport, Finding, Rule, Severity, Source

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = dt.date(2026, 1, 1)


@pytest.fixture
def diagnostic() -> Diagnostic:
    return convert.load(EXAMPLES / "diagnostic-exemple.json", Diagnostic)


@pytest.fixture
def cycle() -> Cycle:
    return convert.load(EXAMPLES / "cycle-exemple.json", Cycle)


def _of(report: CheckReport, rule_id: str) -> list[Finding]:
    return [f for f in report.findings if f.rule_id == rule_id]


def _with_action(d: Diagnostic, action: Action) -> Diagnostic:
    defi = attrs.evolve(d.defis[1], actions=(*d.defis[1].actions, action))
    return attrs.evolve(d, defis=(d.defis[0], defi, *d.defis[2:]))


def test_examples_pass_with_no_finding(diagnostic: Diagnostic, cycle: Cycle) -> None:
    assert check_diagnostic(diagnostic, as_of=AS_OF).findings == ()
    assert check_cycle(cycle, as_of=AS_OF).findings == ()


def test_rules_have_subjects_and_non_law_sources() -> None:
    assert {r.subject for r in DIAGNOSTIC_RULES} == {"diagnostic"}
    assert {r.subject for r in CYCLE_RULES} == {"cycle"}
    for rule in (*DIAGNOSTIC_RULES, *CYCLE_RULES):
        assert rule.source in (Source.GUIDELINE, Source.PRACTICE)
        assert rule.effective_severity is not Severity.ERROR
    ids = [r.id for r in (*DIAGNOSTIC_RULES, *CYCLE_RULES)]
    assert len(ids) == len(set(ids))


def test_hook_registers_both_tuples() -> None:
    seen: list[Rule] = []
    register_rules(seen.append)
    assert tuple(seen) == (*DIAGNOSTIC_RULES, *CYCLE_RULES)


def test_plugin_hook_is_marked_for_pluggy() -> None:
    import pluggy

    from conseils_citoyens import hookspecs
    from conseils_citoyens.diagnostics import checks as diagnostic_checks

    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(diagnostic_checks)
    seen: list[Rule] = []
    manager.hook.register_rules(register=seen.append)
    assert len(seen) == len(DIAGNOSTIC_RULES) + len(CYCLE_RULES)


# --- diagnostic ------------------------------------------------------------------------------


def test_defi_theme_must_be_declared(diagnostic: Diagnostic) -> None:
    declared_only = check_diagnostic(diagnostic, as_of=AS_OF)
    assert _of(declared_only, "diagnostic.theme_declared") == []
    defi = attrs.evolve(diagnostic.defis[1], themes=("youth", "logement"))
    report = check_diagnostic(
        attrs.evolve(diagnostic, defis=(diagnostic.defis[0], defi, *diagnostic.defis[2:])),
        as_of=AS_OF,
    )
    [finding] = _of(report, "diagnostic.theme_declared")
    assert finding.path == "$.defis[1].themes[1]"
    assert finding.severity is Severity.WARNING
    assert "« logement »" in finding.message
    assert "n'est pas déclaré" in finding.message
    with language("en"):
        assert "not declared" in finding.message


def test_findings_and_stages_themes_must_be_declared(diagnostic: Diagnostic) -> None:
    changed = attrs.evolve(
        diagnostic,
        findings=(*diagnostic.findings, ThemeFindings(theme="culture", strengths=("fête",))),
        stages=(attrs.evolve(diagnostic.stages[0], themes=("youth", "sport")),),
    )
    paths = [
        f.path for f in _of(check_diagnostic(changed, as_of=AS_OF), "diagnostic.theme_declared")
    ]
    assert sorted(paths) == ["$.findings[4].theme", "$.stages[0].themes[1]"]


@pytest.mark.parametrize(("carrier", "found"), [("Ville", False), (None, True), ("  ", True)])
def test_action_needs_a_carrier(diagnostic: Diagnostic, carrier: str | None, found: bool) -> None:
    action = Action(label="Nouvelle action", carrier=carrier, deadline=dt.date(2025, 9, 1))
    report = check_diagnostic(_with_action(diagnostic, action), as_of=AS_OF)
    findings = _of(report, "diagnostic.action_carrier")
    assert [f.path for f in findings] == (["$.defis[1].actions[1]"] if found else [])
    if found:
        assert "n'a pas de porteur" in findings[0].message


@pytest.mark.parametrize(
    ("deadline", "expected_path"),
    [
        (dt.date(2025, 1, 6), None),  # the first day of the period: inside
        (dt.date(2030, 1, 1), None),  # after the period: fine
        (dt.date(2025, 1, 5), "$.defis[1].actions[1].deadline"),  # the day before
        (None, "$.defis[1].actions[1]"),
    ],
)
def test_action_deadline_inside_or_after_the_period(
    diagnostic: Diagnostic, deadline: dt.date | None, expected_path: str | None
) -> None:
    action = Action(label="Nouvelle action", carrier="Ville", deadline=deadline)
    report = check_diagnostic(_with_action(diagnostic, action), as_of=AS_OF)
    paths = [f.path for f in _of(report, "diagnostic.action_deadline")]
    assert paths == ([expected_path] if expected_path else [])


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (dt.date(2025, 1, 6), True),
        (dt.date(2025, 6, 30), True),
        (dt.date(2025, 1, 5), False),
        (dt.date(2025, 7, 1), False),
    ],
)
def test_stage_dates_within_the_period(diagnostic: Diagnostic, day: dt.date, inside: bool) -> None:
    stages = (attrs.evolve(diagnostic.stages[0], date=day), *diagnostic.stages[1:])
    report = check_diagnostic(attrs.evolve(diagnostic, stages=stages), as_of=AS_OF)
    findings = _of(report, "diagnostic.event_in_period")
    assert [f.path for f in findings] == ([] if inside else ["$.stages[0].date"])
    if not inside:
        assert "en dehors de la période (06/01/2025 – 30/06/2025)" in findings[0].message


def test_open_period_has_no_end(diagnostic: Diagnostic) -> None:
    stages = (attrs.evolve(diagnostic.stages[0], date=dt.date(2027, 1, 1)),)
    changed = attrs.evolve(diagnostic, period=Period(start=dt.date(2025, 1, 6)), stages=stages)
    assert _of(check_diagnostic(changed, as_of=AS_OF), "diagnostic.event_in_period") == []


@pytest.mark.parametrize("missing", [k for k in StageKind if k is not StageKind.OTHER])
def test_each_missing_stage_is_reported(diagnostic: Diagnostic, missing: StageKind) -> None:
    stages = tuple(s for s in diagnostic.stages if s.kind is not missing)
    report = check_diagnostic(attrs.evolve(diagnostic, stages=stages), as_of=AS_OF)
    [finding] = _of(report, "diagnostic.stages_complete")
    assert finding.severity is Severity.ADVICE
    assert finding.message == f"étape manquante : {missing.label('fr')}"
    assert finding.path == "$.stages"


def test_no_stage_at_all_reports_the_five(diagnostic: Diagnostic) -> None:
    report = check_diagnostic(attrs.evolve(diagnostic, stages=()), as_of=AS_OF)
    assert len(_of(report, "diagnostic.stages_complete")) == 5


def test_other_stages_do_not_count(diagnostic: Diagnostic) -> None:
    only_other = (Stage(date=dt.date(2025, 2, 1), kind=StageKind.OTHER, label="Fête"),)
    report = check_diagnostic(attrs.evolve(diagnostic, stages=only_other), as_of=AS_OF)
    assert len(_of(report, "diagnostic.stages_complete")) == 5


def test_defis_need_actions(diagnostic: Diagnostic) -> None:
    empty = attrs.evolve(diagnostic.defis[0], actions=())
    report = check_diagnostic(
        attrs.evolve(diagnostic, defis=(empty, *diagnostic.defis[1:])), as_of=AS_OF
    )
    assert [f.path for f in _of(report, "diagnostic.defis_have_actions")] == ["$.defis[0].actions"]
    none = check_diagnostic(attrs.evolve(diagnostic, defis=()), as_of=AS_OF)
    assert [f.path for f in _of(none, "diagnostic.defis_have_actions")] == ["$.defis"]


@pytest.mark.parametrize(
    ("end", "found"),
    [(dt.date(2025, 1, 6), False), (dt.date(2025, 1, 5), True)],
)
def test_period_must_not_end_before_it_starts(
    diagnostic: Diagnostic, end: dt.date, found: bool
) -> None:
    changed = attrs.evolve(diagnostic, period=Period(start=dt.date(2025, 1, 6), end=end))
    findings = _of(check_diagnostic(changed, as_of=AS_OF), "diagnostic.period_order")
    assert [f.path for f in findings] == (["$.period"] if found else [])


def test_rules_argument_filters_by_subject(diagnostic: Diagnostic) -> None:
    changed = attrs.evolve(diagnostic, stages=())
    report = check_diagnostic(changed, as_of=AS_OF, rules=(*CYCLE_RULES, DIAGNOSTIC_RULES[0]))
    assert report.rules_applied == (DIAGNOSTIC_RULES[0].id,)
    assert report.findings == ()


def test_report_is_plain_json(diagnostic: Diagnostic) -> None:
    data = check_diagnostic(attrs.evolve(diagnostic, stages=()), as_of=AS_OF).to_dict()
    assert data["subject"] == "diag-tourcoing-2025"
    assert data["ok"] is True
    assert {f["severity"] for f in data["findings"]} == {"advice"}


# --- cycle -----------------------------------------------------------------------------------


def _sessions(c: Cycle, keep: Callable[[Session], bool]) -> Cycle:
    return attrs.evolve(c, sessions=tuple(s for s in c.sessions if keep(s)))


@pytest.mark.parametrize(
    "missing", [SessionKind.TRAINING, SessionKind.STREET_ACTION, SessionKind.WORKSHOP]
)
def test_cycle_mixes_the_three_formats(cycle: Cycle, missing: SessionKind) -> None:
    report = check_cycle(_sessions(cycle, lambda s: s.kind is not missing), as_of=AS_OF)
    [finding] = _of(report, "cycle.formats_mixed")
    assert finding.message == f"format absent du cycle : {missing.label('fr')}"
    assert finding.severity is Severity.ADVICE


@pytest.mark.parametrize("missing", list(Audience))
def test_cycle_aims_at_the_three_audiences(cycle: Cycle, missing: Audience) -> None:
    changed = attrs.evolve(cycle, audiences=tuple(a for a in Audience if a is not missing))
    [finding] = _of(check_cycle(changed, as_of=AS_OF), "cycle.audiences_reached")
    assert finding.path == "$.audiences"
    assert missing.label("fr") in finding.message


def test_cycle_reaches_the_audiences_it_aims_at(cycle: Cycle) -> None:
    def without_officials(s: Session) -> Session:
        kept = tuple(a for a in s.attendance if a.audience is not Audience.ELECTED_OFFICIALS)
        return attrs.evolve(s, attendance=kept)

    def one_official(s: Session) -> Session:
        if s.kind is not SessionKind.WORKSHOP:
            return without_officials(s)
        return attrs.evolve(
            s, attendance=(Attendance(audience=Audience.ELECTED_OFFICIALS, count=1),)
        )

    none = attrs.evolve(cycle, sessions=tuple(without_officials(s) for s in cycle.sessions))
    [finding] = _of(check_cycle(none, as_of=AS_OF), "cycle.audiences_reached")
    assert finding.message == "aucun participant parmi les élus n'est enregistré"
    one = attrs.evolve(cycle, sessions=tuple(one_official(s) for s in cycle.sessions))
    assert _of(check_cycle(one, as_of=AS_OF), "cycle.audiences_reached") == []


def test_planned_cycle_without_attendance_uses_declared_audiences(cycle: Cycle) -> None:
    planned = attrs.evolve(
        cycle, sessions=tuple(attrs.evolve(s, attendance=()) for s in cycle.sessions)
    )
    assert _of(check_cycle(planned, as_of=AS_OF), "cycle.audiences_reached") == []


def test_cycle_needs_a_public_report_back(cycle: Cycle) -> None:
    changed = _sessions(cycle, lambda s: s.kind is not SessionKind.PUBLIC_REPORT_BACK)
    [finding] = _of(check_cycle(changed, as_of=AS_OF), "cycle.public_report_back")
    assert finding.message == "le cycle ne prévoit pas de restitution publique"


@pytest.mark.parametrize(
    ("day", "found"),
    [
        (dt.date(2025, 12, 13), False),  # its own date: last
        (dt.date(2025, 12, 14), False),  # a workshop the same day as the report-back
        (dt.date(2025, 12, 15), True),  # a workshop after it
    ],
)
def test_public_report_back_comes_last(cycle: Cycle, day: dt.date, found: bool) -> None:
    later = Session(date=day, kind=SessionKind.WORKSHOP, title="Atelier de suivi")
    report_back = attrs.evolve(cycle.sessions[-1], date=dt.date(2025, 12, 14))
    changed = attrs.evolve(cycle, sessions=(*cycle.sessions[:-1], report_back, later))
    findings = _of(check_cycle(changed, as_of=AS_OF), "cycle.public_report_back")
    assert [f.path for f in findings] == (["$.sessions[4]"] if found else [])
    if found:
        assert "n'est pas la dernière séance" in findings[0].message


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (dt.date(2025, 9, 1), True),
        (dt.date(2025, 12, 20), True),
        (dt.date(2025, 8, 31), False),
        (dt.date(2025, 12, 21), False),
    ],
)
def test_sessions_within_the_period(cycle: Cycle, day: dt.date, inside: bool) -> None:
    sessions = (attrs.evolve(cycle.sessions[0], date=day), *cycle.sessions[1:])
    findings = _of(
        check_cycle(attrs.evolve(cycle, sessions=sessions), as_of=AS_OF), "cycle.session_in_period"
    )
    assert [f.path for f in findings] == ([] if inside else ["$.sessions[0].date"])


def test_cycle_produces_action_leads(cycle: Cycle) -> None:
    none = attrs.evolve(
        cycle, sessions=tuple(attrs.evolve(s, action_leads=()) for s in cycle.sessions)
    )
    assert len(_of(check_cycle(none, as_of=AS_OF), "cycle.action_leads")) == 1
    one = attrs.evolve(none, sessions=(*none.sessions[:-1], cycle.sessions[-1]))
    assert _of(check_cycle(one, as_of=AS_OF), "cycle.action_leads") == []


@pytest.mark.parametrize(
    ("end", "found"), [(dt.date(2025, 9, 1), False), (dt.date(2025, 8, 31), True)]
)
def test_cycle_period_order(cycle: Cycle, end: dt.date, found: bool) -> None:
    changed = attrs.evolve(cycle, period=Period(start=dt.date(2025, 9, 1), end=end), sessions=())
    findings = _of(check_cycle(changed, as_of=AS_OF), "cycle.period_order")
    assert len(findings) == int(found)


def test_as_of_defaults_to_today(cycle: Cycle) -> None:
    assert check_cycle(cycle).as_of == dt.date.today()


def test_defi_dataclass_usable_directly() -> None:
    d = Diagnostic(
        id="d",
        title="t",
        qpv_codes=("QP059001",),
        period=Period(start=dt.date(2025, 1, 1)),
        themes=(),
        defis=(Defi(id="x", label="X", themes=("youth",)),),
    )
    report = check_diagnostic(d, as_of=AS_OF)
    assert {f.rule_id for f in report.findings} >= {
        "diagnostic.theme_declared",
        "diagnostic.stages_complete",
        "diagnostic.defis_have_actions",
    }


def test_default_rules_come_from_the_plugins(diagnostic: Diagnostic, cycle: Cycle) -> None:
    from conseils_citoyens.hookspecs import hookimpl
    from conseils_citoyens.plugins import isolated_plugins

    def long_summary(d: Diagnostic, _: object) -> list[Finding]:
        too_long = d.summary is not None and len(d.summary) > 100
        return [local.finding({"fr": "résumé long", "en": "long summary"})] if too_long else []

    local = Rule(
        id="local.short_summary",
        subject="diagnostic",
        source=Source.PRACTICE,
        title={"fr": "résumé court", "en": "short summary"},
        check=long_summary,
    )

    class LocalPlugin:
        @staticmethod
        @hookimpl
        def register_rules(register: Callable[[Rule], None]) -> None:
            register(local)

    with isolated_plugins(LocalPlugin()):
        report = check_diagnostic(diagnostic, as_of=AS_OF)
    assert set(report.rules_applied) == {r.id for r in DIAGNOSTIC_RULES} | {local.id}
    assert [f.rule_id for f in report.findings] == ["local.short_summary"]
    with isolated_plugins():
        assert check_cycle(cycle, as_of=AS_OF).rules_applied == tuple(r.id for r in CYCLE_RULES)


@given(
    start=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    length=st.integers(0, 400),
    day=st.dates(dt.date(2019, 1, 1), dt.date(2032, 12, 31)),
)
def test_stage_in_period_iff_between_both_ends(start: dt.date, length: int, day: dt.date) -> None:
    end = start + dt.timedelta(days=length)
    d = Diagnostic(
        id="d",
        title="t",
        qpv_codes=("QP059001",),
        period=Period(start=start, end=end),
        themes=(),
        stages=(Stage(date=day, kind=StageKind.OTHER, label="x"),),
    )
    rule = next(r for r in DIAGNOSTIC_RULES if r.id == "diagnostic.event_in_period")
    found = list(rule.check(d, CheckContext(as_of=AS_OF)))
    assert bool(found) is not (start <= day <= end)
