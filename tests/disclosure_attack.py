"""An attacker for the tests: integer programming over every figure of the JSON reports.

Given the JSON reports of one set of responses (no breakdown, and by college,
council, EPCI and a single-choice question), :func:`attack` writes every
published figure as a linear equation over unknown counts, and asks
``scipy.optimize.milp`` for the smallest and largest value of each figure it
should not learn:

- every hidden figure (``null`` in a report) that counts people;
- every figure about a group of fewer than ``k`` people of any breakdown
  (a tiny council, the people who did not give their college...).

Sets crossing two breakdowns (the residents of one council) are not targets:
showing every answer count inside a published set, however small, is the
rule, and small counts locate people in crossings (if one person of 40 is
trained, and one resident, and one member of council A, that person is a
resident of A). Such a figure is never a figure of the report.

The unknowns are counts per *atom* (council × college × mood, the EPCI of a
council being public knowledge) and, per question, counts of each answer
inside each atom. A figure is *recovered* when its smallest and largest
possible values are equal. A recovered figure is not a leak when it follows
from a published set of at least ``k`` people containing that set in which
nobody, or everybody, gave that answer: publishing « 0 of the 12 local actors
are trained » says that of each of them, and the rule allows it; nor when it adds up such
facts and the counts of published sets (a hidden complement equal to a shown
group plus people of a unanimous set). Hidden counts of sensitive answers get
no such excuse.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final

import attrs
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from conseils_citoyens.survey.questionnaire.model import (
    Choice,
    LongText,
    Matrix,
    MultipleChoice,
    Questionnaire,
    Ranking,
    Respondent,
    Response,
    Scale,
    Section,
    SingleChoice,
    Text,
)
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref


def _c(code: str, sensitive: bool = False) -> Choice:
    return Choice(code=code, label=Text.of(code), sensitive=sensitive)


COLUMNS: Final = ("none", "useful", "important", "priority", "trained")
SCORES: Final = {"none": 0, "useful": 1, "important": 2, "priority": 3}
ROWS: Final = ("t1", "t2")
COLLEGES: Final = ("residents", "actors")
MOODS: Final = ("calm", "worried", "angry")
CONSTRAINTS: Final = ("childcare", "transport")
PRIORITIES: Final = ("a", "b", "c")
TOP: Final = 2
COUNCILS: Final = ("c1", "c2", "c3")
EPCI_OF: Final = {"c1": "e1", "c2": "e1", "c3": "e2"}

QUESTIONNAIRE: Final = Questionnaire(
    id="attaque",
    version="1",
    title=Text.of("Attaque"),
    sections=(
        Section(
            id="s",
            title=Text.of("S"),
            questions=(
                SingleChoice(
                    id="college", label=Text.of("Collège"), choices=tuple(map(_c, COLLEGES))
                ),
                Matrix(
                    id="needs",
                    label=Text.of("Besoins"),
                    rows=tuple(map(_c, ROWS)),
                    columns=tuple(map(_c, COLUMNS)),
                ),
                MultipleChoice(
                    id="constraints",
                    label=Text.of("Contraintes"),
                    choices=(_c("childcare", sensitive=True), _c("transport")),
                ),
                Scale(
                    id="mood", label=Text.of("Humeur"), levels=tuple(map(_c, MOODS)), sensitive=True
                ),
                Ranking(
                    id="priorities",
                    label=Text.of("Priorités"),
                    choices=tuple(map(_c, PRIORITIES)),
                    top=TOP,
                ),
                LongText(id="comment", label=Text.of("Commentaire")),
            ),
        ),
    ),
)
REF: Final = questionnaire_ref(QUESTIONNAIRE)
#: The breakdowns attacked together with the report without breakdown.
BREAKDOWNS: Final = (None, "college", "council", "epci", "mood")


@attrs.frozen
class Person:
    """One respondent of a generated survey."""

    council: str | None
    college: str | None
    mood: str | None
    needs: Mapping[str, str]
    constraints: tuple[str, ...]
    priorities: tuple[str, ...]
    comment: bool

    def response(self) -> Response:
        answers: dict[str, Any] = {}
        if self.college:
            answers["college"] = self.college
        if self.mood:
            answers["mood"] = self.mood
        if self.needs:
            answers["needs"] = dict(self.needs)
        if self.constraints:
            answers["constraints"] = list(self.constraints)
        if self.priorities:
            answers["priorities"] = list(self.priorities)
        if self.comment:
            answers["comment"] = "texte"
        respondent = (
            Respondent(council_id=self.council, epci=EPCI_OF[self.council])
            if self.council
            else None
        )
        return Response(questionnaire=REF, answers=answers, respondent=respondent)


# --- atoms and measures -------------------------------------------------------------------

ATOMS: Final = tuple(
    itertools.product((*COUNCILS, ""), (*COLLEGES, ""), (*MOODS, ""))
)  # (council, college, mood)


def atom_of(person: Person) -> int:
    return ATOMS.index((person.council or "", person.college or "", person.mood or ""))


def _group_test(by: str, key: str) -> Callable[[tuple[str, str, str]], bool]:
    if key == "*":
        raise ValueError("merged groups are resolved by their members")
    if by == "council":
        return lambda atom: atom[0] == key
    if by == "epci":
        return lambda atom: (EPCI_OF.get(atom[0], "")) == key
    if by == "college":
        return lambda atom: atom[1] == key
    if by == "mood":
        return lambda atom: atom[2] == key
    raise ValueError(by)


def group_atoms(by: str, group: Mapping[str, Any]) -> list[int]:
    keys = group.get("members") or [group["key"]]
    tests = [_group_test(by, k) for k in keys]
    return [i for i, atom in enumerate(ATOMS) if any(t(atom) for t in tests)]


#: An answer of a measure: a column of a topic, a choice, (choice, place), "written".
#: "answered" stands for "gave any answer".
@attrs.frozen
class Measure:
    name: str
    answers: tuple[str, ...]


MEASURES: Final = (
    *(Measure(name=f"needs.{row}", answers=COLUMNS) for row in ROWS),
    Measure(name="constraints", answers=CONSTRAINTS),
    Measure(
        name="priorities",
        answers=tuple(f"{c}@{p}" for c in PRIORITIES for p in range(TOP)),
    ),
    Measure(name="comment", answers=("written",)),
)


def person_answers(person: Person, measure: Measure) -> tuple[bool, set[str]]:
    """Whether the person answered the measure, and which of its answers they gave."""
    name = measure.name
    if name.startswith("needs."):
        level = person.needs.get(name.split(".", 1)[1])
        return level is not None, {level} if level else set()
    if name == "constraints":
        return bool(person.constraints), set(person.constraints)
    if name == "priorities":
        return bool(person.priorities), {f"{c}@{p}" for p, c in enumerate(person.priorities)}
    return person.comment, {"written"} if person.comment else set()


class _Program:
    """Variables and equations of one measure: atom sizes, then counts per atom."""

    def __init__(self, measure: Measure | None) -> None:
        self.measure = measure
        n = len(ATOMS)
        self.y = list(range(n))
        self.size = n
        self.answered: list[int] = []
        self.x: dict[str, list[int]] = {}
        if measure is not None:
            self.answered = list(range(self.size, self.size + n))
            self.size += n
            for answer in measure.answers:
                self.x[answer] = list(range(self.size, self.size + n))
                self.size += n
        self.rows: list[tuple[dict[int, int], int, int]] = []

    def equal(self, coefficients: Mapping[int, int], value: int) -> None:
        self.rows.append((dict(coefficients), value, value))

    def at_most(self, coefficients: Mapping[int, int], value: int) -> None:
        self.rows.append((dict(coefficients), -(10**9), value))

    def at_least(self, coefficients: Mapping[int, int], value: int) -> None:
        self.rows.append((dict(coefficients), value, 10**9))

    def structure(self) -> None:
        if self.measure is None:
            return
        name = self.measure.name
        for a in range(len(ATOMS)):
            self.at_most({self.answered[a]: 1, self.y[a]: -1}, 0)
            if name.startswith("needs."):
                # one level per person who answered
                self.equal({**{self.x[c][a]: 1 for c in COLUMNS}, self.answered[a]: -1}, 0)
            elif name == "constraints":
                for c in CONSTRAINTS:
                    self.at_most({self.x[c][a]: 1, self.answered[a]: -1}, 0)
                self.at_least({**{self.x[c][a]: 1 for c in CONSTRAINTS}, self.answered[a]: -1}, 0)
            elif name == "priorities":
                self.equal(
                    {**{self.x[f"{c}@0"][a]: 1 for c in PRIORITIES}, self.answered[a]: -1}, 0
                )
                for p in range(1, TOP):
                    self.at_most(
                        {**{self.x[f"{c}@{p}"][a]: 1 for c in PRIORITIES}, self.answered[a]: -1}, 0
                    )
                for c in PRIORITIES:
                    self.at_most(
                        {**{self.x[f"{c}@{p}"][a]: 1 for p in range(TOP)}, self.answered[a]: -1}, 0
                    )
            else:
                self.equal({self.x["written"][a]: 1, self.answered[a]: -1}, 0)

    def matrix(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        a = np.zeros((len(self.rows), self.size))
        lower = np.zeros(len(self.rows))
        upper = np.zeros(len(self.rows))
        for i, (coefficients, lo, hi) in enumerate(self.rows):
            for j, v in coefficients.items():
                a[i, j] += v
            lower[i] = lo
            upper[i] = hi
        return a, lower, upper

    def truth(self, people: Sequence[Person]) -> np.ndarray:
        values = np.zeros(self.size)
        for person in people:
            atom = atom_of(person)
            values[self.y[atom]] += 1
            if self.measure is not None:
                answered, given = person_answers(person, self.measure)
                if answered:
                    values[self.answered[atom]] += 1
                for answer in given:
                    values[self.x[answer][atom]] += 1
        return values


def _sum(variables: Sequence[int], atoms: Iterable[int]) -> dict[int, int]:
    return {variables[a]: 1 for a in atoms}


def _merge(*parts: Mapping[int, int], weights: Sequence[int] | None = None) -> dict[int, int]:
    result: dict[int, int] = {}
    for part, weight in zip(parts, weights or [1] * len(parts), strict=True):
        for j, v in part.items():
            result[j] = result.get(j, 0) + v * weight
    return {j: v for j, v in result.items() if v}


@attrs.frozen
class Target:
    """A figure the attacker should not learn: a linear expression and what it is."""

    what: str
    coefficients: Mapping[int, int]
    truth: int
    #: set of respondents it is about (for the "follows from a unanimous set" excuse)
    members: frozenset[int] | None = None
    #: the answer it counts ("answered" for the number who answered)
    answer: str | None = None
    excusable: bool = True


# --- reading the reports --------------------------------------------------------------------


def _all_atoms() -> list[int]:
    return list(range(len(ATOMS)))


def _figures_equations(
    program: _Program,
    atoms: Sequence[int],
    figures: Mapping[str, Any],
    targets: list[Target],
    label: str,
    people_in: frozenset[int],
    truth: np.ndarray,
) -> None:
    """Equations (shown) and targets (hidden) of one topic's figures for one set of atoms."""
    answered = _sum(program.answered, atoms)
    levels = {c: _sum(program.x[c], atoms) for c in COLUMNS}

    def add(what: str, coefficients: dict[int, int], value: Any, answer: str) -> None:
        if value is None:
            targets.append(
                Target(
                    what=f"{label} {what}",
                    coefficients=coefficients,
                    truth=round(sum(truth[j] * v for j, v in coefficients.items())),
                    members=people_in,
                    answer=answer,
                )
            )
        else:
            program.equal(coefficients, int(value))

    add("answered", answered, figures["answered"], "answered")
    for code in COLUMNS:
        add(code, levels[code], figures["levels"][code], code)
    total = figures["answered"]
    if figures.get("share_high") is not None and total is not None:
        high = round(Fraction(figures["share_high"]).limit_denominator(10**6) * total)
        program.equal(_merge(levels["important"], levels["priority"]), int(high))
    if figures.get("mean") is not None and total is not None and figures.get("trained") is not None:
        rated = total - figures["trained"]
        score = round(Fraction(figures["mean"]).limit_denominator(10**6) * rated)
        program.equal(
            _merge(*(levels[c] for c in SCORES), weights=list(SCORES.values())), int(score)
        )
    if figures.get("trained") is not None:
        program.equal(levels["trained"], int(figures["trained"]))


