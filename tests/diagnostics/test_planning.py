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
from conseils_citoyens.diagnostics.planning import plan_cycle
from conseils_citoyens.documents import convert
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
    assert cycle.sessions[2].notions == ("Budget et financements",)
    assert cycle.audiences == tuple(Audience)
    assert "Politique de la ville (83 %)" in (cycle.summary or "")
    assert "30 réponses analysées" in (cycle.summary or "")


def test_dates_spread_over_the_period_ending_with_the_report_back() -> None:
    cycle = _plan(topics=3)
    dates = [s.date for s in cycle.sessions]
    assert dates[0] == PERIOD.start
    assert dates[-1] == PERIOD.end
    assert dates == sorted(dates)
    assert cycle.sessions[-1].kind is SessionKind.PUBLIC_REPORT_BACK


def test_a_plan_is_valid_and_passes_the_checks_but_for_action_leads() -> None:
    cycle = _plan(topics=3)
    assert convert.load(convert.dump(cycle), Cycle) == cycle
    report = check_cycle(cycle, as_of=dt.date(2026, 1, 1))
    assert [f.rule_id for f in report.findings] == ["cycle.action_leads"]


def test_one_topic_still_mixes_three_formats() -> None:
    cycle = _plan(topics=1)
    assert {s.kind for s in cycle.sessions} == set(SessionKind)
    assert _plan(topics=1, min_share=0.6).sessions[0].notions == ("Politique de la ville",)


def test_min_share_filters_topics() -> None:
    trainings = [
        s for s in _plan(topics=3, min_share=0.4).sessions if s.kind is SessionKind.TRAINING
    ]
    assert [s.notions[0] for s in trainings] == ["Politique de la ville", "Budget et financements"]


def test_suppressed_figures_are_never_used() -> None:
    with pytest.raises(ValidationError) as caught:
        _plan(min_group=31)
    assert caught.value.problems[0].code == "plan.no_topic"


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
    period = Period(start=start, end=start + dt.timedelta(days=length))
    cycle = plan_cycle(
        _ANALYSIS, cycle_id="p", title="P", qpv_codes=("QN05945M",), period=period, topics=topics
    )
    dates = [s.date for s in cycle.sessions]
    assert dates == sorted(dates)
    assert dates[0] == period.start
    assert dates[-1] == period.end
    assert cycle.sessions[-1].kind is SessionKind.PUBLIC_REPORT_BACK
    report = check_cycle(cycle, as_of=start)
    assert {f.rule_id for f in report.findings} == {"cycle.action_leads"}
