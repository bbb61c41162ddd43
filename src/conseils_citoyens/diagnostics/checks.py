"""Checks of shared diagnostics and qualification cycles (a built-in plugin).

No statute governs a diagnostic or a cycle, so no rule here is tagged ``law``.
Our reading, documented in ``docs/diagnostics.md``:

- ``guideline`` (a warning): the document contradicts itself or cannot be
  followed up — a défi tied to an undeclared theme, an action nobody carries
  or without a usable deadline, an event outside the period, a period ending
  before it starts;
- ``practice`` (advice): what field practice recommends (DOMAIN.md) — every
  stage of a diagnostic, a cycle mixing training, street action and workshops
  for residents, technicians and elected officials, producing action leads and
  ending with a public report-back.

Every finding carries the JSON path of the faulty item (``$.defis[1].actions[0]``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from conseils_citoyens.hookspecs import hookimpl
from conseils_citoyens.rules import (
    CheckContext,
    CheckReport,
    Finding,
    Rule,
    Source,
    check_context,
    run_rules,
)

if TYPE_CHECKING:  # the models are imported by the rules that need them (start-up time)
    from conseils_citoyens.diagnostics.cycle import Cycle
    from conseils_citoyens.diagnostics.model import Diagnostic, Period

__all__ = [
    "CYCLE_RULES",
    "DIAGNOSTIC_RULES",
    "check_cycle",
    "check_diagnostic",
    "register_rules",
]


def _rule(
    rule_id: str, subject: str, source: Source, title: Mapping[str, str]
) -> Callable[[Callable[[Rule, Any, CheckContext], Iterator[Finding]]], Rule]:
    """Build a :class:`Rule` from a generator taking the rule itself as first argument."""

    def decorate(function: Callable[[Rule, Any, CheckContext], Iterator[Finding]]) -> Rule:
        def check(subject_: Any, context: CheckContext) -> Iterator[Finding]:
            return function(rule, subject_, context)  # ``rule`` is bound just below

        rule = Rule(id=rule_id, subject=subject, source=source, title=title, check=check)
        return rule

    return decorate


def _fr_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _period_text(period: Period) -> tuple[str, str]:
    if period.end is None:
        return (
            f"la période (depuis le {_fr_date(period.start)})",
            f"the period (from {period.start.isoformat()})",
        )
    return (
        f"la période ({_fr_date(period.start)} – {_fr_date(period.end)})",
        f"the period ({period.start.isoformat()} – {period.end.isoformat()})",
    )


# --- period, shared by both subjects ---------------------------------------------------------


def _period_findings(rule: Rule, period: Period) -> Iterator[Finding]:
    if period.end is not None and period.end < period.start:
        yield rule.finding(
            {
                "fr": f"la période se termine ({_fr_date(period.end)}) avant de commencer ({_fr_date(period.start)})",
                "en": f"the period ends ({period.end.isoformat()}) before it starts ({period.start.isoformat()})",
            },
            path="$.period",
        )


@_rule(
    "diagnostic.period_order",
    "diagnostic",
    Source.GUIDELINE,
    {"fr": "la période commence avant de finir", "en": "the period starts before it ends"},
)
def _diagnostic_period(rule: Rule, d: Diagnostic, _: CheckContext) -> Iterator[Finding]:
    yield from _period_findings(rule, d.period)


@_rule(
    "cycle.period_order",
    "cycle",
    Source.GUIDELINE,
    {"fr": "la période commence avant de finir", "en": "the period starts before it ends"},
)
def _cycle_period(rule: Rule, c: Cycle, _: CheckContext) -> Iterator[Finding]:
    yield from _period_findings(rule, c.period)


# --- diagnostic ------------------------------------------------------------------------------


@_rule(
    "diagnostic.theme_declared",
    "diagnostic",
    Source.GUIDELINE,
    {
        "fr": "les défis, constats et étapes renvoient à des thèmes déclarés",
        "en": "défis, findings and stages refer to declared themes",
    },
)
def _theme_declared(rule: Rule, d: Diagnostic, _: CheckContext) -> Iterator[Finding]:
    declared = {t.id for t in d.themes}
    for i, defi in enumerate(d.defis):
        for j, theme in enumerate(defi.themes):
            if theme not in declared:
                yield rule.finding(
                    {
                        "fr": f"le défi « {defi.label} » renvoie au thème « {theme} », qui n'est pas déclaré dans les thèmes du diagnostic",
                        "en": f"défi '{defi.label}' refers to theme '{theme}', which is not declared among the diagnostic's themes",
                    },
                    path=f"$.defis[{i}].themes[{j}]",
                )
    for i, found in enumerate(d.findings):
        if found.theme not in declared:
            yield rule.finding(
                {
                    "fr": f"des constats portent sur le thème « {found.theme} », qui n'est pas déclaré",
                    "en": f"findings are about theme '{found.theme}', which is not declared",
                },
                path=f"$.findings[{i}].theme",
            )
    for i, stage in enumerate(d.stages):
        for j, theme in enumerate(stage.themes):
            if theme not in declared:
                yield rule.finding(
                    {
                        "fr": f"l'étape « {stage.label} » renvoie au thème « {theme} », qui n'est pas déclaré",
                        "en": f"stage '{stage.label}' refers to theme '{theme}', which is not declared",
                    },
                    path=f"$.stages[{i}].themes[{j}]",
                )


@_rule(
    "diagnostic.action_carrier",
    "diagnostic",
    Source.GUIDELINE,
    {"fr": "chaque action a un porteur", "en": "every action has a carrier"},
)
def _action_carrier(rule: Rule, d: Diagnostic, _: CheckContext) -> Iterator[Finding]:
    for i, defi in enumerate(d.defis):
        for j, action in enumerate(defi.actions):
            if action.carrier is None or not action.carrier.strip():
                yield rule.finding(
                    {
                        "fr": f"l'action « {action.label} » (défi « {defi.label} ») n'a pas de porteur",
                        "en": f"action '{action.label}' (défi '{defi.label}') has no carrier",
                    },
                    path=f"$.defis[{i}].actions[{j}]",
                )


@_rule(
    "diagnostic.action_deadline",
    "diagnostic",
    Source.GUIDELINE,
    {
        "fr": "chaque action a une échéance, pendant ou après la période",
        "en": "every action has a deadline, within or after the period",
    },
)
def _action_deadline(rule: Rule, d: Diagnostic, _: CheckContext) -> Iterator[Finding]:
    for i, defi in enumerate(d.defis):
        for j, action in enumerate(defi.actions):
            if action.deadline is None:
                yield rule.finding(
                    {
                        "fr": f"l'action « {action.label} » (défi « {defi.label} ») n'a pas d'échéance",
                        "en": f"action '{action.label}' (défi '{defi.label}') has no deadline",
                    },
                    path=f"$.defis[{i}].actions[{j}]",
                )
            elif action.deadline < d.period.start:
                yield rule.finding(
                    {
                        "fr": f"l'échéance de l'action « {action.label} » ({_fr_date(action.deadline)}) précède le début du diagnostic ({_fr_date(d.period.start)})",
                        "en": f"the deadline of action '{action.label}' ({action.deadline.isoformat()}) is before the diagnostic starts ({d.period.start.isoformat()})",
                    },
                    path=f"$.defis[{i}].actions[{j}].deadline",
                )


@_rule(
    "diagnostic.event_in_period",
    "diagnostic",
    Source.GUIDELINE,
    {"fr": "les étapes ont lieu pendant la période", "en": "stages take place within the period"},
)
def _event_in_period(rule: Rule, d: Diagnostic, _: CheckContext) -> Iterator[Finding]:
    period_fr, period_en = _period_text(d.period)
    for i, stage in enumerate(d.stages):
        if not d.period.contains(stage.date):
            yield rule.finding(
                {
                    "fr": f"l'étape « {stage.label} » du {_fr_date(stage.date)} est en dehors de {period_fr}",
                    "en": f"stage '{stage.label}' on {stage.date.isoformat()} is outside {period_en}",
                },
                path=f"$.stages[{i}].date",
            )


@_rule(
    "diagnostic.stages_complete",
    "diagnostic",
    Source.PRACTICE,
    {
        "fr": "toutes les étapes d'un diagnostic partagé sont présentes",
        "en": "every stage of a shared diagnostic is present",
    },
)
def _stages_complete(rule: Rule, d: Diagnostic, _: CheckContext) -> Iterator[Finding]:
    from conseils_citoyens.diagnostics.model import PRACTICE_STAGES

    present = {stage.kind for stage in d.stages}
    for kind in PRACTICE_STAGES:
        if kind not in present:
            yield rule.finding(
                {
                    "fr": f"étape manquante : {kind.label('fr')}",
                    "en": f"missing stage: {kind.label('en')}",
                },
                path="$.stages",
            )


@_rule(
    "diagnostic.defis_have_actions",
    "diagnostic",
    Source.PRACTICE,
    {
        "fr": "le diagnostic aboutit à des défis assortis d'actions",
        "en": "the diagnostic ends with défis and their actions",
    },
)
def _defis_have_actions(rule: Rule, d: Diagnostic, _: CheckContext) -> Iterator[Finding]:
    if not d.defis:
        yield rule.finding(
            {"fr": "aucun défi n'est retenu", "en": "no défi is recorded"}, path="$.defis"
        )
    for i, defi in enumerate(d.defis):
        if not defi.actions:
            yield rule.finding(
                {
                    "fr": f"le défi « {defi.label} » n'a aucune action",
                    "en": f"défi '{defi.label}' has no action",
                },
                path=f"$.defis[{i}].actions",
            )


# --- cycle -----------------------------------------------------------------------------------


@_rule(
    "cycle.session_in_period",
    "cycle",
    Source.GUIDELINE,
    {
        "fr": "les séances ont lieu pendant la période",
        "en": "sessions take place within the period",
    },
)
def _session_in_period(rule: Rule, c: Cycle, _: CheckContext) -> Iterator[Finding]:
    period_fr, period_en = _period_text(c.period)
    for i, session in enumerate(c.sessions):
        if not c.period.contains(session.date):
            yield rule.finding(
                {
                    "fr": f"la séance « {session.title} » du {_fr_date(session.date)} est en dehors de {period_fr}",
                    "en": f"session '{session.title}' on {session.date.isoformat()} is outside {period_en}",
                },
                path=f"$.sessions[{i}].date",
            )


@_rule(
    "cycle.formats_mixed",
    "cycle",
    Source.PRACTICE,
    {
        "fr": "le cycle mêle formation, action dans la rue et ateliers",
        "en": "the cycle mixes training, street action and workshops",
    },
)
def _formats_mixed(rule: Rule, c: Cycle, _: CheckContext) -> Iterator[Finding]:
    from conseils_citoyens.diagnostics.cycle import CYCLE_FORMATS

    present = {s.kind for s in c.sessions}
    for kind in CYCLE_FORMATS:
        if kind not in present:
            yield rule.finding(
                {
                    "fr": f"format absent du cycle : {kind.label('fr')}",
                    "en": f"format missing from the cycle: {kind.label('en')}",
                },
                path="$.sessions",
            )


@_rule(
    "cycle.audiences_reached",
    "cycle",
    Source.PRACTICE,
    {
        "fr": "le cycle réunit habitants, techniciens et élus",
        "en": "the cycle brings residents, technicians and elected officials together",
    },
)
def _audiences_reached(rule: Rule, c: Cycle, _: CheckContext) -> Iterator[Finding]:
    from conseils_citoyens.diagnostics.cycle import Audience

    recorded = any(s.attendance for s in c.sessions)
    for audience in Audience:
        if audience not in c.audiences:
            yield rule.finding(
                {
                    "fr": f"le cycle ne s'adresse pas aux {audience.label('fr')}",
                    "en": f"the cycle is not aimed at {audience.label('en')}",
                },
                path="$.audiences",
            )
        elif recorded and c.total_attendance(audience) == 0:
            yield rule.finding(
                {
                    "fr": f"aucun participant parmi les {audience.label('fr')} n'est enregistré",
                    "en": f"no attendance recorded for {audience.label('en')}",
                },
                path="$.sessions",
            )


@_rule(
    "cycle.public_report_back",
    "cycle",
    Source.PRACTICE,
    {
        "fr": "le cycle se termine par une restitution publique",
        "en": "the cycle ends with a public report-back",
    },
)
def _public_report_back(rule: Rule, c: Cycle, _: CheckContext) -> Iterator[Finding]:
    from conseils_citoyens.diagnostics.cycle import SessionKind

    indexed = [(i, s) for i, s in enumerate(c.sessions) if s.kind is SessionKind.PUBLIC_REPORT_BACK]
    if not indexed:
        yield rule.finding(
            {
                "fr": "le cycle ne prévoit pas de restitution publique",
                "en": "the cycle has no public report-back",
            },
            path="$.sessions",
        )
        return
    last_day = max(s.date for s in c.sessions)
    if all(s.date < last_day for _, s in indexed):
        i, session = max(indexed, key=lambda pair: pair[1].date)
        yield rule.finding(
            {
                "fr": f"la restitution publique « {session.title} » ({_fr_date(session.date)}) n'est pas la dernière séance du cycle ({_fr_date(last_day)})",
                "en": f"public report-back '{session.title}' ({session.date.isoformat()}) is not the cycle's last session ({last_day.isoformat()})",
            },
            path=f"$.sessions[{i}]",
        )


@_rule(
    "cycle.action_leads",
    "cycle",
    Source.PRACTICE,
    {
        "fr": "le cycle produit des pistes d'action pour le quartier",
        "en": "the cycle produces action leads for the neighbourhood",
    },
)
def _action_leads(rule: Rule, c: Cycle, _: CheckContext) -> Iterator[Finding]:
    if not c.action_leads:
        yield rule.finding(
            {
                "fr": "aucune piste d'action n'est enregistrée",
                "en": "no action lead is recorded",
            },
            path="$.sessions",
        )


#: Built-in rules on shared diagnostics.
DIAGNOSTIC_RULES: tuple[Rule, ...] = (
    _diagnostic_period,
    _theme_declared,
    _action_carrier,
    _action_deadline,
    _event_in_period,
    _stages_complete,
    _defis_have_actions,
)

#: Built-in rules on qualification cycles.
CYCLE_RULES: tuple[Rule, ...] = (
    _cycle_period,
    _session_in_period,
    _formats_mixed,
    _audiences_reached,
    _public_report_back,
    _action_leads,
)


def _plugin_rules(subject: str) -> tuple[Rule, ...]:
    from conseils_citoyens.plugins import get_plugins

    return tuple(get_plugins().rules(subject))


def check_diagnostic(
    diagnostic: Diagnostic,
    *,
    as_of: dt.date | None = None,
    options: Mapping[str, Any] | None = None,
    rules: Iterable[Rule] | None = None,
) -> CheckReport:
    """Check a shared diagnostic as of ``as_of`` (default: today).

    ``rules`` defaults to the diagnostic rules of the plugins in use
    (:func:`~conseils_citoyens.plugins.get_plugins`: :data:`DIAGNOSTIC_RULES`
    plus those of installed plugins); rules of other subjects are ignored.
    """
    from conseils_citoyens.diagnostics.model import Diagnostic

    context = check_context(diagnostic, Diagnostic, as_of, options)
    chosen = _plugin_rules("diagnostic") if rules is None else tuple(rules)
    selected = [r for r in chosen if r.subject == "diagnostic"]
    return run_rules(diagnostic, diagnostic.id, selected, context)


def check_cycle(
    cycle: Cycle,
    *,
    as_of: dt.date | None = None,
    options: Mapping[str, Any] | None = None,
    rules: Iterable[Rule] | None = None,
) -> CheckReport:
    """Check a qualification cycle as of ``as_of`` (default: today).

    ``rules`` defaults to the cycle rules of the plugins in use (:data:`CYCLE_RULES`
    plus those of installed plugins); rules of other subjects are ignored.
    """
    from conseils_citoyens.diagnostics.cycle import Cycle

    context = check_context(cycle, Cycle, as_of, options)
    chosen = _plugin_rules("cycle") if rules is None else tuple(rules)
    selected = [r for r in chosen if r.subject == "cycle"]
    return run_rules(cycle, cycle.id, selected, context)


@hookimpl
def register_rules(register: Callable[[Rule], None]) -> None:
    """Register the diagnostic and cycle rules."""
    for rule in (*DIAGNOSTIC_RULES, *CYCLE_RULES):
        register(rule)