def _people(people: Sequence[Person], atoms: Iterable[int]) -> frozenset[int]:
    chosen = set(atoms)
    return frozenset(i for i, p in enumerate(people) if atom_of(p) in chosen)


def build(
    measure: Measure | None,
    reports: Mapping[str | None, Mapping[str, Any]],
    people: Sequence[Person],
    council_sizes: Mapping[str, int] | None = None,
) -> tuple[_Program, list[Target]]:
    """The program of one measure (``None``: sizes only) and its hidden figures.

    ``council_sizes``: numbers of respondents per council published elsewhere
    (page 1's response rates, the sizes of merged groups), council id -> count.
    """
    program = _Program(measure)
    program.structure()
    truth = program.truth(people)
    targets: list[Target] = []
    everyone = _all_atoms()
    for council, size in (council_sizes or {}).items():
        program.equal(_sum(program.y, group_atoms("council", {"key": council})), size)
    for by, report in reports.items():
        program.equal(_sum(program.y, everyone), report["responses"]["analysed"])
        if by is not None:
            for group in report["breakdown"]["groups"]:
                atoms = group_atoms(by, group)
                coefficients = _sum(program.y, atoms)
                if group["size"] is None:
                    if measure is None:
                        targets.append(
                            Target(
                                what=f"by {by}: size of {group['key']}",
                                coefficients=coefficients,
                                truth=int(sum(truth[j] for j in coefficients)),
                                excusable=False,
                            )
                        )
                else:
                    program.equal(coefficients, group["size"])
        for dist in report["distributions"]:
            question = dist["question"]
            if question in ("college", "mood"):
                position = 1 if question == "college" else 2
                stated = [i for i, atom in enumerate(ATOMS) if atom[position]]
                if dist["answered"] is not None:
                    program.equal(_sum(program.y, stated), dist["answered"])
                for choice in dist["choices"]:
                    atoms = [i for i, atom in enumerate(ATOMS) if atom[position] == choice["code"]]
                    coefficients = _sum(program.y, atoms)
                    if choice["count"] is not None:
                        program.equal(coefficients, choice["count"])
                    elif measure is None and by is None:
                        targets.append(
                            Target(
                                what=f"{question}: {choice['code']}",
                                coefficients=coefficients,
                                truth=int(sum(truth[j] for j in coefficients)),
                                excusable=not choice.get("sensitive", False),
                                members=frozenset(range(len(people))),
                                answer=choice["code"],
                            )
                        )
            elif measure is not None and measure.name == question == "constraints":
                add_distribution(program, dist, targets, truth, people, by)
        if measure is None:
            continue
        if measure.name.startswith("needs."):
            row = measure.name.split(".", 1)[1]
            topic = next(t for t in report["needs"][0]["topics"] if t["code"] == row)
            if by is None:
                _figures_equations(
                    program,
                    everyone,
                    topic,
                    targets,
                    f"{row} overall",
                    frozenset(range(len(people))),
                    truth,
                )
            else:
                for group, figures in zip(
                    report["breakdown"]["groups"], topic["groups"], strict=True
                ):
                    assert group["key"] == figures["group"]
                    atoms = group_atoms(by, group)
                    _figures_equations(
                        program,
                        atoms,
                        figures,
                        targets,
                        f"{row} by {by} {group['key']}",
                        _people(people, atoms),
                        truth,
                    )
        elif measure.name == "priorities" and by is None:
            ranking = report["rankings"][0]
            everyone_answered = _sum(program.answered, everyone)
            if ranking["answered"] is not None:
                program.equal(everyone_answered, ranking["answered"])
            for item in ranking["items"]:
                c = item["code"]
                places = [_sum(program.x[f"{c}@{p}"], everyone) for p in range(TOP)]
                for key, coefficients in (
                    ("first", places[0]),
                    ("mentions", _merge(*places)),
                    ("points", _merge(*places, weights=[TOP - p for p in range(TOP)])),
                ):
                    if item[key] is None:
                        targets.append(
                            Target(
                                what=f"priorities {c} {key}",
                                coefficients=coefficients,
                                truth=round(sum(truth[j] * v for j, v in coefficients.items())),
                                excusable=False,
                            )
                        )
                    else:
                        program.equal(coefficients, item[key])
        elif measure.name == "comment" and by is None:
            text = report["texts"][0]
            if text["count"] is not None:
                program.equal(_sum(program.x["written"], everyone), text["count"])
    return program, targets


