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
    NeedFigures,
    analyze,
    answer_problems,
    complementary_suppression,
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
    # every level counts fewer than 5 people: hidden, and so are the share and the mean
    assert {lv.code: lv.count for lv in city.overall.levels} == {
        "none": None,
        "useful": None,
        "important": None,
        "priority": None,
        "trained": 0,
    }
    assert {lv.hidden for lv in city.overall.levels if lv.code != "trained"} == {Hidden.SMALL}
    assert city.overall.share_high is None
    assert city.overall.share_hidden
    assert city.overall.mean is None
    assert city.overall.mean_hidden
    assert meeting.rank == 2
    assert meeting.overall.answered == 5
    assert meeting.overall.trained is None
    assert meeting.overall.share_high is None
    # only 4 answered "budget": suppressed at the default threshold of 5
    assert budget.overall.suppressed
    assert budget.rank is None
    assert budget.overall.answered is None
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


def _levels(counts: dict[str, int]) -> list[Response]:
    return [
        response({"needs": {"city_policy": level}})
        for level, count in counts.items()
        for _ in range(count)
    ]


def test_one_small_level_hides_a_complement_and_the_mean() -> None:
    result = analyze(
        QUESTIONNAIRE, _levels({"none": 6, "useful": 7, "important": 3, "priority": 9})
    )
    city = result.needs[0].topics[0]
    levels = {lv.code: (lv.count, lv.hidden) for lv in city.overall.levels}
    # the share (12 of 25 rate it high) is the total of important and priority:
    # with priority shown, 12 - 9 would give important back, so priority is the complement
    assert levels == {
        "none": (6, None),
        "useful": (7, None),
        "important": (None, Hidden.SMALL),
        "priority": (None, Hidden.COMPLEMENTARY),
        "trained": (0, None),
    }
    assert city.overall.share_high == pytest.approx(12 / 25)
    assert city.overall.mean is None
    assert city.overall.mean_hidden
    assert city.overall.mean_why is Hidden.DERIVED
    assert result.suppressed_any


def test_lower_threshold_shows_the_group_of_four() -> None:
    budget = next(t for t in _analysis(min_group=4).needs[0].topics if t.code == "budget")
    assert not budget.overall.suppressed
    assert budget.overall.answered == 4
    assert budget.rank == 2
    budget = next(t for t in _analysis(min_group=1).needs[0].topics if t.code == "budget")
    assert budget.overall.share_high == pytest.approx(2 / 4)
    assert budget.overall.mean == pytest.approx(5 / 3)


def test_distributions_rankings_numbers_texts() -> None:
    result = _analysis()
    formats = result.distribution("formats")
    assert formats.multiple
    assert formats.answered == 5
    # every choice was made by fewer than 5 people: hidden, with its share
    assert {c.code: c.count for c in formats.choices} == dict.fromkeys(
        ("workshop", "visit", "online", "other")
    )
    assert formats.choices[0].share is None
    assert formats.choices[0].hidden is Hidden.SMALL
    college = result.distribution("college")
    assert {c.code: c.count for c in college.choices} == {"residents": None, "actors": None}
    exact = _analysis(min_group=1)
    assert {c.code: c.count for c in exact.distribution("formats").choices} == {
        "workshop": 3,
        "visit": 2,
        "online": 1,
        "other": 1,
    }
    assert exact.distribution("formats").choices[0].share == pytest.approx(3 / 5)
    assert [(i.code, i.points, i.first, i.mentions) for i in exact.rankings[0].items] == [
        ("b", 7, 3, 4),
        ("a", 6, 2, 4),
        ("c", 3, 1, 2),
    ]
    # only 0 answered "constraints": suppressed, not a misleading zero
    assert result.distribution("constraints").suppressed
    ranking = result.rankings[0]
    # same order, every count below 5 hidden
    assert [(i.code, i.points, i.first, i.mentions) for i in ranking.items] == [
        ("b", None, None, None),
        ("a", None, None, None),
        ("c", None, None, None),
    ]
    years = next(n for n in result.numbers if n.question_id == "years")
    assert (years.count, years.minimum, years.median, years.maximum) == (5, 1, 3, 10)
    joined = next(n for n in result.numbers if n.question_id == "joined")
    assert joined.suppressed
    comment = next(t for t in result.texts if t.question_id == "comment")
    assert comment.count == 2
    assert comment.texts == ("avoir des documents", "Plus de soirées")
    other = next(t for t in result.texts if t.question_id == "formats" and t.other)
    assert other.texts == ("Théâtre forum",)


