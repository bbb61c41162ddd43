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

import datetime as dt
import os
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conseils_citoyens.formats import ReportOptions
from conseils_citoyens.formats.report.content import council_responses
from conseils_citoyens.formats.report.tabular import report_data
from conseils_citoyens.survey.analysis import analyze
from conseils_citoyens.survey.privacy import ReleaseLog
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


# --- per-council response counts (page 1, ``report --council``) ---------------------------------


@attrs.frozen
class _Council:
    """What ``council_responses`` reads of a council: its id, name and members."""

    id: str
    name: str
    size: int = 30

    def members_on(self, day: dt.date) -> list[int]:
        return list(range(self.size))


COUNCIL_FILES = tuple(_Council(id=c, name=c.upper()) for c in COUNCILS)


def page_one_counts(people: Sequence[Person], k: int) -> dict[str, int]:
    """The numbers of responses per council page 1 shows (hidden ones left out)."""
    shown = council_responses(COUNCIL_FILES, [p.response() for p in people], k, dt.date.today())
    return {
        c.id: n.responses
        for c, n in zip(COUNCIL_FILES, shown, strict=True)
        if n.responses is not None
    }


def group_sizes(report: dict[str, Any]) -> dict[str, int]:
    """Every group size a report publishes: groups shown and groups merged into others."""
    sizes = {g["key"]: g["size"] for g in report["breakdown"]["groups"] if g["key"] != "*"}
    sizes.update({g["key"]: g["size"] for g in report["breakdown"].get("merged", ())})
    return {key: size for key, size in sizes.items() if size is not None}


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(people=surveys(), k=st.sampled_from((3, 5)))
def test_page_one_council_counts_give_the_attacker_nothing(people: list[Person], k: int) -> None:
    """The attacker is given page 1's counts and every merged group's size besides the reports."""
    published = reports(people, k)
    counts = page_one_counts(people, k)
    sizes = group_sizes(published["council"])
    assert all(sizes.get(c, 0) == n for c, n in counts.items())  # page 1 tells nothing new
    leaks = attack(published, people, k, council_sizes={**sizes, **counts})
    assert leaks == [], leaks


@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=surveys(), newcomers=st.integers(1, 6), k=st.sampled_from((3, 5)))
def test_page_one_council_counts_are_group_sizes_in_every_release(
    people: list[Person], newcomers: int, k: int
) -> None:
    """Release after release, page 1 shows counts the report by council publishes anyway.

    A council's number of responses says who answered, never what: the report
    by council gives every group's size in every release, a release withheld
    by the log included (its figures are withheld, not who belongs to a group).
    So comparing page 1 across releases tells how many newcomers each council
    has, which the reports by council tell already, and no answer of theirs.
    """
    earlier = people[: max(len(people) - newcomers, 0)]
    log = ReleaseLog()
    for release, who in enumerate((earlier, people), start=1):
        responses = [p.response() for p in who]
        by_council = analyze(QUESTIONNAIRE, responses, by="council", min_group=k, release_log=log)
        everyone = analyze(QUESTIONNAIRE, responses, min_group=k, release_log=log)
        sizes = group_sizes(report_data(by_council, ReportOptions(min_group=k)))
        for council, count in page_one_counts(who, k).items():
            assert sizes.get(council, 0) == count, (release, council)
        log.record(
            f"publication {release}", f"r{release}", (*by_council.released, *everyone.released)
        )