def add_distribution(
    program: _Program,
    dist: Mapping[str, Any],
    targets: list[Target],
    truth: np.ndarray,
    people: Sequence[Person],
    by: str | None,
) -> None:
    everyone = _all_atoms()
    if dist["answered"] is not None:
        program.equal(_sum(program.answered, everyone), dist["answered"])
    for choice in dist["choices"]:
        coefficients = _sum(program.x[choice["code"]], everyone)
        if choice["count"] is not None:
            program.equal(coefficients, choice["count"])
        elif by is None:
            targets.append(
                Target(
                    what=f"constraints: {choice['code']}",
                    coefficients=coefficients,
                    truth=int(sum(truth[j] for j in coefficients)),
                    excusable=not choice.get("sensitive", False),
                    members=frozenset(range(len(people))),
                    answer=choice["code"],
                )
            )


def small_set_targets(program: _Program, people: Sequence[Person], k: int) -> list[Target]:
    """Figures about each group of fewer than k people of any breakdown."""
    measure = program.measure
    if measure is None:
        return []
    truth = program.truth(people)
    sets: dict[frozenset[int], str] = {}
    for by in ("council", "epci", "college", "mood"):
        keys = {""} | set(COUNCILS if by == "council" else ())
        keys |= set(EPCI_OF.values()) if by == "epci" else set()
        keys |= set(COLLEGES) if by == "college" else set()
        keys |= set(MOODS) if by == "mood" else set()
        for key in keys:
            atoms = frozenset(group_atoms(by, {"key": key}))
            sets.setdefault(atoms, f"{by}={key or 'NS'}")
    targets: list[Target] = []
    for atoms, label in sets.items():
        members = _people(people, atoms)
        if not 0 < len(members) < k:
            continue
        for answer in ("answered", *measure.answers):
            variables = program.answered if answer == "answered" else program.x[answer]
            coefficients = _sum(variables, atoms)
            targets.append(
                Target(
                    what=f"{measure.name} {label} ({len(members)} people) {answer}",
                    coefficients=coefficients,
                    truth=int(sum(truth[j] for j in coefficients)),
                    members=members,
                    answer=answer,
                )
            )
    return targets


