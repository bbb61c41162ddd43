"""Proof by attack: no hidden figure and no figure about fewer than k people can be recovered.

An attacker holding every JSON report of one responses file (no breakdown,
and by college, council, EPCI and a sensitive single-choice question) solves
integer programs over all their figures (see :mod:`tests.disclosure_attack`).
Surveys come from hypothesis: tiny councils, unanimous groups, missing
colleges, skewed answers, rankings. The number of surveys is kept small for
speed; ``CC_ATTACK_EXAMPLES=500 uv run pytest tests/survey/test_privacy_attack.py``
runs a larger attack.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conseils_citoyens.formats import ReportOptions
from conseils_citoyens.formats.report.tabular import report_data
from conseils_citoyens.survey.analysis import analyze
from tests.disclosure_attack import (
    BREAKDOWNS,
    COLLEGES,
    COLUMNS,
    CONSTRAINTS,
    COUNCILS,
    MOODS,
    PRIORITIES,
    QUESTIONNAIRE,
    ROWS,
    TOP,
    Person,
    attack,
)

EXAMPLES = int(os.environ.get("CC_ATTACK_EXAMPLES", "12"))


def reports(people: Sequence[Person], k: int) -> dict[str | None, dict[str, Any]]:
    """The JSON data of every report of one set of responses."""
    responses = [p.response() for p in people]
    return {
        by: report_data(
            analyze(QUESTIONNAIRE, responses, by=by, min_group=k), ReportOptions(min_group=k)
        )
        for by in BREAKDOWNS
    }


@st.composite
def surveys(draw: st.DrawFn) -> list[Person]:
    """A survey whose groups are often tiny, unanimous, skewed or missing."""
    size = draw(st.integers(0, 26))
    # how each answer is drawn: anyhow, the same for all, one per council, mostly one value
    modes = {
        name: draw(st.sampled_from(("free", "same", "by_council", "skewed")))
        for name in ("council", "college", "mood", *ROWS, "constraints", "priorities", "comment")
    }
    council_weights = draw(st.lists(st.integers(0, 6), min_size=4, max_size=4))
    if not any(council_weights):
        council_weights[0] = 1
    councils = [
        c for c, w in zip((*COUNCILS, None), council_weights, strict=True) for _ in range(w)
    ]

    def pick(name: str, options: Sequence[Any], council: str | None) -> Any:
        mode = modes[name]
        if mode == "same":
            return options[0]
        if mode == "by_council":
            return options[((*COUNCILS, None)).index(council) % len(options)]
        if mode == "skewed":
            return draw(st.sampled_from([options[0]] * 5 + list(options)))
        return draw(st.sampled_from(options))

    people: list[Person] = []
    for _ in range(size):
        council = draw(st.sampled_from(councils))
        needs = {}
        for row in ROWS:
            level = pick(row, (*COLUMNS, None), council)
            if level is not None:
                needs[row] = level
        constraints = pick(
            "constraints", ((), ("childcare",), ("transport",), CONSTRAINTS), council
        )
        priorities = pick(
            "priorities",
            ((), *(tuple(p) for n in range(1, TOP + 1) for p in _orders(n))),
            council,
        )
        people.append(
            Person(
                council=council,
                college=pick("college", (*COLLEGES, None), council),
                mood=pick("mood", (*MOODS, None), council),
                needs=needs,
                constraints=tuple(constraints),
                priorities=tuple(priorities),
                comment=pick("comment", (False, True), council),
            )
        )
    return people


def _orders(n: int) -> list[tuple[str, ...]]:
    from itertools import permutations

    return list(permutations(PRIORITIES, n))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(people=surveys(), k=st.sampled_from((3, 5)))
def test_the_attacker_recovers_nothing_it_should_not(people: list[Person], k: int) -> None:
    leaks = attack(reports(people, k), people, k)
    assert leaks == [], leaks


@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=surveys(), k=st.sampled_from((3, 5)))
def test_every_shown_figure_describes_at_least_k_people(people: list[Person], k: int) -> None:
    from tests.disclosure_attack import _people, group_atoms

    for by, report in reports(people, k).items():
        if by is None:
            continue
        for group in report["breakdown"]["groups"]:
            members = _people(people, group_atoms(by, group))
            if not group["suppressed"]:
                assert len(members) >= k, (by, group)
            for topic in report["needs"][0]["topics"]:
                figures = next(g for g in topic["groups"] if g["group"] == group["key"])
                if figures["levels"]["none"] is None:
                    continue
                answered = sum(1 for i in members if people[i].needs.get(topic["code"]))
                assert answered == 0 or answered >= k, (by, group, topic["code"])
