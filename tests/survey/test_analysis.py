"""Training-needs analysis: figures checked against hand-computed values."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conseils_citoyens.errors import ValidationError
from conseils_citoyens.survey.analysis import (
    Analysis,
    Hidden,
    analyze,
    answer_problems,
)
from conseils_citoyens.survey.questionnaire.model import (
    Matrix,
    Questionnaire,
    QuestionnaireRef,
    Response,
    Section,
    Text,
)
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.testing import answers_for, questionnaires
from tests.training_fixture import QUESTIONNAIRE, REF, choice, response

ANSWERS = [
    {
        "college": "residents",
        "needs": {"city_policy": "priority", "meeting": "useful", "budget": "trained"},
        "formats": ["workshop", "visit"],
        "priorities": ["a", "b"],
        "years": 1,
        "comment": "  Plus de soirées  ",
    },
    {
        "college": "residents",
        "needs": {"city_policy": "important", "meeting": "none"},
        "formats": ["workshop"],
        "priorities": ["b"],
        "years": 3,
    },
    {
        "college": "residents",
        "needs": {"city_policy": "priority", "meeting": "useful", "budget": "important"},
        "formats": ["online", "other"],
        "formats.other": "Théâtre forum",
        "priorities": ["b", "a"],
        "years": 2,
        "comment": "avoir des documents",
    },
    {
        "college": "actors",
        "needs": {"city_policy": "useful", "meeting": "trained"},
        "formats": ["workshop"],
        "priorities": ["c", "a"],
        "years": 10,
    },
    {
        "college": "actors",
        "needs": {"city_policy": "none", "budget": "priority"},
        "formats": [],
        "priorities": ["a"],
        "years": 4,
    },
    {
        "college": "actors",
        "needs": {"city_policy": "priority", "meeting": "important", "budget": "none"},
        "formats": ["visit"],
        "priorities": ["b", "c"],
    },
]


def _analysis(**kwargs: object) -> Analysis:
    return analyze(QUESTIONNAIRE, [response(a) for a in ANSWERS], **kwargs)  # type: ignore[arg-type]


def _topic(analysis: Analysis, code: str) -> object:
    return next(t for t in analysis.needs[0].topics if t.code == code)


def test_topic_figures_match_hand_computation() -> None:
    result = _analysis()
    needs = result.needs[0]
    assert needs.respondents == 6
    assert [t.code for t in needs.topics] == ["city_policy", "meeting", "budget"]
    city, meeting, budget = needs.topics
    assert city.rank == 1
    assert city.overall.answered == 6
    # 6 people answered: a published set, so every answer count is shown, small or not
    assert {lv.code: lv.count for lv in city.overall.levels} == {
        "none": 1,
        "useful": 1,
        "important": 1,
        "priority": 3,
        "trained": 0,
    }
    assert city.overall.share_high == pytest.approx(4 / 6)
    assert city.overall.mean == pytest.approx(12 / 6)
    assert meeting.rank == 2
    assert meeting.overall.answered == 5
    assert meeting.overall.trained == 1
    assert meeting.overall.share_high == pytest.approx(1 / 5)
    # only 4 answered "budget": that set is too small, its figures are hidden
    assert budget.overall.suppressed
    assert budget.overall.hidden is Hidden.SMALL
    assert budget.rank is None
    # how many answered is a count of the 6 respondents: shown
    assert budget.overall.answered == 4
    assert all(lv.count is None for lv in budget.overall.levels)


def test_exact_figures_with_a_threshold_of_one() -> None:
    topics = {t.code: t for t in _analysis(min_group=1).needs[0].topics}
    city, meeting = topics["city_policy"], topics["meeting"]
    assert {lv.code: lv.count for lv in city.overall.levels} == {
        "none": 1,
        "useful": 1,
        "important": 1,
        "priority": 3,
        "trained": 0,
    }
    assert city.overall.share_high == pytest.approx(4 / 6)
    assert city.overall.mean == pytest.approx(12 / 6)
    assert meeting.overall.trained == 1
    assert meeting.overall.share_high == pytest.approx(1 / 5)
    # trained is out of the mean: (1 + 0 + 1 + 2) / 4
    assert meeting.overall.mean == pytest.approx(1.0)


def test_lower_threshold_shows_the_group_of_four() -> None:
    budget = next(t for t in _analysis(min_group=4).needs[0].topics if t.code == "budget")
    assert not budget.overall.suppressed
    assert budget.overall.answered == 4
    assert budget.rank == 2
    assert budget.overall.share_high == pytest.approx(2 / 4)
    assert budget.overall.mean == pytest.approx(5 / 3)


def test_distributions_rankings_numbers_texts() -> None:
    result = _analysis()
    formats = result.distribution("formats")
    assert formats.multiple
    assert formats.answered == 5
    # 5 people answered: their answers are counted, whatever the count
    assert {c.code: c.count for c in formats.choices} == {
        "workshop": 3,
        "visit": 2,
        "online": 1,
        "other": 1,
    }
    assert formats.choices[0].share == pytest.approx(3 / 5)
    college = result.distribution("college")
    assert {c.code: c.count for c in college.choices} == {"residents": 3, "actors": 3}
    assert [(i.code, i.points, i.first, i.mentions) for i in result.rankings[0].items] == [
        ("b", 7, 3, 4),
        ("a", 6, 2, 4),
        ("c", 3, 1, 2),
    ]
    # nobody answered "constraints": zero everywhere, nothing hidden
    constraints = result.distribution("constraints")
    assert constraints.answered == 0
    assert not constraints.suppressed
    years = next(n for n in result.numbers if n.question_id == "years")
    assert (years.count, years.minimum, years.median, years.maximum) == (5, 1, 3, 10)
    joined = next(n for n in result.numbers if n.question_id == "joined")
    assert joined.count == 0
    assert joined.minimum is None
    # 2 comments only: counted, but their texts are not listed
    comment = next(t for t in result.texts if t.question_id == "comment")
    assert comment.count == 2
    assert comment.texts == ()
    assert comment.withheld is Hidden.SMALL
    exact = _analysis(min_group=1)
    comment = next(t for t in exact.texts if t.question_id == "comment")
    assert comment.texts == ("avoir des documents", "Plus de soirées")
    other = next(t for t in exact.texts if t.question_id == "formats" and t.other)
    assert other.texts == ("Théâtre forum",)


def test_small_distribution_is_hidden_but_its_size_shown() -> None:
    responses = [response({"college": "residents"}) for _ in range(3)]
    responses += [response({"years": 2}) for _ in range(5)]
    result = analyze(QUESTIONNAIRE, responses)
    college = result.distribution("college")
    assert college.suppressed
    assert college.answered == 3
    assert {c.hidden for c in college.choices} == {Hidden.SMALL}


def test_median_of_even_count() -> None:
    answers = [{"years": y} for y in (1, 2, 3, 4, 5, 40)]
    result = analyze(QUESTIONNAIRE, [response(a) for a in answers])
    years = next(n for n in result.numbers if n.question_id == "years")
    assert years.median == pytest.approx(3.5)


def test_result_is_immutable() -> None:
    result = _analysis()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.analysed = 0  # type: ignore[misc]


def test_other_version_is_refused() -> None:
    other = Response(
        questionnaire=QuestionnaireRef(id="besoins", version="2", hash=REF.hash),
        answers={},
        source="forme-12.docx",
    )
    with pytest.raises(ValidationError) as caught:
        analyze(QUESTIONNAIRE, [response({}), other])
    problem = caught.value.problems[0]
    assert problem.code == "analysis.other_questionnaire"
    assert "version 2" in problem.message
    assert "forme-12.docx" in problem.message


def test_same_version_other_content_is_refused() -> None:
    changed = Response(
        questionnaire=QuestionnaireRef(id=REF.id, version=REF.version, hash="sha256:" + "1" * 64),
        answers={},
    )
    with pytest.raises(ValidationError) as caught:
        analyze(QUESTIONNAIRE, [changed])
    assert caught.value.problems[0].code == "analysis.other_content"


def test_many_foreign_responses_are_summarised() -> None:
    foreign = Response(
        questionnaire=QuestionnaireRef(id="x", version="9", hash=REF.hash), answers={}
    )
    with pytest.raises(ValidationError) as caught:
        analyze(QUESTIONNAIRE, [foreign] * 50)
    assert len(caught.value.problems) == 21
    assert "30 autres" in caught.value.problems[-1].message


def test_invalid_responses_are_left_out_and_counted() -> None:
    good = [response(a) for a in ANSWERS]
    bad = [
        response({"needs": {"city_policy": "urgent"}}, token="T-SECRET", source="f1.docx"),
        response({"formats": "workshop"}),
        response({"unknown_question": 1}),
        response({"years": 400}),
        response({"priorities": ["a", "a"]}),
        response({"joined": "31/12/2020"}),
    ]
    result = analyze(QUESTIONNAIRE, good + bad)
    assert result.received == 12
    assert result.analysed == 6
    assert [e.index for e in result.excluded] == [6, 7, 8, 9, 10, 11]
    assert result.excluded[0].source == "f1.docx"
    assert all("T-SECRET" not in p.message for e in result.excluded for p in e.problems)
    # figures are those of the good responses only
    assert result.needs[0].topics[0].overall.answered == 6


def test_answer_problems_messages_in_both_languages() -> None:
    problems = answer_problems(QUESTIONNAIRE, response({"mood": "happy"}))
    assert len(problems) == 1
    assert "inconnu" in problems[0].message_in("fr")
    assert "unknown" in problems[0].message_in("en")


def test_extra_validator_excludes_too() -> None:
    def reject_residents(_q: Questionnaire, r: Response) -> list[object]:
        return ["no"] if r.answers.get("college") == "residents" else []

    result = _analysis(validator=reject_residents)
    assert result.analysed == 3


def test_non_standard_matrix_uses_column_position() -> None:
    questionnaire = Questionnaire(
        id="local",
        version="1",
        title=Text.of("Local"),
        sections=(
            Section(
                id="s",
                title=Text.of("S"),
                questions=(
                    Matrix(
                        id="m",
                        label=Text.of("M"),
                        rows=(choice("x"),),
                        columns=(choice("low"), choice("mid"), choice("high"), choice("trained")),
                    ),
                ),
            ),
        ),
    )
    ref = questionnaire_ref(questionnaire)
    cells = ["low", "mid", "high", "high", "trained"]
    result = analyze(
        questionnaire,
        [Response(questionnaire=ref, answers={"m": {"x": c}}) for c in cells],
        min_group=1,
    )
    topic = result.needs[0].topics[0]
    # scores low=0, mid=1, high=2; trained apart; high levels: mid and high
    assert topic.overall.mean == pytest.approx((0 + 1 + 2 + 2) / 4)
    assert topic.overall.share_high == pytest.approx(3 / 5)
    assert topic.overall.trained == 1


def test_bad_threshold_is_refused() -> None:
    with pytest.raises(ValidationError):
        _analysis(min_group=0)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_questionnaire_is_analysed(data: st.DataObject) -> None:
    questionnaire = data.draw(questionnaires())
    ref = questionnaire_ref(questionnaire)
    answers = data.draw(st.lists(answers_for(questionnaire), max_size=12))
    threshold = data.draw(st.integers(1, 6))
    result = analyze(
        questionnaire,
        [Response(questionnaire=ref, answers=a) for a in answers],
        min_group=threshold,
    )
    assert result.excluded == ()
    assert result.analysed == len(answers)
    aggregated = (
        {m.question_id for m in result.needs}
        | {d.question_id for d in result.distributions}
        | {r.question_id for r in result.rankings}
        | {n.question_id for n in result.numbers}
        | {t.question_id for t in result.texts}
    )
    assert aggregated == {q.id for q in questionnaire.questions()}
    for needs in result.needs:
        for topic in needs.topics:
            figures = topic.overall
            if figures.suppressed:
                assert figures.hidden is not None
                assert all(level.count is None for level in figures.levels)
            else:
                assert figures.answered is not None
                assert figures.answered == 0 or figures.answered >= threshold
                assert sum(level.count or 0 for level in figures.levels) == figures.answered
    for dist in result.distributions:
        if len(answers) < threshold:
            # too few people in all: nothing but how many answered
            assert dist.answered is None or dist.answered == 0
            continue
        assert dist.answered is not None
        if dist.suppressed:
            assert 0 < dist.answered < threshold
        for count in dist.choices:
            assert (count.count is None) == (count.hidden is not None)
            if count.hidden is not None:
                assert dist.suppressed or dist.sensitive
    for text in result.texts:
        if text.texts:
            assert len(text.texts) >= threshold


def test_the_period_spans_the_analysed_responses_only() -> None:
    import datetime as dt
    from typing import Any, cast

    rows = cast("list[dict[str, Any]]", ANSWERS)
    days = [dt.date(2026, 3, 3) + dt.timedelta(days=7 * i) for i in range(len(rows))]
    responses = [attrs.evolve(response(a), saved_on=day) for a, day in zip(rows, days, strict=True)]
    undated = response(rows[0])  # no date: still analysed, the range ignores it
    excluded = attrs.evolve(response({"college": "nobody"}), saved_on=dt.date(2025, 1, 1))
    result = analyze(QUESTIONNAIRE, [*responses, undated, excluded], min_group=1)
    assert len(result.excluded) == 1
    assert result.period == (days[0], days[-1])
    assert analyze(QUESTIONNAIRE, [response(a) for a in rows], min_group=1).period is None
    # Too few people to publish anything: not even when they answered.
    few = analyze(QUESTIONNAIRE, responses[:2], min_group=5)
    assert few.period is None


@pytest.mark.parametrize(
    ("others", "fr", "en"),
    [
        (21, "et 1 autre réponse", "and 1 more response"),
        (22, "et 2 autres réponses", "and 2 more responses"),
    ],
)
def test_responses_left_unlisted_are_counted_in_agreement(others: int, fr: str, en: str) -> None:
    """Twenty are listed; before, one more read « et 1 autres réponses »."""
    other = Response(
        questionnaire=QuestionnaireRef(id="besoins", version="2", hash=REF.hash), answers={}
    )
    with pytest.raises(ValidationError) as caught:
        analyze(QUESTIONNAIRE, [other] * others)
    last = caught.value.problems[-1]
    assert last.message_in("fr") == f"{fr} d'un autre questionnaire ou d'une autre version"
    assert last.message_in("en") == f"{en} to another questionnaire or version"