# --- solving ---------------------------------------------------------------------------------


def _value(coefficients: Mapping[int, int], x: np.ndarray) -> int:
    return round(sum(x[j] * v for j, v in coefficients.items()))


def pinned(
    program: _Program, targets: Sequence[Target], people: Sequence[Person], seed: int = 0
) -> list[Target]:
    """Return the targets whose value the published figures force (min = max)."""
    if not targets:
        return []
    a, lower, upper = program.matrix()
    truth = program.truth(people)
    # the attacker's equations must hold for the real data, or the attacker is wrong
    assert np.all(a @ truth >= lower - 1e-6), "model bug"
    assert np.all(a @ truth <= upper + 1e-6), "model bug"
    bounds = Bounds(np.zeros(program.size), np.full(program.size, max(len(people), 1)))
    constraint = LinearConstraint(a, lower, upper)
    integrality = np.ones(program.size)
    open_targets = list(targets)
    rng = random.Random(seed)
    # push all open targets up (then down) at once: each solve frees many of them
    idle = 0
    sign = 1
    while open_targets and idle < 2:
        c = np.array([rng.uniform(-0.01, 0.01) for _ in range(program.size)])
        for target in open_targets:
            for j, v in target.coefficients.items():
                c[j] -= sign * v
        found = milp(c, integrality=integrality, bounds=bounds, constraints=constraint)
        if found.x is None:
            break
        before = len(open_targets)
        open_targets = [t for t in open_targets if _value(t.coefficients, found.x) == t.truth]
        idle = idle + 1 if len(open_targets) == before else 0
        sign = -sign
    result: list[Target] = []
    for target in open_targets:
        c = np.zeros(program.size)
        for j, v in target.coefficients.items():
            c[j] = v
        forced = True
        for sign in (1, -1):
            found = milp(sign * c, integrality=integrality, bounds=bounds, constraints=constraint)
            assert found.x is not None, "the real data is a solution"
            if _value(target.coefficients, found.x) != target.truth:
                forced = False
                break
        if forced:
            result.append(target)
    return result