def test_median_of_even_count() -> None:
    answers = [{"years": y} for y in (1, 2, 3, 4, 5, 40)]
    result = analyze(QUESTIONNAIRE, [response(a) for a in answers])
    years = next(n for n in result.numbers if n.question_id == "years")
    assert years.median == pytest.approx(3.5)


def test_result_is_immutable() -> None:
    result = _analysis()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.analysed = 0  # type: ignore[misc]


def _college_responses(residents: int, actors: int, others: int = 0) -> list[Response]:
    groups = [("residents", residents), ("actors", actors), (None, others)]
    result = []
    for college, size in groups:
        for _ in range(size):
            answers: dict[str, object] = {"needs": {"city_policy": "priority"}}
            if college:
                answers["college"] = college
            result.append(response(answers))
    return result


def test_group_of_five_shown_group_of_four_suppressed_with_complement() -> None:
    result = analyze(QUESTIONNAIRE, _college_responses(9, 4, 6), by="college")
    assert result.breakdown is not None
    groups = {g.key: g for g in result.breakdown.groups}
    assert groups["actors"].suppressed
    assert groups["actors"].size is None
    assert groups["actors"].hidden is Hidden.SMALL
    # the next smallest group (not stated, 6) is suppressed too: 19 - 9 would reveal 4
    assert groups[""].suppressed
    assert groups[""].hidden is Hidden.COMPLEMENTARY
    # and residents too: the distribution of the college question (9 + 4 = 13
    # answered) hides it as the complement of actors
    assert groups["residents"].hidden is Hidden.COMPLEMENTARY
    city = result.needs[0].topics[0]
    figures = {g.group: g.figures for g in city.groups}
    assert figures["actors"].suppressed
    assert figures[""].suppressed
    assert figures["residents"].suppressed
    assert city.overall.answered == 19

    by_council = analyze(
        QUESTIONNAIRE,
        [response({"needs": {"city_policy": "priority"}}, council=c) for c in "a" * 9 + "b" * 4],
        by="council",
    )
    assert by_council.breakdown is not None
    assert [(g.size, g.hidden) for g in by_council.breakdown.groups] == [
        (None, Hidden.COMPLEMENTARY),
        (None, Hidden.SMALL),
    ]

    shown = analyze(QUESTIONNAIRE, _college_responses(9, 5, 6), by="college")
    assert shown.breakdown is not None
    assert [g.size for g in shown.breakdown.groups] == [9, 5, 6]
    assert not any(g.figures.suppressed for g in shown.needs[0].topics[0].groups)


def test_small_single_choice_counts_are_hidden_with_a_complement() -> None:
    # the reviewer's case: a distribution showed "3" that the breakdown hid as "< 5"
    result = analyze(QUESTIONNAIRE, _college_responses(9, 3, 0))
    college = result.distribution("college")
    assert college.answered == 12
    assert [(c.code, c.count, c.share, c.hidden) for c in college.choices] == [
        ("residents", None, None, Hidden.COMPLEMENTARY),
        ("actors", None, None, Hidden.SMALL),
    ]
    # zero identifies nobody
    yes_no = analyze(QUESTIONNAIRE, [response({"trained_before": "yes"})] * 6)
    assert [c.count for c in yes_no.distribution("trained_before").choices] == [6, 0]


