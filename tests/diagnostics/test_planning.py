"""Planning a qualification cycle from a training-needs analysis."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conseils_citoyens.diagnostics.checks import check_cycle
from conseils_citoyens.diagnostics.cycle import Audience, Cycle, SessionKind
from conseils_citoyens.diagnostics.model import Period
from conseils_citoyens.diagnostics.planning import plan_cycle, standard_topic_notions
from conseils_citoyens.documents import convert, schemas
from conseils_citoyens.errors import ValidationError
from conseils_citoyens.survey.analysis import analyze
from tests.training_fixture import QUESTIONNAIRE, response

PERIOD = Period(start=dt.date(2026, 3, 2), end=dt.date(2026, 6, 27))


def _needs(*rows: dict[str, str]) -> list[Any]:
    return [response({"needs": row}) for row in rows]


# city_policy: 5/6 high; budget: 3/6 high; meeting: 1/6 high; five times each, so
# that no count of people is below the privacy threshold and the shares are shown
RESPONSES = 5 * _needs(
    {"city_policy": "priority", "meeting": "useful", "budget": "important"},
    {"city_policy": "priority", "meeting": "none", "budget": "priority"},
    {"city_policy": "important", "meeting": "useful", "budget": "important"},
    {"city_policy": "important", "meeting": "important", "budget": "useful"},
    {"city_policy": "priority", "meeting": "useful", "budget": "none"},
    {"city_policy": "useful", "meeting": "trained", "budget": "trained"},
)


def _plan(responses: list[Any] = RESPONSES, **kwargs: Any) -> Cycle:
    analysis = analyze(QUESTIONNAIRE, responses, min_group=kwargs.pop("min_group", 5))
    options: dict[str, Any] = {
        "cycle_id": "plan-1",
        "title": "Cycle proposé",
        "qpv_codes": ("QN05945M",),
        "period": PERIOD,
    }
    options.update(kwargs)
    return plan_cycle(analysis, **options)


def test_topics_are_chosen_by_need_and_formats_mixed() -> None:
    cycle = _plan(topics=2)
    kinds = [s.kind for s in cycle.sessions]
    assert kinds == [
        SessionKind.TRAINING,
        SessionKind.STREET_ACTION,
        SessionKind.TRAINING,
        SessionKind.WORKSHOP,
        SessionKind.PUBLIC_REPORT_BACK,
    ]
    assert cycle.sessions[0].title == "Formation : Politique de la ville"
    # a local topic has no description: its notions are left to fill in, never the title
    assert cycle.sessions[0].notions == ()
    # "budget" is also a standard topic code: its description gives the notions
    assert cycle.sessions[2].notions == standard_topic_notions()["budget"]
    assert cycle.sessions[2].notions[0] == "lire un budget simple"
    assert cycle.audiences == tuple(Audience)
    assert "Politique de la ville (83\u00a0%)" in (cycle.summary or "")
    assert "30 réponses analysées" in (cycle.summary or "")


def test_dates_spread_over_the_period_ending_with_the_report_back() -> None:
    cycle = _plan(topics=3)
    dates = [s.date for s in cycle.sessions]
    # no availability question answered: weekday evenings (Tuesday, Thursday), 18 h 30
    assert all(d.weekday() in (1, 3) for d in dates)
    assert {(s.start_time, s.end_time) for s in cycle.sessions} == {
        (dt.time(18, 30), dt.time(20, 30))
    }
    assert dates[0] - PERIOD.start < dt.timedelta(days=7)
    assert PERIOD.end is not None
    assert PERIOD.end - dates[-1] < dt.timedelta(days=7)
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)
    assert cycle.sessions[-1].kind is SessionKind.PUBLIC_REPORT_BACK
    assert "ne dit pas quels créneaux" in (cycle.summary or "")


def test_a_plan_is_valid_and_passes_the_checks_but_for_action_leads() -> None:
    cycle = _plan(topics=3)
    assert convert.load(convert.dump(cycle), Cycle) == cycle
    report = check_cycle(cycle, as_of=dt.date(2026, 1, 1))
    assert [f.rule_id for f in report.findings] == ["cycle.action_leads"]


def test_one_topic_still_mixes_three_formats() -> None:
    cycle = _plan(topics=1)
    assert {s.kind for s in cycle.sessions} == set(SessionKind)
    notions = {"city_policy": ["les quartiers prioritaires", "les contrats de ville"]}
    cycle = _plan(topics=1, min_share=0.6, topic_notions=notions)
    assert cycle.sessions[0].notions == ("les quartiers prioritaires", "les contrats de ville")
    assert cycle.sessions[-1].notions == ()


def test_min_share_filters_topics() -> None:
    trainings = [
        s for s in _plan(topics=3, min_share=0.4).sessions if s.kind is SessionKind.TRAINING
    ]
    assert [s.title for s in trainings] == [
        "Formation : Politique de la ville",
        "Formation : Budget et financements",
    ]


def test_suppressed_figures_are_never_used() -> None:
    with pytest.raises(ValidationError) as caught:
        _plan(min_group=31)
    assert caught.value.problems[0].code == "plan.no_topic"
    # says why: too few people, not « figures hidden or no need »
    assert "les chiffres de tous les thèmes sont masqués (moins de 31 personnes" in str(
        caught.value
    )
    assert "every topic's figures are hidden (fewer than 31 people" in (
        caught.value.problems[0].message_in("en")
    )


def test_no_strong_need_is_told_apart_from_hidden_figures() -> None:
    with pytest.raises(ValidationError) as caught:
        _plan(min_share=0.99)
    message = caught.value.problems[0].message_in("fr")
    assert "aucun n'est jugé important ou prioritaire par plus de 99\u00a0% des répondants" in (
        message
    )
    assert "masqués" not in message


def test_no_need_at_all_is_refused() -> None:
    calm = _needs(*[{"city_policy": "none", "meeting": "useful"}] * 6)
    with pytest.raises(ValidationError, match="aucun thème"):
        _plan(calm)


@pytest.mark.parametrize(
    "period",
    [Period(start=dt.date(2026, 3, 2)), Period(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 1))],
)
def test_period_needs_an_end_after_its_start(period: Period) -> None:
    with pytest.raises(ValidationError) as caught:
        _plan(period=period)
    assert caught.value.problems[0].path == "$.period"


def test_topics_at_least_one() -> None:
    with pytest.raises(ValidationError):
        _plan(topics=0)


def test_english_plan() -> None:
    cycle = _plan(topics=1, lang="en")
    assert cycle.sessions[-1].title == "Public report-back of the action leads"
    assert cycle.sessions[0].title.startswith("Training: ")


_ANALYSIS = analyze(QUESTIONNAIRE, RESPONSES, min_group=5)


@settings(max_examples=50)
@given(
    start=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    length=st.integers(0, 500),
    topics=st.integers(1, 5),
)
def test_sessions_always_fit_the_period(start: dt.date, length: int, topics: int) -> None:
    end = start + dt.timedelta(days=length)
    period = Period(start=start, end=end)
    code = "QN05945M" if start >= dt.date(2024, 1, 1) else "QP059034"
    cycle: Cycle | None
    try:
        cycle = plan_cycle(
            _ANALYSIS, cycle_id="p", title="P", qpv_codes=(code,), period=period, topics=topics
        )
    except ValidationError as exc:
        # a period too short for the sessions, or a code not valid all along: said, never wrong
        codes = {p.code for p in exc.problems}
        cycle = None
    else:
        codes = set()
    if cycle is None:
        assert codes
        assert codes <= {"plan.period_too_short", "plan.qpv_expired"}
        return
    dates = [s.date for s in cycle.sessions]
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)
    assert period.start <= dates[0]
    assert dates[-1] <= end
    assert not set(dates) & set(_public_holidays(start.year, start.year + 2))
    assert cycle.sessions[-1].kind is SessionKind.PUBLIC_REPORT_BACK
    report = check_cycle(cycle, as_of=start)
    assert {f.rule_id for f in report.findings} == {"cycle.action_leads"}
    schemas.validate("cycle", convert.dump(cycle))


def _easter(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm): an oracle independent of `holidays`."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _public_holidays(first: int, last: int) -> list[dt.date]:
    """The eleven national public holidays of France (Code du travail, L3133-1)."""
    days = []
    for year in range(first, last + 1):
        easter = _easter(year)
        days += [dt.date(year, m, d) for m, d in ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15))]
        days += [dt.date(year, m, d) for m, d in ((11, 1), (11, 11), (12, 25))]
        days += [easter + dt.timedelta(days=n) for n in (1, 39, 50)]
    return days


def test_the_holiday_oracle_agrees_with_the_law_for_2026() -> None:
    assert dt.date(2026, 4, 6) in _public_holidays(2026, 2026)  # Easter Monday
    assert dt.date(2026, 5, 14) in _public_holidays(2026, 2026)  # Ascension
    assert dt.date(2026, 5, 25) in _public_holidays(2026, 2026)  # Whit Monday


# --- the survey decides slots, formats and needs --------------------------------------------

SLOTTED = 5 * [
    response(
        {
            "needs": {"city_policy": "priority", "budget": "important"},
            "availability": ["saturday"],
            "formats": ["workshop"],
            "constraints": ["childcare"],
        }
    ),
    response(
        {
            "needs": {"city_policy": "important", "budget": "priority"},
            "availability": ["saturday", "evening"],
            "formats": ["workshop", "visit"],
            "constraints": ["childcare", "accessibility"],
        }
    ),
    response(
        {
            "needs": {"city_policy": "priority", "budget": "useful"},
            "availability": ["evening"],
            "formats": ["visit"],
        }
    ),
    response(
        {"needs": {"city_policy": "useful", "budget": "important"}, "availability": ["saturday"]}
    ),
]


def test_sessions_go_on_the_most_chosen_slot_with_hours() -> None:
    cycle = _plan(SLOTTED, topics=2)
    saturdays = [s for s in cycle.sessions if s.date.weekday() == 5]
    evenings = [s for s in cycle.sessions if s.date.weekday() in (1, 3)]
    assert len(saturdays) * 2 >= len(cycle.sessions)
    assert evenings  # the second slot, chosen by 10 of 20 (half as many as Saturday's 15)
    assert len(saturdays) + len(evenings) == len(cycle.sessions)
    assert {(s.start_time, s.end_time) for s in saturdays} == {(dt.time(10), dt.time(12))}
    assert {(s.start_time, s.end_time) for s in evenings} == {(dt.time(18, 30), dt.time(20, 30))}
    assert cycle.sessions[-1].date.weekday() == 5  # the report-back on the most chosen slot
    assert "Le samedi (75\u00a0%)" in (cycle.summary or "")


def test_slot_times_are_configurable() -> None:
    from conseils_citoyens.diagnostics.planning import SlotTimes

    times = {"saturday": SlotTimes(weekdays=(4,), start=dt.time(9, 30), end=dt.time(11))}
    cycle = _plan(SLOTTED, topics=1, slot_times=times)
    assert all(s.date.weekday() == 4 for s in cycle.sessions)
    assert {s.start_time for s in cycle.sessions} == {dt.time(9, 30)}


def test_training_formats_and_practical_needs_come_from_the_answers() -> None:
    cycle = _plan(SLOTTED, topics=2)
    approaches = [s.approach for s in cycle.sessions if s.kind is SessionKind.TRAINING]
    assert approaches == ["Atelier", "Visite"]  # most chosen first (10 and 10: order of the form)
    # childcare is sensitive and all 10 who answered chose it: hidden, so only said to be hidden
    assert cycle.practical_needs[0].startswith("Accessibilité : 5 personnes")
    childcare = [n for n in cycle.practical_needs if n.startswith("Garde d'enfants")]
    assert childcare == [
        "Garde d'enfants : chiffre masqué pour protéger l'anonymat "
        "(seuil de 5 personnes) ; à prévoir par précaution"
    ]
    assert not any("Transport" in n for n in cycle.practical_needs)  # chosen by no one


def test_never_on_a_public_holiday_nor_in_school_holidays() -> None:
    # Easter Monday 2026 (6 April) is the Monday of zone B's spring break (11-26 April)
    period = Period(start=dt.date(2026, 3, 30), end=dt.date(2026, 5, 30))
    from conseils_citoyens.diagnostics.planning import SlotTimes

    every_day = SlotTimes(weekdays=(0, 1, 2, 3, 4, 5), start=dt.time(10), end=dt.time(12))
    times = {"saturday": every_day}
    cycle = _plan(SLOTTED, topics=3, period=period, slot_times=times, school_zone="B")
    dates = {s.date for s in cycle.sessions}
    assert not dates & set(_public_holidays(2026, 2026))
    spring_break = {dt.date(2026, 4, 11) + dt.timedelta(days=n) for n in range(16)}
    assert not dates & spring_break
    assert "vacances scolaires de la zone B" in (cycle.summary or "")


def test_local_public_holidays_of_alsace_moselle_are_avoided() -> None:
    from conseils_citoyens.diagnostics.planning import SlotTimes

    # Good Friday (3 April 2026) is a public holiday in Moselle only
    period = Period(start=dt.date(2026, 4, 3), end=dt.date(2026, 5, 22))
    friday = {"saturday": SlotTimes(weekdays=(4,), start=dt.time(10), end=dt.time(12))}
    moselle = _plan(SLOTTED, topics=1, period=period, slot_times=friday, qpv_codes=("QN05701M",))
    assert dt.date(2026, 4, 3) not in {s.date for s in moselle.sessions}
    nord = _plan(SLOTTED, topics=1, period=period, slot_times=friday)
    assert nord.sessions[0].date == dt.date(2026, 4, 3)


def test_too_short_a_period_is_said() -> None:
    with pytest.raises(ValidationError) as caught:
        _plan(SLOTTED, topics=3, period=Period(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 20)))
    assert caught.value.problems[0].code == "plan.period_too_short"
    assert "trop courte" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("code", "expected"),
    [("XX", "plan.qpv_invalid"), ("QP059034", "plan.qpv_expired"), ("QN05945", "plan.qpv_invalid")],
)
def test_qpv_codes_must_be_valid_at_the_cycle_dates(code: str, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _plan(qpv_codes=(code,))
    assert [p.code for p in caught.value.problems] == [expected]


def test_a_2024_code_is_not_valid_before_2024() -> None:
    period = Period(start=dt.date(2023, 10, 2), end=dt.date(2024, 3, 1))
    with pytest.raises(ValidationError, match="à partir du 01/01/2024"):
        _plan(period=period)


def test_a_plan_from_the_demo_survey_follows_the_answers() -> None:
    """The demo's 40 simulated respondents, analysed as the demo does."""
    from conseils_citoyens.demo import data_files
    from conseils_citoyens.demo.simulate import Simulator
    from conseils_citoyens.plugins import isolated_plugins
    from conseils_citoyens.survey.questionnaire.model import Response
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
    from conseils_citoyens.survey.workflow import build_questionnaire

    with isolated_plugins():
        questionnaire = build_questionnaire(overlay=data_files()["adaptation-locale.json"])
    simulator = Simulator(questionnaire, seed=2026)
    ref = questionnaire_ref(questionnaire)
    responses = [Response(questionnaire=ref, answers=simulator.answers()) for _ in range(40)]
    analysis = analyze(questionnaire, responses)
    period = Period(start=dt.date(2026, 1, 12), end=dt.date(2026, 6, 30))
    cycle = plan_cycle(
        analysis,
        cycle_id="demo",
        title="Cycle",
        qpv_codes=("QN05921M",),
        period=period,
        school_zone="B",
    )
    availability = analysis.distribution("disponibilites")
    top = max(availability.choices, key=lambda c: c.count or 0)
    weekday = {"samedi": 5, "mercredi": 2}.get(top.code)
    on_top = [s for s in cycle.sessions if weekday is None or s.date.weekday() == weekday]
    assert len(on_top) * 2 >= len(cycle.sessions)
    assert not {s.date for s in cycle.sessions} & set(_public_holidays(2026, 2026))
    schemas.validate("cycle", convert.dump(cycle))
    assert cycle.practical_needs
    assert all(s.notions for s in cycle.sessions if s.kind is not SessionKind.PUBLIC_REPORT_BACK)
    for session in cycle.sessions:
        assert session.title.split(" : ", 1)[-1] not in session.notions
    # the same trainings, in the same order, as the report's page « À retenir »
    from conseils_citoyens.diagnostics.planning import priorities

    trainings = [s.title for s in cycle.sessions if s.kind is SessionKind.TRAINING]
    first = [f"Formation : {p.topic.label.get('fr')}" for p in priorities(analysis, 3)]
    assert trainings == first