def excused(
    target: Target,
    people: Sequence[Person],
    families: Sequence[Sequence[frozenset[int]]],
    measure: Measure | None,
    k: int,
) -> bool:
    """True when the value follows from published sets of ≥ k people and their unanimity.

    Each person of the target's set whose answer is told by a published set in
    which nobody, or everybody, gave it is known; the others must make up
    published sets whose counts are shown.
    """
    if not target.excusable or target.members is None or measure is None or target.answer is None:
        return False
    known: set[int] = set()
    for enclosing in (s for family in families for s in family):
        if len(enclosing) < k or not enclosing & target.members:
            continue
        answered = 0
        gave = 0
        for i in enclosing:
            did, given = person_answers(people[i], measure)
            answered += did
            gave += target.answer in given if target.answer != "answered" else did
        total = len(enclosing) if target.answer == "answered" else answered
        # nobody gave it, or everybody who answered did: then the count of any part
        # is the part's number who answered, itself a target when it is not published
        if gave in (0, total):
            known |= enclosing & target.members
    unknown = target.members - known
    if not unknown:
        return True
    # the groups of one breakdown are disjoint: their shown counts add up
    for family in families:
        covered: set[int] = set()
        for candidate in family:
            if len(candidate) >= k and candidate <= target.members:
                covered |= candidate
        if unknown <= covered:
            return True
    return False