def test_multiple_choice_hides_small_counts_without_complement() -> None:
    answers = [{"constraints": ["transport", "childcare"]}] * 6 + [{"constraints": ["childcare"]}]
    result = analyze(QUESTIONNAIRE, [response(a) for a in answers])
    constraints = result.distribution("constraints")
    assert {c.code: c.count for c in constraints.choices} == {
        "childcare": 7,
        "transport": 6,
        "accessibility": 0,
        "easy_french": 0,
    }
    answers.append({"constraints": ["easy_french"]})
    result = analyze(QUESTIONNAIRE, [response(a) for a in answers])
    counts = {c.code: c.count for c in result.distribution("constraints").choices}
    assert counts == {"childcare": 7, "transport": 6, "accessibility": 0, "easy_french": None}


def test_ranking_first_places_and_mentions_are_hidden_when_small() -> None:
    answers = [["a", "b"]] * 7 + [["b", "a"]] * 3
    result = analyze(QUESTIONNAIRE, [response({"priorities": a}) for a in answers])
    items = {i.code: i for i in result.rankings[0].items}
    # first places add up to 10: b's 3 is hidden, and a's 7 as its complement
    assert (items["a"].first, items["a"].first_hidden) == (None, Hidden.COMPLEMENTARY)
    assert (items["b"].first, items["b"].first_hidden) == (None, Hidden.SMALL)
    assert (items["a"].mentions, items["a"].points) == (10, 17)
    assert (items["c"].mentions, items["c"].points, items["c"].first) == (0, 0, 0)


def test_breakdown_and_its_question_hide_the_same_groups() -> None:
    # breakdown: actors (4) small, complement "not stated" (6); the college
    # distribution alone would hide residents (9) as the complement
    result = analyze(QUESTIONNAIRE, _college_responses(9, 4, 6), by="college")
    assert result.breakdown is not None
    college = result.distribution("college")
    hidden = {c.code for c in college.choices if c.count is None}
    assert hidden == {"residents", "actors"}
    assert all(g.suppressed for g in result.breakdown.groups)
    assert result.breakdown.groups[0].hidden is Hidden.COMPLEMENTARY


def test_two_small_groups_need_no_complement() -> None:
    responses = [
        response({"needs": {"city_policy": "priority"}}, council=c)
        for c in "a" * 9 + "b" * 4 + "c" * 3
    ]
    result = analyze(QUESTIONNAIRE, responses, by="council")
    assert result.breakdown is not None
    assert [g.suppressed for g in result.breakdown.groups] == [False, True, True]


def test_breakdown_by_council() -> None:
    responses = [
        response({"needs": {"meeting": "priority"}}, council=c) for c in ["cc-a"] * 5 + ["cc-b"] * 7
    ]
    result = analyze(QUESTIONNAIRE, responses, by="council")
    assert result.breakdown is not None
    assert [(g.key, g.size) for g in result.breakdown.groups] == [("cc-a", 5), ("cc-b", 7)]
    meeting = next(t for t in result.needs[0].topics if t.code == "meeting")
    assert [g.figures.share_high for g in meeting.groups] == [1.0, 1.0]


def test_breakdown_by_unknown_or_unsuitable_question() -> None:
    with pytest.raises(ValidationError) as unknown:
        _analysis(by="nope")
    assert unknown.value.problems[0].code == "analysis.bad_breakdown"
    with pytest.raises(ValidationError):
        _analysis(by="formats")


@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ([10, 4, 6, 7], [False, True, True, False]),
        ([10, 5, 6], [False, False, False]),
        ([3, 4, 10], [True, True, False]),
        ([4, 10], [True, True]),
        ([0, 4, 9], [False, True, True]),
        ([4], [True]),
        ([6, 6, 2], [True, False, True]),
    ],
)
def test_complementary_suppression(sizes: list[int], hidden: list[bool]) -> None:
    assert complementary_suppression(sizes, 5) == hidden


