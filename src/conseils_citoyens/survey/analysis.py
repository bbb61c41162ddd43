"""Training-needs analysis: from validated responses to figures people can plan with.

:func:`analyze` counts, for each matrix topic (a training theme), how many
respondents chose each need level, the share rating it *important* or
*priority*, a mean need score and a rank; the same per group (college,
council, commune, EPCI, or the answer to any single-choice question); the
distribution of every choice question; points of ranking questions; a summary
of numbers and dates; and counts of free-text answers.

The work is split in three: :mod:`~conseils_citoyens.survey.analysis_checks`
checks answers, :mod:`~conseils_citoyens.survey.analysis_counts` counts, and
:mod:`~conseils_citoyens.survey.privacy` decides what may be published; this
module builds the result.

Need score. For the standard levels ``none``, ``useful``, ``important``,
``priority`` the score is 0, 1, 2, 3. For any other matrix, a column scores its
position among the need columns (first column 0). A column whose code is
``trained`` ("already trained") is counted apart: it is in the number who
answered and in the denominator of the share, never in the mean. The *high*
levels are ``important`` and ``priority`` for the standard scale, otherwise
the two last need columns (the last one when there are only two).

Privacy (details in :mod:`~conseils_citoyens.survey.privacy`). Every figure
describes a set of at least ``min_group`` people (default 5): the population,
a group of the breakdown, the people of a group who answered a question.
Small groups are merged into « Autres groupes » or hidden together, so that
no subtraction isolates fewer than ``min_group`` people. Inside a published
set, answer counts are shown whatever their size; counts of sensitive answers
are shown only when 0, or when at least ``min_group`` people gave the answer
and at least ``min_group`` did not. A hidden figure is ``None`` with a
:class:`Hidden` reason. Free texts are listed only for sets of at least
``min_group`` writers, sorted so that their order says nothing about who wrote
them; reports show them only when asked.

Bad input. Responses to another questionnaire (id or version) are refused
with a :class:`~conseils_citoyens.errors.ValidationError`. A response whose
answers do not fit the questionnaire (unknown codes, wrong shapes) is left out
of every figure and reported in :attr:`Analysis.excluded`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.survey.analysis_checks import (
    ResponseValidator,
    answer_checkers,
    answer_problems,
    check_answers,
    check_versions,
    same_respondent_problems,
    same_respondents,
)
from conseils_citoyens.survey.analysis_counts import (
    EVERYONE,
    NOT_STATED,
    RESPONDENT_BREAKDOWNS,
    Tally,
    count_responses,
)
from conseils_citoyens.survey.privacy import (
    OTHERS,
    GroupPlan,
    Hidden,
    PartitionInput,
    ReleaseConflict,
    ReleasedSet,
    ReleaseLog,
    atoms_in,
    fingerprint,
    plan_groups,
    plan_measure,
    protect_cells,
)
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    YES_NO_CHOICES,
    Choice,
    Date,
    Matrix,
    MultipleChoice,
    Number,
    Question,
    Questionnaire,
    Ranking,
    Response,
    Scale,
    SingleChoice,
    Text,
    YesNo,
)

#: Code of the "already trained" matrix column, counted apart from need levels.
TRAINED_CODE: Final = "trained"
#: Scores of the standard need levels.
STANDARD_SCORES: Final[Mapping[str, int]] = {
    "none": 0,
    "useful": 1,
    "important": 2,
    "priority": 3,
}
#: The standard levels counted in the "important or priority" share.
STANDARD_HIGH: Final = frozenset({"important", "priority"})
#: Default smallest group whose figures are shown.
DEFAULT_MIN_GROUP: Final = 5
NOT_STATED_LABEL: Final = Text.of("Non renseigné", "Not stated")


def others_label(min_group: int) -> Text:
    """The label of the merged small groups."""
    return Text.of(
        f"Autres groupes (moins de {min_group} personnes chacun)",
        f"Other groups (fewer than {min_group} people each)",
    )


def _joined_label(labels: Sequence[Text]) -> Text:
    """The label of groups shown together: « A + B + C »."""
    return Text.of(" + ".join(t.get("fr") for t in labels), " + ".join(t.get("en") for t in labels))


class BreakdownKind(enum.Enum):
    """Where the group of a respondent comes from."""

    RESPONDENT = "respondent"
    QUESTION = "question"


# --- result classes ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LevelCount:
    """How many chose one column (need level) of a matrix row; ``None`` when suppressed."""

    code: str
    label: Text
    count: int | None
    score: int | None
    high: bool
    hidden: Hidden | None = None


@attrs.frozen(kw_only=True)
class NeedFigures:
    """Figures of one topic for one population (everyone, or one group).

    ``answered``: respondents who rated the topic (``trained`` included);
    ``share_high``: share (0..1) of them rating it important or priority;
    ``mean``: mean need score of those who gave a need level (trained left out).
    Every figure is ``None`` when ``suppressed`` (``hidden`` says why). When only
    some level counts are hidden, ``share_hidden`` / ``mean_hidden`` say that the
    share or the mean is ``None`` because it would reveal them; ``share_why`` /
    ``mean_why`` say why (:attr:`Hidden.SMALL`: the share describes too few people,
    :attr:`Hidden.DERIVED`: computed from a hidden count,
    :attr:`Hidden.COMPLEMENTARY`: hidden so that another group's cannot be
    worked out from the overall figure).
    """

    answered: int | None
    levels: tuple[LevelCount, ...]
    trained: int | None
    share_high: float | None
    mean: float | None
    suppressed: bool = False
    hidden: Hidden | None = None
    share_hidden: bool = False
    mean_hidden: bool = False
    share_why: Hidden | None = None
    mean_why: Hidden | None = None


@attrs.frozen(kw_only=True)
class GroupFigures:
    """The figures of one topic in one group of the breakdown."""

    group: str
    figures: NeedFigures


@attrs.frozen(kw_only=True)
class TopicNeeds:
    """One training topic (matrix row): overall figures, rank, figures per group."""

    code: str
    label: Text
    overall: NeedFigures
    rank: int | None
    groups: tuple[GroupFigures, ...] = ()


@attrs.frozen(kw_only=True)
class MatrixNeeds:
    """The needs of one matrix question, topics in rank order."""

    question_id: str
    label: Text
    columns: tuple[Choice, ...]
    topics: tuple[TopicNeeds, ...]
    respondents: int | None


@attrs.frozen(kw_only=True)
class ChoiceCount:
    """How many chose one choice; ``share`` of those who answered (0..1).

    ``count`` and ``share`` are ``None`` when hidden (``hidden`` says why);
    ``share_why`` says why a share is ``None`` while its count is shown.
    """

    code: str
    label: Text
    count: int | None
    share: float | None
    hidden: Hidden | None = None
    share_why: Hidden | None = None
    sensitive: bool = False


@attrs.frozen(kw_only=True)
class ChoiceDistribution:
    """The answers to a single-, multiple-choice, yes/no or scale question.

    For a multiple choice the shares add up to more than 1. ``answered_why``
    says why ``answered`` is ``None`` when the distribution is not suppressed
    (the question of a breakdown whose "not stated" group is hidden: the
    responses analysed minus those who answered would give that group away).
    """

    question_id: str
    label: Text
    multiple: bool
    answered: int | None
    choices: tuple[ChoiceCount, ...]
    suppressed: bool = False
    answered_why: Hidden | None = None
    sensitive: bool = False


@attrs.frozen(kw_only=True)
class RankingItem:
    """One choice of a ranking: points (top rank = ``top`` points), first places, mentions.

    ``first_hidden``: why ``first`` is ``None``; ``mentions_hidden``: why
    ``mentions`` (and the ``points`` computed from them) are ``None``.
    """

    code: str
    label: Text
    points: int | None
    first: int | None
    mentions: int | None
    first_hidden: Hidden | None = None
    mentions_hidden: Hidden | None = None


@attrs.frozen(kw_only=True)
class RankingResult:
    """A ranking question: choices ordered by points, then first places."""

    question_id: str
    label: Text
    top: int
    answered: int | None
    items: tuple[RankingItem, ...]
    suppressed: bool = False
    hidden: Hidden | None = None
    sensitive: bool = False


@attrs.frozen(kw_only=True)
class NumberSummary:
    """A number (or date) question: how many answered, smallest, median, largest."""

    question_id: str
    label: Text
    count: int | None
    minimum: float | str | None
    median: float | str | None
    maximum: float | str | None
    suppressed: bool = False


@attrs.frozen(kw_only=True)
class TextAnswers:
    """The free texts of a question (or of its "other" choice), sorted.

    Reports show ``texts`` only when asked for comments.
    """

    question_id: str
    label: Text
    count: int | None
    texts: tuple[str, ...]
    other: bool = False
    withheld: Hidden | None = None


@attrs.frozen(kw_only=True)
class Group:
    """One group of the breakdown: key, label, respondents.

    ``suppressed``: the group's figures are hidden (``hidden`` says why); its
    size is still given unless it is itself a hidden count of a sensitive
    answer (then ``None``). The group of key :data:`OTHERS` is the merge of
    the small groups listed in ``members``.
    """

    key: str
    label: Text
    size: int | None
    suppressed: bool = False
    hidden: Hidden | None = None
    members: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Breakdown:
    """Which breakdown was asked for, and its groups in order.

    ``merged``: the groups of fewer than ``min_group`` people merged into the
    group :data:`OTHERS` (« Autres groupes »), which ``groups`` lists last.
    """

    by: str
    kind: BreakdownKind
    label: Text
    groups: tuple[Group, ...]
    merged: tuple[Group, ...] = ()


@attrs.frozen(kw_only=True)
class Exclusion:
    """A response left out of the figures, and why (never its token nor names)."""

    index: int
    source: str | None
    problems: tuple[Problem, ...]


@attrs.frozen(kw_only=True)
class Analysis:
    """The analysis of a set of responses to one questionnaire (immutable).

    ``received``: responses given; ``analysed``: responses counted;
    ``excluded``: the others, with their problems. ``release_conflicts``: sets
    whose figures were withheld because they differ too little from a set
    published before (see :class:`~conseils_citoyens.survey.privacy.ReleaseLog`);
    ``released``: the sets this analysis publishes, to record in that log.
    ``period``: the first and last days the analysed forms were saved on (None
    when no form says, or when fewer than ``min_group`` responses are analysed);
    only this range is kept, never a person's date.
    """

    questionnaire_id: str
    questionnaire_version: str
    title: Text
    min_group: int
    received: int
    analysed: int
    excluded: tuple[Exclusion, ...]
    needs: tuple[MatrixNeeds, ...]
    distributions: tuple[ChoiceDistribution, ...]
    rankings: tuple[RankingResult, ...]
    numbers: tuple[NumberSummary, ...]
    texts: tuple[TextAnswers, ...]
    breakdown: Breakdown | None = None
    release_conflicts: tuple[ReleaseConflict, ...] = ()
    released: tuple[ReleasedSet, ...] = ()
    period: tuple[dt.date, dt.date] | None = None

    @property
    def suppressed_any(self) -> bool:
        """True when at least one figure is hidden."""
        return (
            any(
                _figures_hide(t.overall) or any(_figures_hide(g.figures) for g in t.groups)
                for m in self.needs
                for t in m.topics
            )
            or any(d.suppressed or any(c.hidden for c in d.choices) for d in self.distributions)
            or any(
                r.suppressed or any(i.first_hidden or i.mentions_hidden for i in r.items)
                for r in self.rankings
            )
            or any(n.suppressed for n in self.numbers)
            or any(t.withheld is not None for t in self.texts)
            or (self.breakdown is not None and any(g.suppressed for g in self.breakdown.groups))
        )

    def distribution(self, question_id: str) -> ChoiceDistribution:
        """Return the distribution of one choice question; KeyError when absent."""
        for item in self.distributions:
            if item.question_id == question_id:
                return item
        raise KeyError(question_id)


def _figures_hide(figures: NeedFigures) -> bool:
    return figures.suppressed or any(level.hidden for level in figures.levels)


# --- helpers ---------------------------------------------------------------------------


def _need_columns(question: Matrix) -> tuple[dict[str, int | None], frozenset[str]]:
    """Return column code -> score (None for ``trained``) and the high columns."""
    need = [c.code for c in question.columns if c.code != TRAINED_CODE]
    if set(STANDARD_SCORES) <= set(need) and len(need) == len(STANDARD_SCORES):
        scores: dict[str, int | None] = {code: STANDARD_SCORES[code] for code in need}
        high = STANDARD_HIGH
    else:
        scores = {code: position for position, code in enumerate(need)}
        high = frozenset(need[-2:] if len(need) > 2 else need[-1:])
    for column in question.columns:
        if column.code == TRAINED_CODE:
            scores[column.code] = None
    return scores, high


def _raw_need(
    counts: Mapping[str, int], scores: Mapping[str, int | None], high: frozenset[str]
) -> tuple[float | None, float | None]:
    """Return the exact share rating a topic high and its mean score."""
    answered = 0
    rated = 0
    total_score = 0
    high_count = 0
    for code, count in counts.items():
        answered += count
        score = scores[code]
        if score is not None:
            rated += count
            total_score += score * count
        if code in high:
            high_count += count
    return (
        high_count / answered if answered else None,
        total_score / rated if rated else None,
    )


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _choices(question: Question) -> tuple[Choice, ...]:
    if isinstance(question, SingleChoice | MultipleChoice):
        other = (
            (Choice(code=OTHER_CODE, label=question.other, sensitive=question.sensitive),)
            if question.other is not None
            else ()
        )
        return question.choices + other
    if isinstance(question, Scale):
        return question.levels
    if isinstance(question, YesNo):
        return YES_NO_CHOICES
    return ()


def _resolve_breakdown(questionnaire: Questionnaire, by: str) -> tuple[BreakdownKind, Text, str]:
    if by in RESPONDENT_BREAKDOWNS:
        labels = {
            "council": Text.of("Conseil citoyen", "Citizens' council"),
            "commune": Text.of("Commune", "Municipality"),
            "epci": Text.of("Intercommunalité (EPCI)", "Inter-municipal body (EPCI)"),
        }
        return BreakdownKind.RESPONDENT, labels[by], by
    candidates = [q for q in questionnaire.questions() if q.id == by]
    if not candidates and by == "college":
        candidates = [
            q
            for q in questionnaire.questions()
            if q.id.endswith("college") and isinstance(q, SingleChoice)
        ]
    if not candidates:
        raise _bad_breakdown(by, "question inconnue", "unknown question")
    question = candidates[0]
    if not isinstance(question, SingleChoice | YesNo | Scale):
        raise _bad_breakdown(
            by,
            "il faut une question à choix unique",
            "a single-choice question is needed",
        )
    return BreakdownKind.QUESTION, question.label, question.id


def _bad_breakdown(by: str, fr: str, en: str) -> ValidationError:
    return ValidationError(
        [
            Problem(
                path="$.by",
                code="analysis.bad_breakdown",
                texts={
                    "fr": f"répartition impossible par « {by} » : {fr} (possibles : college, council, commune, epci ou l'identifiant d'une question à choix unique)",
                    "en": f"cannot break down by '{by}': {en} (possible: college, council, commune, epci or the id of a single-choice question)",
                },
            )
        ],
        kind="analysis",
    )


def _is_sensitive(question: Question, choices: Sequence[Choice]) -> list[bool]:
    return [question.sensitive or c.sensitive for c in choices]


# --- the analysis ---------------------------------------------------------------------------


def analyze(
    questionnaire: Questionnaire,
    responses: Iterable[Response],
    *,
    by: str | None = None,
    min_group: int = DEFAULT_MIN_GROUP,
    validator: ResponseValidator | None = None,
    rejected: Sequence[Exclusion] = (),
    release_log: ReleaseLog | None = None,
) -> Analysis:
    """Analyse ``responses`` to ``questionnaire``; see the module docstring.

    ``by``: ``"college"``, ``"council"``, ``"commune"``, ``"epci"`` or the id of a
    single-choice question, to break the needs down by group. ``min_group``:
    smallest set of people a figure may describe. ``validator``: a stricter
    check run after the structural one (e.g. the response schema); its problems
    also exclude a response. ``rejected``: entries the caller could not even
    read as responses, with their position in the whole input; they count as
    received and left out, and ``responses`` fill the other positions.
    ``release_log``: the sets published before from these responses; a set
    differing from one of them by 1 to ``min_group`` − 1 people is withheld
    (:attr:`Analysis.release_conflicts`). The log is not changed: record
    :attr:`Analysis.released` in it once the report is written.

    A questionnaire with the standard questionnaire's id (an adapted one
    included) gets every ``sensitive`` flag the standard sets, even when its
    copy predates them
    (:func:`~conseils_citoyens.survey.questionnaire.standard.with_standard_flags`).

    Raise :class:`ValidationError` when a response comes from another
    questionnaire or version, when one respondent token is given twice (a
    person is never counted twice, ``analysis.same_respondent``), or when
    ``by`` or ``min_group`` is not usable.
    """
    if min_group < 1:
        raise ValidationError(
            [
                Problem(
                    path="$.min_group",
                    code="analysis.bad_min_group",
                    texts={
                        "fr": f"seuil de confidentialité invalide ({min_group}) : au moins 1",
                        "en": f"invalid privacy threshold ({min_group}): at least 1",
                    },
                )
            ],
            kind="analysis",
        )
    from conseils_citoyens.survey.questionnaire.standard import with_standard_flags

    all_responses = list(responses)
    check_versions(questionnaire, all_responses)
    breakdown_spec = _resolve_breakdown(questionnaire, by) if by is not None else None
    checkers = answer_checkers(questionnaire)
    total = len(all_responses) + len(rejected)
    positions = _positions(len(all_responses), rejected)
    _refuse_same_respondents(all_responses, positions)
    kept: list[Response] = []
    excluded: list[Exclusion] = list(rejected)
    for local, response in enumerate(all_responses):
        index = positions[local]
        problems = check_answers(checkers, response.answers, index)
        if not problems and validator is not None:
            problems = list(validator(questionnaire, response))
        if problems:
            excluded.append(
                Exclusion(index=index, source=response.source, problems=tuple(problems))
            )
        else:
            kept.append(response)
    # a copy of the standard questionnaire made before its sensitive flags keeps their
    # protection (the responses were checked against the copy itself, hash included)
    protected = with_standard_flags(questionnaire)
    tally = count_responses(
        protected, kept, breakdown_spec[2] if breakdown_spec is not None else None
    )
    return _Builder(protected, tally, kept, breakdown_spec, by, min_group, release_log).run(
        received=total, excluded=tuple(sorted(excluded, key=lambda e: e.index))
    )


def _positions(count: int, rejected: Sequence[Exclusion]) -> list[int]:
    """The position in the whole input of each of ``count`` responses, around ``rejected``."""
    taken = {e.index for e in rejected}
    positions = [i for i in range(count + len(rejected)) if i not in taken]
    if len(positions) != count:
        raise ValueError("rejected entries must have distinct positions within the input")
    return positions


def analysed_responses(
    analysis: Analysis, responses: Sequence[Response], rejected: Sequence[Exclusion] = ()
) -> list[Response]:
    """The responses ``analysis`` counted: ``responses`` minus those it left out.

    Give the same ``responses`` and ``rejected`` as to :func:`analyze`: the
    exclusions name positions in the whole input, unreadable entries included.
    """
    left_out = {exclusion.index for exclusion in analysis.excluded}
    positions = _positions(len(responses), rejected)
    return [r for r, at in zip(responses, positions, strict=True) if at not in left_out]


def _refuse_same_respondents(responses: Sequence[Response], positions: Sequence[int]) -> None:
    """Raise :class:`ValidationError` when one respondent token is given twice."""
    found = same_respondents(responses)
    if not found:
        return

    def where(local: int) -> tuple[str, str]:
        source = responses[local].source
        number = positions[local] + 1
        return source or f"réponse n° {number}", source or f"response no. {number}"

    problems = same_respondent_problems(
        found,
        responses,
        code="analysis.same_respondent",
        where=where,
        path=lambda local: f"$.responses[{positions[local]}].respondent.token",
    )
    raise ValidationError(problems, kind="responses")


def _response_data(response: Response) -> Any:
    from conseils_citoyens.survey.questionnaire.serialize import plain_answers

    respondent = response.respondent
    return {
        "answers": plain_answers(response.answers),
        "respondent": attrs.asdict(respondent) if respondent is not None else None,
    }


class _Builder:
    """Turns a tally into the published result, asking the privacy module what to hide."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        tally: Tally,
        responses: Sequence[Response],
        breakdown: tuple[BreakdownKind, Text, str] | None,
        by: str | None,
        min_group: int,
        release_log: ReleaseLog | None,
    ) -> None:
        self.questionnaire = questionnaire
        self.tally = tally
        self.saved_days = sorted(r.saved_on for r in responses if r.saved_on is not None)
        self.breakdown_spec = breakdown
        self.by = by
        self.k = min_group
        self.log = release_log
        self.blocked = False
        #: why every figure is hidden (a population too small, or a release conflict)
        self.block_why = Hidden.RELEASE
        self.conflicts: list[ReleaseConflict] = []
        self.released: list[ReleasedSet] = []
        self.atom_prints: list[frozenset[str]] = []
        self._conflict_found: dict[int, tuple[ReleasedSet, str, int]] = {}
        if release_log is not None:
            seen: Counter[str] = Counter()
            prints: list[str] = []
            for response in responses:
                base = fingerprint(_response_data(response), release_log.salt)
                seen[base] += 1
                # identical responses stay distinct people
                prints.append(f"{base}.{seen[base]}" if seen[base] > 1 else base)
            self.atom_prints = [
                frozenset(prints[i] for i in members) for members in tally.atom_members
            ]

    # -- release log --

    def _members(self, mask: int) -> frozenset[str]:
        return frozenset().union(*(self.atom_prints[i] for i in atoms_in(mask)))

    def _conflict(self, mask: int) -> bool:
        if self.log is None:
            return False
        if mask not in self._conflict_found:
            found = self.log.conflict_with(self._members(mask), self.k)
            if found is None:
                return False
            self._conflict_found[mask] = found
        return True

    def _conflict_message(self, mask: int, label: str) -> None:
        released, when, difference = self._conflict_found[mask]
        self.conflicts.append(
            ReleaseConflict(label=label, earlier=released.label, difference=difference, when=when)
        )

    # -- the whole --

    def run(self, *, received: int, excluded: tuple[Exclusion, ...]) -> Analysis:
        tally = self.tally
        everyone = (1 << len(tally.atom_sizes)) - 1
        if 0 < tally.analysed < self.k:
            # the population itself is too small a set: nothing but how many answered
            self.blocked = True
            self.block_why = Hidden.SMALL
        elif self.log is not None and tally.analysed and self._conflict(everyone):
            self.blocked = True
            self._conflict_message(everyone, "ensemble des répondants")
        elif self.log is not None and tally.analysed:
            self.released.append(
                ReleasedSet(label="ensemble des répondants", members=self._members(everyone))
            )
        questions = list(self.questionnaire.questions())
        distributions = {
            q.id: self._distribution(q)
            for q in questions
            if isinstance(q, SingleChoice | Scale | YesNo | MultipleChoice)
        }
        breakdown: Breakdown | None = None
        plans: dict[str, GroupPlan] = {}
        partitions: list[PartitionInput] = []
        if self.breakdown_spec is not None:
            partitions = self._partitions(distributions)
            plans = plan_groups(
                partitions,
                tally.atom_sizes,
                self.k,
                conflict=self._conflict if self.log is not None else None,
                published=(self.breakdown_spec[2],),
            )
            breakdown = self._breakdown(plans[self.breakdown_spec[2]], partitions)
        return Analysis(
            questionnaire_id=self.questionnaire.id,
            questionnaire_version=self.questionnaire.version,
            title=self.questionnaire.title,
            min_group=self.k,
            received=received,
            analysed=tally.analysed,
            excluded=excluded,
            needs=tuple(
                self._matrix(q, breakdown, partitions, plans)
                for q in questions
                if isinstance(q, Matrix)
            ),
            distributions=tuple(distributions.values()),
            rankings=tuple(self._ranking(q) for q in questions if isinstance(q, Ranking)),
            numbers=tuple(self._number(q) for q in questions if isinstance(q, Number | Date)),
            texts=self._texts(questions, distributions),
            breakdown=breakdown,
            release_conflicts=tuple(self.conflicts),
            released=tuple(self.released),
            period=self._period(),
        )

    def _period(self) -> tuple[dt.date, dt.date] | None:
        """First and last save days, unless the population is too small to show anything."""
        if not self.saved_days or (self.blocked and self.block_why is Hidden.SMALL):
            return None
        return (self.saved_days[0], self.saved_days[-1])

    # -- breakdown --

    def _partitions(self, distributions: Mapping[str, ChoiceDistribution]) -> list[PartitionInput]:
        tally = self.tally
        result: list[PartitionInput] = []
        for name in tally.partitions:
            masks = tally.atoms_of(name)
            order: list[str] = []
            sizes_hidden: dict[str, Hidden] = {}
            dist = distributions.get(name)
            if dist is not None:
                order = [c.code for c in dist.choices]
                for c in dist.choices:
                    if c.count is None and c.hidden is not None:
                        sizes_hidden[c.code] = c.hidden
                if dist.answered is None and dist.answered_why is not None:
                    sizes_hidden[NOT_STATED] = dist.answered_why
            order.extend(sorted(k for k in masks if k not in order and k != NOT_STATED))
            if NOT_STATED in masks or NOT_STATED in sizes_hidden:
                order.append(NOT_STATED)
            # a group whose size is hidden is listed even when empty: its absence would tell
            keys = tuple(k for k in order if k in masks or k in sizes_hidden)
            result.append(
                PartitionInput(
                    name=name,
                    keys=keys,
                    masks=tuple(masks.get(k, 0) for k in keys),
                    sizes_hidden={k: v for k, v in sizes_hidden.items() if k in keys},
                )
            )
        return result

    def _breakdown(self, plan: GroupPlan, partitions: Sequence[PartitionInput]) -> Breakdown:
        if self.breakdown_spec is None or self.by is None:
            raise RuntimeError("_breakdown called without a breakdown")
        kind, label, key = self.breakdown_spec
        partition = next(p for p in partitions if p.name == key)
        labels: dict[str, Text] = {}
        if kind is BreakdownKind.QUESTION:
            for choice in _choices(self.questionnaire.question(key)):
                labels[choice.code] = choice.label
        sizes = self.tally.group_sizes

        def label_of(k: str) -> Text:
            return labels.get(k, NOT_STATED_LABEL if k == NOT_STATED else Text.of(k))

        def set_label(k: str) -> str:
            return f"{self.by} « {label_of(k).get('fr')} »"

        groups: list[Group] = []
        merged: list[Group] = []
        others_mask = 0
        for group_key, mask in zip(partition.keys, partition.masks, strict=True):
            size = sizes.get(group_key, 0)
            if group_key in plan.shown:
                groups.append(Group(key=group_key, label=label_of(group_key), size=size))
                if self.log is not None and not self.blocked:
                    self.released.append(
                        ReleasedSet(label=set_label(group_key), members=self._members(mask))
                    )
            elif group_key in plan.merged:
                why = plan.hidden.get(group_key, Hidden.SMALL)
                if why is Hidden.RELEASE and mask in self._conflict_found:
                    self._conflict_message(mask, set_label(group_key))
                others_mask |= mask
                merged.append(
                    Group(
                        key=group_key,
                        label=label_of(group_key),
                        size=None if group_key in partition.sizes_hidden else size,
                        suppressed=True,
                        hidden=why,
                    )
                )
        if merged:
            total = sum(sizes.get(g.key, 0) for g in merged)
            all_small = all(sizes.get(g.key, 0) < self.k for g in merged)
            others = Group(
                key=OTHERS,
                label=others_label(self.k)
                if all_small
                else _joined_label([g.label for g in merged]),
                # everyone minus the groups shown: known anyway
                size=total,
                suppressed=self.blocked,
                hidden=self.block_why if self.blocked else None,
                members=tuple(g.key for g in merged),
            )
            groups.append(others)
            if self.log is not None and not self.blocked:
                self.released.append(
                    ReleasedSet(
                        label=f"{self.by} : autres groupes", members=self._members(others_mask)
                    )
                )
        return Breakdown(
            by=self.by, kind=kind, label=label, groups=tuple(groups), merged=tuple(merged)
        )

    # -- needs --

    def _matrix(
        self,
        question: Matrix,
        breakdown: Breakdown | None,
        partitions: Sequence[PartitionInput],
        plans: Mapping[str, GroupPlan],
    ) -> MatrixNeeds:
        scores, high = _need_columns(question)
        tally = self.tally
        pairs = tally.matrix_pairs[question.id]
        topics: list[TopicNeeds] = []
        raw: dict[str, tuple[float | None, float | None]] = {}
        for row in question.rows:
            overall_counts = _row_counts(pairs.get(EVERYONE, Counter()), row.code)
            raw[row.code] = _raw_need(overall_counts, scores, high)
            sensitive = (
                question.sensitive or row.sensitive or any(c.sensitive for c in question.columns)
            )
            overall = self._topic_overall(question, overall_counts, scores, high, sensitive)
            groups: tuple[GroupFigures, ...] = ()
            if breakdown is not None and self.breakdown_spec is not None:
                key = self.breakdown_spec[2]
                hidden_blocks: dict[str, Hidden] = {}
                if not sensitive:
                    hidden_blocks = plan_measure(
                        partitions, plans, tally.row_answered(question.id, row.code), self.k
                    ).get(key, {})
                groups = tuple(
                    GroupFigures(
                        group=g.key,
                        figures=self._topic_group(
                            question, g, pairs, row.code, scores, high, sensitive, hidden_blocks
                        ),
                    )
                    for g in breakdown.groups
                )
            topics.append(
                TopicNeeds(
                    code=row.code, label=row.label, overall=overall, rank=None, groups=groups
                )
            )
        ranked = sorted(
            (t for t in topics if not _figures_hide(t.overall) and t.overall.answered),
            key=lambda t: (-(raw[t.code][0] or 0.0), -(raw[t.code][1] or 0.0), t.code),
        )
        rank_of = {t.code: n for n, t in enumerate(ranked, start=1)}
        ordered = [attrs.evolve(t, rank=rank_of[t.code]) for t in ranked] + [
            t for t in topics if t.code not in rank_of
        ]
        return MatrixNeeds(
            question_id=question.id,
            label=question.label,
            columns=question.columns,
            topics=tuple(ordered),
            respondents=None if self.blocked else tally.matrix_respondents[question.id],
        )

    def _topic_overall(
        self,
        question: Matrix,
        counts: Mapping[str, int],
        scores: Mapping[str, int | None],
        high: frozenset[str],
        sensitive: bool,
    ) -> NeedFigures:
        answered = sum(counts.values())
        if self.blocked:
            return _hidden_figures(question, scores, high, self.block_why, None)
        if 0 < answered < self.k:
            return _hidden_figures(question, scores, high, Hidden.SMALL, answered)
        level_hidden: list[Hidden | None] = [None] * len(question.columns)
        if sensitive and answered:
            values = [counts.get(c.code, 0) for c in question.columns]
            hide, unprotectable = protect_cells(
                values, [True] * len(values), answered, self.k, total=True
            )
            if unprotectable:
                return _hidden_figures(question, scores, high, Hidden.SENSITIVE, None)
            level_hidden = [Hidden.SENSITIVE if h else None for h in hide]
        return _need_figures(question, counts, scores, high, level_hidden)

    def _topic_group(
        self,
        question: Matrix,
        group: Group,
        pairs: Mapping[str, Counter[tuple[str, str]]],
        row: str,
        scores: Mapping[str, int | None],
        high: frozenset[str],
        sensitive: bool,
        hidden_blocks: Mapping[str, Hidden],
    ) -> NeedFigures:
        if group.suppressed:
            return _hidden_figures(question, scores, high, group.hidden or Hidden.SMALL, None)
        keys = group.members or (group.key,)
        counts: Counter[str] = Counter()
        for key in keys:
            counts.update(_row_counts(pairs.get(key, Counter()), row))
        answered = sum(counts.values())
        if sensitive and answered:
            return _hidden_figures(question, scores, high, Hidden.SENSITIVE, answered)
        why = hidden_blocks.get(group.key)
        if why is not None:
            return _hidden_figures(question, scores, high, why, answered)
        return _need_figures(question, counts, scores, high, [None] * len(question.columns))

    # -- distributions, rankings, numbers, texts --

    def _distribution(
        self, question: SingleChoice | Scale | YesNo | MultipleChoice
    ) -> ChoiceDistribution:
        tally = self.tally
        multiple = isinstance(question, MultipleChoice)
        counts: Mapping[str, int] = (
            tally.multiple_counts[question.id] if multiple else tally.single_counts[question.id]
        )
        answered = tally.multiple_answered[question.id] if multiple else sum(counts.values())
        choices = _choices(question)
        flags = _is_sensitive(question, choices)
        values = [counts.get(c.code, 0) for c in choices]
        hidden: list[Hidden | None] = [None] * len(values)
        answered_why: Hidden | None = None
        suppressed = False
        if self.blocked:
            hidden = [self.block_why] * len(values)
            answered_why = self.block_why
            suppressed = True
        elif 0 < answered < self.k:
            hidden = [Hidden.SMALL] * len(values)
            suppressed = True
        elif any(flags) and answered:
            hide, unprotectable = protect_cells(values, flags, answered, self.k, total=not multiple)
            hidden = [Hidden.SENSITIVE if h else None for h in hide]
            if unprotectable:
                answered_why = Hidden.SENSITIVE
        return ChoiceDistribution(
            question_id=question.id,
            label=question.label,
            multiple=multiple,
            answered=None if answered_why is not None else answered,
            choices=tuple(
                ChoiceCount(
                    code=c.code,
                    label=c.label,
                    count=None if why is not None else value,
                    share=None
                    if why is not None or not answered or answered_why is not None
                    else value / answered,
                    hidden=why,
                    share_why=answered_why if why is None and answered_why is not None else None,
                    sensitive=flag,
                )
                for c, value, why, flag in zip(choices, values, hidden, flags, strict=True)
            ),
            suppressed=suppressed,
            answered_why=answered_why,
            sensitive=any(flags),
        )

    def _ranking(self, question: Ranking) -> RankingResult:
        tally = self.tally
        answered = tally.ranking_answered[question.id]
        points = tally.ranking_points[question.id]
        first = tally.ranking_first[question.id]
        mentions = tally.ranking_mentions[question.id]
        places = tally.ranking_places[question.id]
        flags = _is_sensitive(question, question.choices)
        why: Hidden | None = None
        if self.blocked:
            why = self.block_why
        elif 0 < answered < self.k:
            why = Hidden.SMALL
        elif any(flags) and answered:
            k = self.k
            # every place count is worked out from points, first places and mentions
            counts = [mentions.get(c.code, 0) for c in question.choices] + [
                places.get((c.code, p), 0) for c in question.choices for p in range(question.top)
            ]
            if any(c != 0 and not (c >= k and answered - c >= k) for c in counts):
                why = Hidden.SENSITIVE
        choices = list(question.choices)
        if why is None:
            choices.sort(key=lambda c: (-points.get(c.code, 0), -first.get(c.code, 0)))
        return RankingResult(
            question_id=question.id,
            label=question.label,
            top=question.top,
            answered=None if self.blocked else answered,
            items=tuple(
                RankingItem(
                    code=c.code,
                    label=c.label,
                    points=None if why is not None else points.get(c.code, 0),
                    first=None if why is not None else first.get(c.code, 0),
                    mentions=None if why is not None else mentions.get(c.code, 0),
                    first_hidden=why,
                    mentions_hidden=why,
                )
                for c in choices
            ),
            suppressed=why is not None,
            hidden=why,
            sensitive=any(flags),
        )

    def _number(self, question: Number | Date) -> NumberSummary:
        values = self.tally.number_values[question.id]
        count = len(values)
        # the smallest and largest values are one person's answer: only among enough people
        if self.blocked or count < self.k or question.sensitive:
            return NumberSummary(
                question_id=question.id,
                label=question.label,
                count=None if self.blocked else count,
                minimum=None,
                median=None,
                maximum=None,
                suppressed=bool(count) or self.blocked,
            )
        if isinstance(question, Date):
            ordered = sorted(values)
            return NumberSummary(
                question_id=question.id,
                label=question.label,
                count=count,
                minimum=ordered[0],
                median=ordered[(count - 1) // 2],
                maximum=ordered[-1],
            )
        return NumberSummary(
            question_id=question.id,
            label=question.label,
            count=count,
            minimum=min(values),
            median=_median(values),
            maximum=max(values),
        )

    def _texts(
        self, questions: Sequence[Question], distributions: Mapping[str, ChoiceDistribution]
    ) -> tuple[TextAnswers, ...]:
        tally = self.tally
        result: list[TextAnswers] = []
        for question in questions:
            sources: list[tuple[list[str], bool]] = []
            if question.id in tally.text_values:
                sources.append((tally.text_values[question.id], False))
            if question.id in tally.other_values:
                sources.append((tally.other_values[question.id], True))
            for values, other in sources:
                count = len(values)
                why: Hidden | None = None
                if self.blocked:
                    why = self.block_why
                elif 0 < count < self.k:
                    why = Hidden.SMALL
                elif question.sensitive:
                    why = Hidden.SENSITIVE
                elif other:
                    dist = distributions.get(question.id)
                    choice = (
                        next((c for c in dist.choices if c.code == OTHER_CODE), None)
                        if dist is not None
                        else None
                    )
                    # never under a hidden count: the texts would give it back
                    if dist is None or dist.suppressed or (choice is not None and choice.hidden):
                        why = Hidden.DERIVED
                result.append(
                    TextAnswers(
                        question_id=question.id,
                        label=question.label,
                        count=None if self.blocked else count,
                        texts=() if why is not None else tuple(sorted(values, key=str.casefold)),
                        other=other,
                        withheld=why if count or self.blocked else None,
                    )
                )
        return tuple(result)


def _row_counts(pairs: Mapping[tuple[str, str], int], row: str) -> dict[str, int]:
    return {column: count for (r, column), count in pairs.items() if r == row}


def _hidden_figures(
    question: Matrix,
    scores: Mapping[str, int | None],
    high: frozenset[str],
    why: Hidden,
    answered: int | None,
) -> NeedFigures:
    """Figures of a topic whose set of people is not shown (``answered`` may be)."""
    return NeedFigures(
        answered=answered,
        levels=tuple(
            LevelCount(
                code=c.code,
                label=c.label,
                count=None,
                score=scores[c.code],
                high=c.code in high,
                hidden=why,
            )
            for c in question.columns
        ),
        trained=None,
        share_high=None,
        mean=None,
        suppressed=True,
        hidden=why,
    )


def _need_figures(
    question: Matrix,
    counts: Mapping[str, int],
    scores: Mapping[str, int | None],
    high: frozenset[str],
    level_hidden: Sequence[Hidden | None],
) -> NeedFigures:
    """Figures of one topic for one set; ``level_hidden``: sensitive counts hidden."""
    answered = sum(counts.values())
    share_high, mean = _raw_need(counts, scores, high)
    hidden = next((why for why in level_hidden if why is not None), None)
    has_trained = any(c.code == TRAINED_CODE for c in question.columns)
    trained_hidden = next(
        (h for c, h in zip(question.columns, level_hidden, strict=True) if c.code == TRAINED_CODE),
        None,
    )
    return NeedFigures(
        answered=answered,
        levels=tuple(
            LevelCount(
                code=c.code,
                label=c.label,
                count=None if why is not None else counts.get(c.code, 0),
                score=scores[c.code],
                high=c.code in high,
                hidden=why,
            )
            for c, why in zip(question.columns, level_hidden, strict=True)
        ),
        trained=counts.get(TRAINED_CODE, 0) if has_trained and trained_hidden is None else None,
        share_high=None if hidden is not None else share_high,
        mean=None if hidden is not None else mean,
        share_hidden=hidden is not None and share_high is not None,
        mean_hidden=hidden is not None and mean is not None,
        share_why=hidden if share_high is not None else None,
        mean_why=hidden if mean is not None else None,
    )


__all__ = [
    "DEFAULT_MIN_GROUP",
    "NOT_STATED",
    "OTHERS",
    "STANDARD_SCORES",
    "TRAINED_CODE",
    "Analysis",
    "Breakdown",
    "BreakdownKind",
    "ChoiceCount",
    "ChoiceDistribution",
    "Exclusion",
    "Group",
    "GroupFigures",
    "Hidden",
    "LevelCount",
    "MatrixNeeds",
    "NeedFigures",
    "NumberSummary",
    "RankingItem",
    "RankingResult",
    "ReleaseConflict",
    "ReleaseLog",
    "ResponseValidator",
    "TextAnswers",
    "TopicNeeds",
    "analysed_responses",
    "analyze",
    "answer_problems",
    "check_versions",
    "others_label",
]