def published_sets(
    reports: Mapping[str | None, Mapping[str, Any]],
    people: Sequence[Person],
    measure: Measure | None,
    key: str = "none",
) -> list[list[frozenset[int]]]:
    """The sets whose figures of ``measure`` each report shows or lets one work out.

    One list per breakdown (its groups shown and its rest, disjoint), and everyone.
    ``key``: the figure that must be shown (``"answered"``: the number who answered,
    given even where the answers are hidden).
    """
    everyone = frozenset(range(len(people)))
    families = [[everyone]]
    if measure is None or not measure.name.startswith("needs."):
        return families
    row = measure.name.split(".", 1)[1]
    for by, report in reports.items():
        if by is None:
            continue
        topic = next(t for t in report["needs"][0]["topics"] if t["code"] == row)
        family: list[frozenset[int]] = []
        shown: set[int] = set()
        for group, figures in zip(report["breakdown"]["groups"], topic["groups"], strict=True):
            shown_figure = figures["answered"] if key == "answered" else figures["levels"][key]
            if shown_figure is not None:
                members = _people(people, group_atoms(by, group))
                family.append(members)
                shown |= members
        if everyone - shown:
            family.append(everyone - shown)
        families.append(family)
    return families


def attack(
    reports: Mapping[str | None, Mapping[str, Any]],
    people: Sequence[Person],
    k: int,
    council_sizes: Mapping[str, int] | None = None,
) -> list[str]:
    """Return what the attacker recovered that it should not (empty: nothing).

    ``council_sizes``: respondents per council published beside the reports
    (council id -> count), used as more equations.
    """
    leaks: list[str] = []
    for measure in (None, *MEASURES):
        published = published_sets(reports, people, measure)
        answered = published_sets(reports, people, measure, "answered")
        program, targets = build(measure, reports, people, council_sizes)
        targets += small_set_targets(program, people, k)
        targets = [
            t
            for t in targets
            if not excused(t, people, answered if t.answer == "answered" else published, measure, k)
        ]
        leaks += [f"{t.what} = {t.truth}" for t in pinned(program, targets, people)]
    return leaks


__all__ = ["BREAKDOWNS", "QUESTIONNAIRE", "Person", "attack"]
