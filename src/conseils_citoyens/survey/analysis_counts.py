"""Aggregation: one pass over the responses, counting everything a report needs.

:func:`count_responses` returns a :class:`Tally` of plain counts: matrix
cells per group of the breakdown asked for, distributions, rankings (points,
first places, mentions, places), numbers, free texts. It also sorts the
respondents into *atoms*: the people who share every breakdown key (council,
commune, EPCI, the answer to each single-choice question). Disclosure control
(:mod:`conseils_citoyens.survey.privacy`) works on atoms: every group of
every breakdown is a set of atoms, so it can see when one group lies inside
another.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from typing import Any, Final

import attrs

from conseils_citoyens.survey.questionnaire.model import (
    OTHER_SUFFIX,
    Date,
    LongText,
    Matrix,
    MultipleChoice,
    Number,
    Question,
    Questionnaire,
    Ranking,
    Response,
    Scale,
    ShortText,
    SingleChoice,
    YesNo,
)

#: Breakdowns by respondent facts (anything else names a question).
RESPONDENT_BREAKDOWNS: Final = ("council", "commune", "epci")
RESPONDENT_ATTRIBUTES: Final = {"council": "council_id", "commune": "commune", "epci": "epci"}
#: Key of the group of respondents with no value for the breakdown.
NOT_STATED: Final = ""
#: Group key of every respondent when no breakdown is asked for.
EVERYONE: Final = "*"


def partition_questions(questionnaire: Questionnaire) -> list[SingleChoice | YesNo | Scale]:
    """Return the questions a report can be broken down by (one answer each)."""
    return [q for q in questionnaire.questions() if isinstance(q, SingleChoice | YesNo | Scale)]


@attrs.define
class Tally:
    """Plain counts of one set of responses (mutable while counting, then read only)."""

    analysed: int
    #: Names of every possible breakdown: council, commune, epci, then question ids.
    partitions: tuple[str, ...]
    #: The keys of each atom, one per partition.
    atom_keys: list[tuple[str, ...]]
    atom_sizes: list[int]
    #: Positions (in the responses counted) of each atom's respondents.
    atom_members: list[list[int]]
    #: matrix id -> group ("*" everyone) -> (row, column) -> count.
    matrix_pairs: dict[str, dict[str, Counter[tuple[str, str]]]]
    matrix_respondents: dict[str, int]
    #: matrix id -> (atom, row) -> how many people of the atom rated the row.
    row_atoms: dict[str, Counter[tuple[int, str]]]
    single_counts: dict[str, dict[str, int]]
    multiple_counts: dict[str, Counter[str]]
    multiple_answered: dict[str, int]
    ranking_points: dict[str, dict[str, int]]
    ranking_first: dict[str, dict[str, int]]
    ranking_mentions: dict[str, dict[str, int]]
    #: ranking id -> (choice, place from 0) -> how many ranked it there.
    ranking_places: dict[str, Counter[tuple[str, int]]]
    ranking_answered: dict[str, int]
    number_values: dict[str, list[Any]]
    text_values: dict[str, list[str]]
    other_values: dict[str, list[str]]
    #: Size of each group of the breakdown asked for.
    group_sizes: dict[str, int]

    def atoms_of(self, partition: str) -> dict[str, int]:
        """Return group key -> bit mask of its atoms, for one partition."""
        position = self.partitions.index(partition)
        masks: dict[str, int] = {}
        for atom, keys in enumerate(self.atom_keys):
            key = keys[position]
            masks[key] = masks.get(key, 0) | (1 << atom)
        return masks

    def row_answered(self, question_id: str, row: str) -> list[int]:
        """Return, per atom, how many rated one row of a matrix."""
        counts = self.row_atoms[question_id]
        return [counts.get((atom, row), 0) for atom in range(len(self.atom_sizes))]


def _respondent_key(response: Response, attribute: str) -> str:
    respondent = response.respondent
    value = getattr(respondent, attribute, None) if respondent is not None else None
    return value if isinstance(value, str) and value else NOT_STATED


def _answer_key(value: Any) -> str:
    return value if isinstance(value, str) and value else NOT_STATED


def count_responses(
    questionnaire: Questionnaire, responses: Sequence[Response], by: str | None
) -> Tally:
    """Count everything a report needs, in one pass; ``by``: the partition asked for."""
    questions: list[Question] = list(questionnaire.questions())
    matrices = [q for q in questions if isinstance(q, Matrix)]
    singles = [q for q in questions if isinstance(q, SingleChoice | Scale | YesNo)]
    multiples = [q for q in questions if isinstance(q, MultipleChoice)]
    rankings = [q for q in questions if isinstance(q, Ranking)]
    numbers = [q for q in questions if isinstance(q, Number | Date)]
    texts = [q for q in questions if isinstance(q, ShortText | LongText)]
    others = [
        q for q in questions if isinstance(q, SingleChoice | MultipleChoice) and q.other is not None
    ]
    single_ids = [q.id for q in singles]
    partitions = (*RESPONDENT_BREAKDOWNS, *(q.id for q in partition_questions(questionnaire)))
    by_position = partitions.index(by) if by is not None else None

    tally = Tally(
        analysed=len(responses),
        partitions=partitions,
        atom_keys=[],
        atom_sizes=[],
        atom_members=[],
        matrix_pairs={q.id: {EVERYONE: Counter()} for q in matrices},
        matrix_respondents={q.id: 0 for q in matrices},
        row_atoms={q.id: Counter() for q in matrices},
        single_counts={q.id: {} for q in singles},
        multiple_counts={q.id: Counter() for q in multiples},
        multiple_answered={q.id: 0 for q in multiples},
        ranking_points={q.id: {} for q in rankings},
        ranking_first={q.id: {} for q in rankings},
        ranking_mentions={q.id: {} for q in rankings},
        ranking_places={q.id: Counter() for q in rankings},
        ranking_answered={q.id: 0 for q in rankings},
        number_values={q.id: [] for q in numbers},
        text_values={q.id: [] for q in texts},
        other_values={q.id: [] for q in others},
        group_sizes={},
    )
    atom_ids: dict[tuple[str, ...], int] = {}
    ranking_top = {q.id: q.top for q in rankings}
    matrix_ids = [q.id for q in matrices]
    multiple_ids = [q.id for q in multiples]
    ranking_ids = [q.id for q in rankings]
    number_ids = [q.id for q in numbers]
    text_ids = [q.id for q in texts]
    other_keys = [(q.id, q.id + OTHER_SUFFIX) for q in others]
    attributes = [RESPONDENT_ATTRIBUTES[name] for name in RESPONDENT_BREAKDOWNS]
    questions_as_keys = [q.id for q in partition_questions(questionnaire)]

    for position, response in enumerate(responses):
        answers = response.answers
        keys = (
            *(_respondent_key(response, attribute) for attribute in attributes),
            *(_answer_key(answers.get(qid)) for qid in questions_as_keys),
        )
        atom = atom_ids.get(keys)
        if atom is None:
            atom = atom_ids[keys] = len(tally.atom_keys)
            tally.atom_keys.append(keys)
            tally.atom_sizes.append(0)
            tally.atom_members.append([])
        tally.atom_sizes[atom] += 1
        tally.atom_members[atom].append(position)
        group = keys[by_position] if by_position is not None else EVERYONE
        if by_position is not None:
            tally.group_sizes[group] = tally.group_sizes.get(group, 0) + 1
        for qid in matrix_ids:
            cells = answers.get(qid)
            if not cells:
                continue
            tally.matrix_respondents[qid] += 1
            per_group = tally.matrix_pairs[qid]
            pairs = cells.items()
            per_group[EVERYONE].update(pairs)
            if by_position is not None:
                tally.row_atoms[qid].update(zip(repeat(atom), cells))
            if by_position is not None:
                mine = per_group.get(group)
                if mine is None:
                    mine = per_group[group] = Counter()
                mine.update(pairs)
        for qid in single_ids:
            value = answers.get(qid)
            if value is not None:
                counts = tally.single_counts[qid]
                counts[value] = counts.get(value, 0) + 1
        for qid in multiple_ids:
            chosen = answers.get(qid)
            if chosen:
                tally.multiple_answered[qid] += 1
                tally.multiple_counts[qid].update(chosen)
        for qid in ranking_ids:
            order = answers.get(qid)
            if order:
                tally.ranking_answered[qid] += 1
                top = ranking_top[qid]
                points = tally.ranking_points[qid]
                mentions = tally.ranking_mentions[qid]
                for place, code in enumerate(order):
                    points[code] = points.get(code, 0) + top - place
                    mentions[code] = mentions.get(code, 0) + 1
                tally.ranking_places[qid].update(zip(order, range(len(order)), strict=True))
                first = tally.ranking_first[qid]
                first[order[0]] = first.get(order[0], 0) + 1
        for qid in number_ids:
            value = answers.get(qid)
            if value is not None:
                tally.number_values[qid].append(value)
        for qid in text_ids:
            value = answers.get(qid)
            if isinstance(value, str) and value.strip():
                tally.text_values[qid].append(value.strip())
        for qid, key in other_keys:
            value = answers.get(key)
            if isinstance(value, str) and value.strip():
                tally.other_values[qid].append(value.strip())
    return tally


__all__ = [
    "EVERYONE",
    "NOT_STATED",
    "RESPONDENT_ATTRIBUTES",
    "RESPONDENT_BREAKDOWNS",
    "Tally",
    "count_responses",
    "partition_questions",
]