@given(st.lists(st.integers(min_value=0, max_value=30), max_size=8), st.integers(1, 10))
def test_a_lone_suppressed_cell_is_never_recoverable(sizes: list[int], threshold: int) -> None:
    hidden = complementary_suppression(sizes, threshold)
    for size, hide in zip(sizes, hidden, strict=True):
        if 0 < size < threshold:
            assert hide
    others = [s for s, h in zip(sizes, hidden, strict=True) if not h and s > 0]
    if sum(hidden) == 1:
        # only possible when no other group exists to hide with it
        assert not others


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
                assert figures.answered is None
            else:
                assert figures.answered is not None
                assert figures.answered >= threshold
                shown = [level.count for level in figures.levels if level.hidden is None]
                hidden = [level for level in figures.levels if level.hidden is not None]
                # no shown count of people below the threshold, never a lone hidden one
                assert all(c is not None and (c == 0 or c >= threshold) for c in shown)
                assert len(hidden) != 1
                assert all(level.count is None for level in hidden)
                if not hidden:
                    assert sum(c or 0 for c in shown) == figures.answered
    for dist in result.distributions:
        assert dist.suppressed == (dist.answered is None)
        for count in dist.choices:
            assert count.count is None or count.count == 0 or count.count >= threshold
            assert (count.count is None) == (count.hidden is not None)
        if not dist.multiple and not dist.suppressed:
            assert sum(c.hidden is not None for c in dist.choices) != 1


# --- no hidden figure recoverable by subtraction ----------------------------------------

_LEVEL_CODES = ("none", "useful", "important", "priority", "trained")
_HIGH = {"important", "priority"}


def _lone(cells: list[tuple[bool, int]]) -> bool:
    """Exactly one hidden non-zero cell: (shown total - shown cells) gives it back."""
    return sum(1 for hidden, value in cells if hidden and value > 0) == 1


def _level_cells(figures: NeedFigures, counts: dict[str, int]) -> list[tuple[bool, int]]:
    return [(lv.hidden is not None, counts.get(lv.code, 0)) for lv in figures.levels]


def _check_topic_row(figures: NeedFigures, counts: dict[str, int]) -> None:
    if figures.answered is None:
        return
    cells = _level_cells(figures, counts)
    assert not _lone(cells)
    if figures.share_high is not None:
        # the share gives the number rating high, and the number who do not
        assert not _lone(
            [c for c, lv in zip(cells, figures.levels, strict=True) if lv.code in _HIGH]
        )
        assert not _lone(
            [c for c, lv in zip(cells, figures.levels, strict=True) if lv.code not in _HIGH]
        )


def _assert_nothing_recoverable(
    result: Analysis, responses: list[Response], by: str | None, threshold: int = 5
) -> None:
    def key(r: Response) -> str:
        if by == "council":
            return (r.respondent.council_id if r.respondent else None) or ""
        return str(r.answers.get("college") or "")

    for topic in result.needs[0].topics:
        overall: dict[str, int] = {}
        per_group: dict[str, dict[str, int]] = {}
        for r in responses:
            level = r.answers.get("needs", {}).get(topic.code)
            if level:
                overall[level] = overall.get(level, 0) + 1
                mine = per_group.setdefault(key(r), {})
                mine[level] = mine.get(level, 0) + 1
        _check_topic_row(topic.overall, overall)
        if by is None:
            continue
        for g in topic.groups:
            _check_topic_row(g.figures, per_group.get(g.group, {}))
        # groups add up to the overall figures
        if topic.overall.answered is not None:
            assert not _lone(
                [
                    (g.figures.answered is None, sum(per_group.get(g.group, {}).values()))
                    for g in topic.groups
                ]
            )
        for j, level in enumerate(topic.overall.levels):
            if level.hidden is None:
                assert not _lone(
                    [
                        (
                            g.figures.levels[j].hidden is not None,
                            per_group.get(g.group, {}).get(level.code, 0),
                        )
                        for g in topic.groups
                    ]
                )
        if topic.overall.share_high is not None:
            assert not _lone(
                [
                    (g.figures.share_high is None, sum(per_group.get(g.group, {}).values()))
                    for g in topic.groups
                ]
            )
        if topic.overall.mean is not None:
            assert not _lone(
                [
                    (
                        g.figures.mean is None,
                        sum(v for k, v in per_group.get(g.group, {}).items() if k != "trained"),
                    )
                    for g in topic.groups
                ]
            )
    sizes: dict[str, int] = {}
    for r in responses:
        sizes[key(r)] = sizes.get(key(r), 0) + 1
    if result.breakdown is not None and result.analysed >= threshold:
        # (fewer responses than the threshold in all: the one group is the whole survey)
        assert not _lone([(g.size is None, sizes.get(g.key, 0)) for g in result.breakdown.groups])
    college = result.distribution("college")
    counts = {
        c: sum(1 for r in responses if r.answers.get("college") == c)
        for c in ("residents", "actors")
    }
    if college.answered is not None:
        assert not _lone([(c.count is None, counts[c.code]) for c in college.choices])
        if by == "college" and result.breakdown is not None:
            # answered + "not stated" = analysed, which is shown
            not_stated = [g for g in result.breakdown.groups if g.key == ""]
            assert not (not_stated and not_stated[0].size is None)
    else:
        # a share of a shown count would give the hidden respondents count back
        assert all(c.share is None for c in college.choices if c.count)


_RANDOM_RESPONSE = st.builds(
    lambda college, council, levels: response(
        {
            **({"college": college} if college else {}),
            **({"needs": levels} if levels else {}),
        },
        council=council,
    ),
    st.sampled_from([None, "residents", "actors"]),
    st.sampled_from([None, "a", "b", "c"]),
    st.dictionaries(
        st.sampled_from(["city_policy", "meeting", "budget"]), st.sampled_from(_LEVEL_CODES)
    ),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_RANDOM_RESPONSE, max_size=40),
    st.sampled_from([None, "college", "council"]),
    st.integers(2, 6),
)
def test_no_hidden_figure_is_recoverable_by_subtraction(
    responses: list[Response], by: str | None, threshold: int
) -> None:
    result = analyze(QUESTIONNAIRE, responses, by=by, min_group=threshold)
    _assert_nothing_recoverable(result, responses, by, threshold)


def test_reviewer_college_case_hides_the_respondents_count() -> None:
    # 24 residents, 12 actors, 4 not stated: "not stated" is small, actors its
    # complement; 36 respondents would give actors back (36 - 24 - 0), and
    # 40 - 36 would give "not stated" back
    responses = _college_responses(24, 12, 4)
    result = analyze(QUESTIONNAIRE, responses, by="college")
    college = result.distribution("college")
    assert college.answered is None
    assert college.answered_why is Hidden.DERIVED
    assert not college.suppressed
    assert {c.code: c.count for c in college.choices} == {"residents": 24, "actors": None}
    assert college.choices[0].share is None
    assert college.choices[0].share_why is Hidden.DERIVED
    _assert_nothing_recoverable(result, responses, "college")


def test_reviewer_council_case_hides_a_second_share() -> None:
    # overall 33 of 40 rate it high; council a 15 of 20, council b 18 of 20 (2 do
    # not: hidden); a's 75 % would give b's back through the overall 82.5 %
    responses = [
        response({"needs": {"city_policy": level}}, council=council)
        for council, level, count in [
            ("a", "priority", 15),
            ("a", "none", 5),
            ("b", "priority", 18),
            ("b", "none", 2),
        ]
        for _ in range(count)
    ]
    result = analyze(QUESTIONNAIRE, responses, by="council")
    city = result.needs[0].topics[0]
    assert city.overall.share_high == pytest.approx(33 / 40)
    shares = {g.group: (g.figures.share_high, g.figures.share_why) for g in city.groups}
    assert shares == {"a": (None, Hidden.COMPLEMENTARY), "b": (None, Hidden.SMALL)}
    _assert_nothing_recoverable(result, responses, "council")
