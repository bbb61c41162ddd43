"""Training-needs analysis: from validated responses to figures people can plan with.

:func:`analyze` counts, for each matrix topic (a training theme), how many
respondents chose each need level, the share rating it *important* or
*priority*, a mean need score and a rank; the same per group (college,
council, commune, EPCI, or the answer to any single-choice question); the
distribution of every choice question; points of ranking questions; a summary
of numbers and dates; and counts of free-text answers.

Need score. For the standard levels ``none``, ``useful``, ``important``,
``priority`` the score is 0, 1, 2, 3. For any other matrix, a column scores its
position among the need columns (first column 0). A column whose code is
``trained`` ("already trained") is counted apart: it is in the number who
answered and in the denominator of the share, never in the mean. The *high*
levels are ``important`` and ``priority`` for the standard scale, otherwise
the two last need columns (the last one when there are only two).

Privacy. A figure about fewer than ``min_group`` respondents (default 5) is
never given: it is ``None`` and marked ``suppressed``. The unit is the group a
figure describes: the respondents of one group of a breakdown who answered the
question (or the whole population for overall figures), and also every count
of people inside a distribution: the people who chose one answer of a choice,
scale or yes/no question, one need level of a topic, one choice of a ranking
first or at all. Such a count is ``None`` with a :class:`Hidden` reason; a
share computed from it is ``None`` too; zero stays shown (it identifies no
one). Where the shown counts add up to a shown total (groups of a breakdown
row, answers of a single-choice, scale or yes/no question, levels of a topic,
first places of a ranking; the high levels of a topic whose share is shown,
and the other levels; the groups' figures of a topic, which add up to the
overall one), never exactly one non-zero count is hidden: the next smallest is
hidden too (complementary suppression), so the total minus the shown counts
does not reveal it. When the "not stated" group of a breakdown by a question
is hidden, that question's respondents count and shares are hidden too
(:attr:`Hidden.DERIVED`): analysed minus respondents would give it back. Free texts are kept in the result, sorted so that their order says
nothing about who wrote them; reports show them only when asked.

Bad input. Responses to another questionnaire (id or version) are refused
with a :class:`~conseils_citoyens.errors.ValidationError`. A response whose
answers do not fit the questionnaire (unknown codes, wrong shapes) is left out
of every figure and reported in :attr:`Analysis.excluded`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    OTHER_SUFFIX,
    YES_NO_CHOICES,
    Choice,
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
#: Breakdowns by respondent facts (anything else names a question).
RESPONDENT_BREAKDOWNS: Final = ("council", "commune", "epci")
_RESPONDENT_ATTRIBUTES: Final = {"council": "council_id", "commune": "commune", "epci": "epci"}
#: Key of the group of respondents with no value for the breakdown.
NOT_STATED: Final = ""
NOT_STATED_LABEL: Final = Text.of("Non renseigné", "Not stated")

_MAX_LISTED: Final = 20
#: Validates one response; returns its problems (empty when valid).
ResponseValidator = Callable[[Questionnaire, Response], Sequence[Problem]]


class Hidden(enum.Enum):
    """Why a count is not shown."""

    #: It counts fewer than ``min_group`` people.
    SMALL = "small"
    #: It is large enough, but hidden so that another hidden count cannot be worked out.
    COMPLEMENTARY = "complementary"
    #: It is computed from a hidden count (a share or a mean) and would give it back.
    DERIVED = "derived"


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
    count: int
    texts: tuple[str, ...]
    other: bool = False


@attrs.frozen(kw_only=True)
class Group:
    """One group of the breakdown: key, label, respondents (``None`` when suppressed)."""

    key: str
    label: Text
    size: int | None
    suppressed: bool = False
    hidden: Hidden | None = None


@attrs.frozen(kw_only=True)
class Breakdown:
    """Which breakdown was asked for, and its groups in order."""

    by: str
    kind: BreakdownKind
    label: Text
    groups: tuple[Group, ...]


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
    ``excluded``: the others, with their problems.
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

    @property
    def suppressed_any(self) -> bool:
        """True when at least one figure was suppressed."""
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


# --- validation of answers (fast, structural) --------------------------------------


def _problem(index: int, path: str, code: str, fr: str, en: str) -> Problem:
    return Problem(
        path=f"$.responses[{index}]{path}",
        code=f"analysis.{code}",
        texts={"fr": fr, "en": en},
    )


_Checker = Callable[[Any], tuple[str, str] | None]


def _choice_checker(codes: frozenset[str]) -> _Checker:
    def check(value: Any) -> tuple[str, str] | None:
        if value.__class__ is not str or value not in codes:
            return ("code de choix inconnu", "unknown choice code")
        return None

    return check


def _code_set(value: Any) -> set[Any] | None:
    """Return the set of a list's items, or None when an item cannot be a code."""
    try:
        return set(value)
    except TypeError:  # an unhashable item (a list, an object) is not a code
        return None


def _multiple_checker(question: MultipleChoice, codes: frozenset[str]) -> _Checker:
    maximum = question.max_selections

    def check(value: Any) -> tuple[str, str] | None:
        if not isinstance(value, list):
            return ("liste de codes attendue", "list of codes expected")
        chosen = _code_set(value)
        if chosen is None or not codes.issuperset(chosen):
            return ("code de choix inconnu", "unknown choice code")
        if len(chosen) != len(value):
            return ("choix répété", "choice repeated")
        if maximum is not None and len(value) > maximum:
            return (f"plus de {maximum} choix", f"more than {maximum} choices")
        return None

    return check


def _matrix_checker(question: Matrix) -> _Checker:
    rows = frozenset(r.code for r in question.rows)
    columns = frozenset(c.code for c in question.columns)

    def check(value: Any) -> tuple[str, str] | None:
        if not isinstance(value, dict):
            return ("objet {ligne: colonne} attendu", "{row: column} object expected")
        if not rows.issuperset(value):
            return ("ligne inconnue", "unknown row")
        levels = _code_set(value.values())
        if levels is None or not columns.issuperset(levels):
            return ("niveau inconnu", "unknown level")
        return None

    return check


def _ranking_checker(question: Ranking) -> _Checker:
    codes = frozenset(c.code for c in question.choices)
    top = question.top

    def check(value: Any) -> tuple[str, str] | None:
        if not isinstance(value, list) or not value:
            return ("classement (liste de codes) attendu", "ranking (list of codes) expected")
        ranked = _code_set(value)
        if ranked is None or not codes.issuperset(ranked):
            return ("code de choix inconnu", "unknown choice code")
        if len(ranked) != len(value):
            return ("choix classé deux fois", "choice ranked twice")
        if len(value) > top:
            return (f"plus de {top} choix classés", f"more than {top} choices ranked")
        return None

    return check


def _text_checker(maximum: int) -> _Checker:
    def check(value: Any) -> tuple[str, str] | None:
        if not isinstance(value, str):
            return ("texte attendu", "text expected")
        if len(value) > maximum:
            return (
                f"texte de plus de {maximum} caractères",
                f"text longer than {maximum} characters",
            )
        return None

    return check


def _number_checker(question: Number) -> _Checker:
    def check(value: Any) -> tuple[str, str] | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ("nombre attendu", "number expected")
        if question.integer and isinstance(value, float) and not value.is_integer():
            return ("nombre entier attendu", "whole number expected")
        if question.minimum is not None and value < question.minimum:
            return ("nombre trop petit", "number too small")
        if question.maximum is not None and value > question.maximum:
            return ("nombre trop grand", "number too large")
        return None

    return check


def _date_check(value: Any) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return ("date attendue", "date expected")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return ("date ISO (AAAA-MM-JJ) attendue", "ISO date (YYYY-MM-DD) expected")
    return None


def _other_checker(value: Any) -> tuple[str, str] | None:
    return None if isinstance(value, str) else ("texte attendu", "text expected")


def _checkers(questionnaire: Questionnaire) -> dict[str, _Checker]:
    checkers: dict[str, _Checker] = {}
    for question in questionnaire.questions():
        if isinstance(question, SingleChoice | MultipleChoice):
            codes = frozenset(c.code for c in question.choices)
            if question.other is not None:
                codes |= {OTHER_CODE}
                checkers[question.id + OTHER_SUFFIX] = _other_checker
            checkers[question.id] = (
                _multiple_checker(question, codes)
                if isinstance(question, MultipleChoice)
                else _choice_checker(codes)
            )
        elif isinstance(question, Scale):
            checkers[question.id] = _choice_checker(frozenset(c.code for c in question.levels))
        elif isinstance(question, YesNo):
            checkers[question.id] = _choice_checker(frozenset(c.code for c in YES_NO_CHOICES))
        elif isinstance(question, Matrix):
            checkers[question.id] = _matrix_checker(question)
        elif isinstance(question, Ranking):
            checkers[question.id] = _ranking_checker(question)
        elif isinstance(question, ShortText | LongText):
            checkers[question.id] = _text_checker(question.max_length)
        elif isinstance(question, Number):
            checkers[question.id] = _number_checker(question)
        elif isinstance(question, Date):
            checkers[question.id] = _date_check
    return checkers


def answer_problems(
    questionnaire: Questionnaire, response: Response, *, index: int = 0
) -> list[Problem]:
    """Return what keeps ``response`` from being counted (shapes and codes only).

    Conditions and required answers are not checked here: a partial answer
    still counts for what it says.
    """
    return _check(_checkers(questionnaire), response.answers, index)


def _check(
    checkers: Mapping[str, _Checker], answers: Mapping[str, Any], index: int
) -> list[Problem]:
    problems: list[Problem] = []
    for key, value in answers.items():
        checker = checkers.get(key)
        if checker is None:
            problems.append(
                _problem(
                    index,
                    f".answers.{key}",
                    "unknown_question",
                    f"question inconnue « {key} »",
                    f"unknown question '{key}'",
                )
            )
            continue
        reason = checker(value)
        if reason is not None:
            problems.append(
                _problem(
                    index,
                    f".answers.{key}",
                    "invalid_answer",
                    f"réponse invalide à « {key} » : {reason[0]}",
                    f"invalid answer to '{key}': {reason[1]}",
                )
            )
    return problems


# --- privacy ---------------------------------------------------------------------------


def suppression(
    sizes: Sequence[int], min_group: int, *, complementary: bool = True
) -> list[Hidden | None]:
    """Return, for each count of one row, why it is hidden (``None``: shown).

    A count below ``min_group`` is :attr:`Hidden.SMALL` (zero reveals no one
    and stays shown). With ``complementary`` (for counts that add up to a
    shown total), when exactly one count is hidden, the smallest non-zero of
    the others is :attr:`Hidden.COMPLEMENTARY`, so that the total minus the
    shown counts does not give it away.
    """
    hidden: list[Hidden | None] = [_small(size, min_group) for size in sizes]
    return _complete(hidden, sizes) if complementary else hidden


def complementary_suppression(sizes: Sequence[int], min_group: int) -> list[bool]:
    """Return which cells of one breakdown row to suppress (see :func:`suppression`)."""
    return [h is not None for h in suppression(sizes, min_group)]


def _complete(hidden: list[Hidden | None], sizes: Sequence[int]) -> list[Hidden | None]:
    """Hide the smallest non-zero shown count too when exactly one non-zero count is hidden."""
    hidden = list(hidden)
    _complete_sets(hidden, sizes, [range(len(sizes))])
    return hidden


def _complete_sets(
    hidden: list[Hidden | None], sizes: Sequence[int], sets: Sequence[Sequence[int]]
) -> list[int]:
    """Complete ``hidden`` in place so no set of cells has exactly one hidden non-zero cell.

    Each set lists the positions of cells that add up to a shown total. Until
    nothing changes, a set with exactly one hidden non-zero cell gets its
    smallest shown non-zero cell hidden as :attr:`Hidden.COMPLEMENTARY`.
    Return the positions (in ``sets``) of the sets that could not be completed
    (no shown non-zero cell left): their total must be hidden by the caller.
    """
    stuck: set[int] = set()
    changed = True
    while changed:
        changed = False
        for number, cells in enumerate(sets):
            if sum(1 for i in cells if hidden[i] is not None and sizes[i] > 0) != 1:
                continue
            candidates = [i for i in cells if hidden[i] is None and sizes[i] > 0]
            if not candidates:
                stuck.add(number)
                continue
            hidden[min(candidates, key=lambda i: (sizes[i], i))] = Hidden.COMPLEMENTARY
            changed = True
    return sorted(stuck)


def _lone_hidden(hidden: Sequence[bool], sizes: Sequence[int]) -> bool:
    """True when exactly one non-zero cell of a row is hidden."""
    return sum(1 for h, size in zip(hidden, sizes, strict=True) if h and size > 0) == 1


def _small(count: int, min_group: int) -> Hidden | None:
    return Hidden.SMALL if 0 < count < min_group else None


# --- aggregation ---------------------------------------------------------------------


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


def _need_figures(
    question: Matrix,
    counts: Mapping[str, int],
    scores: Mapping[str, int | None],
    high: frozenset[str],
    hidden: Hidden | None,
    min_group: int,
    *,
    forced: frozenset[int] = frozenset(),
    force_share: Hidden | None = None,
    force_mean: Hidden | None = None,
) -> NeedFigures:
    """Figures of one topic; ``forced``: positions of level counts hidden as complements,
    ``force_share`` / ``force_mean``: why the share / mean must be hidden anyway."""
    if hidden is not None:
        return NeedFigures(
            answered=None,
            levels=tuple(
                LevelCount(
                    code=c.code,
                    label=c.label,
                    count=None,
                    score=scores[c.code],
                    high=c.code in high,
                    hidden=hidden,
                )
                for c in question.columns
            ),
            trained=None,
            share_high=None,
            mean=None,
            suppressed=True,
            hidden=hidden,
        )
    answered = sum(counts.values())
    trained = counts.get(TRAINED_CODE, 0)
    share_high, mean = _raw_need(counts, scores, high)
    high_count = sum(counts.get(code, 0) for code in high)
    level_counts = [counts.get(c.code, 0) for c in question.columns]
    level_hidden: list[Hidden | None] = [
        Hidden.COMPLEMENTARY if i in forced and count > 0 else _small(count, min_group)
        for i, count in enumerate(level_counts)
    ]
    # the share reveals how many rate the topic high, and how many do not
    share_why = force_share or (
        Hidden.SMALL
        if _small(high_count, min_group) or _small(answered - high_count, min_group)
        else None
    )
    everything = range(len(level_counts))
    if share_why is None:
        # shown, the share is the total of the high levels, and of the others
        high_cells = [i for i, c in enumerate(question.columns) if c.code in high]
        low_cells = [i for i in everything if i not in high_cells]
        if _complete_sets(level_hidden, level_counts, [high_cells, low_cells, everything]):
            share_why = Hidden.DERIVED
    else:
        _complete_sets(level_hidden, level_counts, [everything])
    any_hidden = any(level_hidden)
    # with the other counts shown, the mean would give the hidden ones back
    mean_why = Hidden.DERIVED if any_hidden else force_mean
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
                count=None if why is not None else count,
                score=scores[c.code],
                high=c.code in high,
                hidden=why,
            )
            for c, count, why in zip(question.columns, level_counts, level_hidden, strict=True)
        ),
        trained=trained if has_trained and trained_hidden is None else None,
        share_high=None if share_why is not None else share_high,
        mean=None if mean_why is not None else mean,
        share_hidden=share_why is not None and share_high is not None,
        mean_hidden=mean_why is not None and mean is not None,
        share_why=share_why if share_high is not None else None,
        mean_why=mean_why if mean is not None else None,
    )


def _raw_need(
    counts: Mapping[str, int], scores: Mapping[str, int | None], high: frozenset[str]
) -> tuple[float | None, float | None]:
    """Return the exact share rating a topic high and its mean score (for ranking)."""
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
            (Choice(code=OTHER_CODE, label=question.other),) if question.other is not None else ()
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


def check_versions(questionnaire: Questionnaire, responses: Sequence[Response]) -> None:
    """Raise :class:`ValidationError` when a response is not to this questionnaire's version."""
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    expected = questionnaire_ref(questionnaire)
    problems: list[Problem] = []
    for index, response in enumerate(responses):
        ref = response.questionnaire
        if ref == expected:
            continue
        if ref.id == expected.id and ref.version == expected.version:
            where = f" ({response.source})" if response.source else ""
            problems.append(
                Problem(
                    path=f"$.responses[{index}].questionnaire.hash",
                    code="analysis.other_content",
                    texts={
                        "fr": f"réponse{where} au questionnaire « {ref.id} » version {ref.version} "
                        "mais dont le contenu diffère (empreinte différente : questions ajoutées "
                        "ou modifiées localement) : donnez le questionnaire exact de ces réponses",
                        "en": f"response{where} to questionnaire '{ref.id}' version {ref.version} "
                        "but with different content (another hash: questions added or changed "
                        "locally): give the exact questionnaire of these responses",
                    },
                    source=response.source,
                )
            )
        else:
            where = f" ({response.source})" if response.source else ""
            problems.append(
                Problem(
                    path=f"$.responses[{index}].questionnaire",
                    code="analysis.other_questionnaire",
                    texts={
                        "fr": f"réponse{where} au questionnaire « {ref.id} » version {ref.version}, "
                        f"pas à « {questionnaire.id} » version {questionnaire.version} : "
                        "analysez chaque version à part",
                        "en": f"response{where} to questionnaire '{ref.id}' version {ref.version}, "
                        f"not '{questionnaire.id}' version {questionnaire.version}: "
                        "analyse each version separately",
                    },
                    source=response.source,
                )
            )
    if len(problems) > _MAX_LISTED:
        more = len(problems) - _MAX_LISTED
        problems = [
            *problems[:_MAX_LISTED],
            Problem(
                path="$.responses",
                code="analysis.other_questionnaire",
                texts={
                    "fr": f"et {more} autres réponses d'un autre questionnaire ou d'une autre version",
                    "en": f"and {more} more responses to another questionnaire or version",
                },
            ),
        ]
    if problems:
        raise ValidationError(problems, kind="responses")


def analyze(
    questionnaire: Questionnaire,
    responses: Iterable[Response],
    *,
    by: str | None = None,
    min_group: int = DEFAULT_MIN_GROUP,
    validator: ResponseValidator | None = None,
    rejected: Sequence[Exclusion] = (),
) -> Analysis:
    """Analyse ``responses`` to ``questionnaire``; see the module docstring.

    ``by``: ``"college"``, ``"council"``, ``"commune"``, ``"epci"`` or the id of a
    single-choice question, to break the needs down by group. ``min_group``:
    smallest group whose figures are shown. ``validator``: a stricter check
    run after the structural one (e.g. the response schema); its problems
    also exclude a response. ``rejected``: entries the caller could not even
    read as responses, with their position in the whole input; they count as
    received and left out, and ``responses`` fill the other positions.

    Raise :class:`ValidationError` when a response comes from another
    questionnaire or version, or when ``by`` or ``min_group`` is not usable.
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
    all_responses = list(responses)
    check_versions(questionnaire, all_responses)
    breakdown_spec = _resolve_breakdown(questionnaire, by) if by is not None else None
    checkers = _checkers(questionnaire)
    total = len(all_responses) + len(rejected)
    taken = {e.index for e in rejected}
    positions = [i for i in range(total) if i not in taken]
    if len(positions) != len(all_responses):
        raise ValueError("rejected entries must have distinct positions within the input")
    kept: list[Response] = []
    excluded: list[Exclusion] = list(rejected)
    for local, response in enumerate(all_responses):
        index = positions[local]
        problems = _check(checkers, response.answers, index)
        if not problems and validator is not None:
            problems = list(validator(questionnaire, response))
        if problems:
            excluded.append(
                Exclusion(index=index, source=response.source, problems=tuple(problems))
            )
        else:
            kept.append(response)
    return _Aggregator(questionnaire, kept, breakdown_spec, by, min_group).run(
        received=total, excluded=tuple(sorted(excluded, key=lambda e: e.index))
    )


def _nest(
    pairs_by_group: Mapping[str, Mapping[tuple[str, str], int]],
) -> dict[str, dict[str, dict[str, int]]]:
    """Turn group -> (row, column) -> count into group -> row -> column -> count."""
    nested: dict[str, dict[str, dict[str, int]]] = {}
    for group, pairs in pairs_by_group.items():
        rows: dict[str, dict[str, int]] = {}
        for (row, column), count in pairs.items():
            rows.setdefault(row, {})[column] = count
        nested[group] = rows
    return nested


def _align(
    breakdown: Breakdown,
    distributions: tuple[ChoiceDistribution, ...],
    raw_sizes: Mapping[str, int],
) -> tuple[Breakdown, tuple[ChoiceDistribution, ...]]:
    """Hide the same groups in a breakdown and in the distribution of its question.

    The two tables count the same people, but the breakdown also has the "not
    stated" group: its groups add up to the responses analysed, the
    distribution's answers to the question's respondents. A count hidden in
    one is hidden in the other, and then each row is completed (never exactly
    one hidden non-zero count) until both agree. When the "not stated" group
    is hidden, the question's respondents count (analysed minus that group)
    and the shares computed from it are hidden too.
    """
    position = next((i for i, d in enumerate(distributions) if d.question_id == breakdown.by), None)
    if position is None:
        return breakdown, distributions
    dist = distributions[position]
    if dist.suppressed:
        return breakdown, distributions
    reasons: dict[str, Hidden] = {g.key: g.hidden for g in breakdown.groups if g.hidden}
    for c in dist.choices:
        if c.hidden is not None:
            reasons.setdefault(c.code, c.hidden)
    keys = [g.key for g in breakdown.groups]
    choice_keys = [c.code for c in dist.choices]
    rows = [keys]
    while True:
        before = len(reasons)
        for row in rows:
            hidden = [reasons.get(k) for k in row]
            _complete_sets(hidden, [raw_sizes.get(k, 0) for k in row], [range(len(row))])
            for k, why in zip(row, hidden, strict=True):
                if why is not None and raw_sizes.get(k, 0) > 0:
                    reasons.setdefault(k, why)
        # with "not stated" hidden, the question's respondents are hidden too: the
        # answers then add up to no shown total
        if len(rows) == 1 and (raw_sizes.get(NOT_STATED, 0) == 0 or NOT_STATED not in reasons):
            rows = [keys, choice_keys]
            continue
        if len(reasons) == before:
            break
    groups = tuple(
        attrs.evolve(g, size=None, suppressed=True, hidden=Hidden.COMPLEMENTARY)
        if g.key in reasons and not g.suppressed
        else g
        for g in breakdown.groups
    )
    not_stated_hidden = raw_sizes.get(NOT_STATED, 0) > 0 and NOT_STATED in reasons
    choices = tuple(
        attrs.evolve(c, count=None, share=None, hidden=Hidden.COMPLEMENTARY)
        if c.code in reasons and c.hidden is None and c.count
        else c
        for c in dist.choices
    )
    if not_stated_hidden:
        choices = tuple(
            attrs.evolve(c, share=None, share_why=Hidden.DERIVED)
            if c.hidden is None and c.count
            else c
            for c in choices
        )
        dist = attrs.evolve(dist, answered=None, answered_why=Hidden.DERIVED)
    aligned = (
        *distributions[:position],
        attrs.evolve(dist, choices=choices),
        *distributions[position + 1 :],
    )
    return attrs.evolve(breakdown, groups=groups), aligned


class _Aggregator:
    """Straight counting loops over plain dicts, one pass over the responses."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        responses: list[Response],
        breakdown: tuple[BreakdownKind, Text, str] | None,
        by: str | None,
        min_group: int,
    ) -> None:
        self.questionnaire = questionnaire
        self.responses = responses
        self.breakdown = breakdown
        self.by = by
        self.min_group = min_group

    def _group_keys(self) -> list[str]:
        if self.breakdown is None:
            return []
        kind, _, key = self.breakdown
        keys: list[str] = []
        if kind is BreakdownKind.RESPONDENT:
            attribute = _RESPONDENT_ATTRIBUTES[key]
            for response in self.responses:
                respondent = response.respondent
                value = getattr(respondent, attribute, None) if respondent is not None else None
                keys.append(value if isinstance(value, str) and value else NOT_STATED)
        else:
            for response in self.responses:
                value = response.answers.get(key)
                keys.append(value if isinstance(value, str) and value else NOT_STATED)
        return keys

    def run(self, *, received: int, excluded: tuple[Exclusion, ...]) -> Analysis:
        questions = list(self.questionnaire.questions())
        matrices = [q for q in questions if isinstance(q, Matrix)]
        singles = [q for q in questions if isinstance(q, SingleChoice | Scale | YesNo)]
        multiples = [q for q in questions if isinstance(q, MultipleChoice)]
        rankings = [q for q in questions if isinstance(q, Ranking)]
        numbers = [q for q in questions if isinstance(q, Number | Date)]
        texts = [q for q in questions if isinstance(q, ShortText | LongText)]
        others = [
            q
            for q in questions
            if isinstance(q, SingleChoice | MultipleChoice) and q.other is not None
        ]

        group_keys = self._group_keys()
        with_groups = self.breakdown is not None
        # matrix id -> group key ("*" for everyone) -> (row, column) -> count; Counter.update
        # counts the pairs of a whole answer in C, the hot loop of a training-needs survey
        matrix_pairs: dict[str, dict[str, Counter[tuple[str, str]]]] = {
            q.id: {"*": Counter()} for q in matrices
        }
        matrix_respondents: dict[str, int] = {q.id: 0 for q in matrices}
        single_counts: dict[str, dict[str, int]] = {q.id: {} for q in singles}
        multiple_counts: dict[str, Counter[str]] = {q.id: Counter() for q in multiples}
        multiple_answered: dict[str, int] = {q.id: 0 for q in multiples}
        ranking_points: dict[str, dict[str, int]] = {q.id: {} for q in rankings}
        ranking_first: dict[str, dict[str, int]] = {q.id: {} for q in rankings}
        ranking_mentions: dict[str, dict[str, int]] = {q.id: {} for q in rankings}
        ranking_answered: dict[str, int] = {q.id: 0 for q in rankings}
        ranking_top: dict[str, int] = {q.id: q.top for q in rankings}
        number_values: dict[str, list[Any]] = {q.id: [] for q in numbers}
        text_values: dict[str, list[str]] = {q.id: [] for q in texts}
        other_values: dict[str, list[str]] = {q.id: [] for q in others}
        group_sizes: dict[str, int] = {}

        matrix_ids = [q.id for q in matrices]
        single_ids = [q.id for q in singles]
        multiple_ids = [q.id for q in multiples]
        ranking_ids = [q.id for q in rankings]
        number_ids = [q.id for q in numbers]
        text_ids = [q.id for q in texts]
        other_keys = [(q.id, q.id + OTHER_SUFFIX) for q in others]

        for position, response in enumerate(self.responses):
            answers = response.answers
            group = group_keys[position] if with_groups else "*"
            if with_groups:
                group_sizes[group] = group_sizes.get(group, 0) + 1
            for qid in matrix_ids:
                cells = answers.get(qid)
                if not cells:
                    continue
                matrix_respondents[qid] += 1
                per_group = matrix_pairs[qid]
                pairs = cells.items()
                per_group["*"].update(pairs)
                if with_groups:
                    mine = per_group.get(group)
                    if mine is None:
                        mine = per_group[group] = Counter()
                    mine.update(pairs)
            for qid in single_ids:
                value = answers.get(qid)
                if value is not None:
                    counts = single_counts[qid]
                    counts[value] = counts.get(value, 0) + 1
            for qid in multiple_ids:
                chosen = answers.get(qid)
                if chosen:
                    multiple_answered[qid] += 1
                    multiple_counts[qid].update(chosen)
            for qid in ranking_ids:
                order = answers.get(qid)
                if order:
                    ranking_answered[qid] += 1
                    top = ranking_top[qid]
                    points = ranking_points[qid]
                    mentions = ranking_mentions[qid]
                    for place, code in enumerate(order):
                        points[code] = points.get(code, 0) + top - place
                        mentions[code] = mentions.get(code, 0) + 1
                    first = ranking_first[qid]
                    first[order[0]] = first.get(order[0], 0) + 1
            for qid in number_ids:
                value = answers.get(qid)
                if value is not None:
                    number_values[qid].append(value)
            for qid in text_ids:
                value = answers.get(qid)
                if isinstance(value, str) and value.strip():
                    text_values[qid].append(value.strip())
            for qid, key in other_keys:
                value = answers.get(key)
                if isinstance(value, str) and value.strip():
                    other_values[qid].append(value.strip())

        breakdown = self._breakdown(group_sizes) if self.breakdown is not None else None
        distributions = tuple(
            self._distribution(q, single_counts, multiple_counts, multiple_answered)
            for q in questions
            if isinstance(q, SingleChoice | Scale | YesNo | MultipleChoice)
        )
        if breakdown is not None and breakdown.kind is BreakdownKind.QUESTION:
            breakdown, distributions = _align(breakdown, distributions, group_sizes)
        return Analysis(
            questionnaire_id=self.questionnaire.id,
            questionnaire_version=self.questionnaire.version,
            title=self.questionnaire.title,
            min_group=self.min_group,
            received=received,
            analysed=len(self.responses),
            excluded=excluded,
            needs=tuple(
                self._matrix(q, _nest(matrix_pairs[q.id]), matrix_respondents[q.id], breakdown)
                for q in matrices
            ),
            distributions=distributions,
            rankings=tuple(
                self._ranking(
                    q,
                    ranking_points[q.id],
                    ranking_first[q.id],
                    ranking_mentions[q.id],
                    ranking_answered[q.id],
                )
                for q in rankings
            ),
            numbers=tuple(self._number(q, number_values[q.id]) for q in numbers),
            texts=self._texts(questions, text_values, other_values),
            breakdown=breakdown,
        )

    # -- building the result --

    def _shown(self, size: int) -> bool:
        return size >= self.min_group

    def _breakdown(self, sizes: Mapping[str, int]) -> Breakdown:
        if self.breakdown is None or self.by is None:
            raise RuntimeError("_breakdown called without a breakdown")
        kind, label, key = self.breakdown
        labels: dict[str, Text] = {}
        order: list[str] = []
        if kind is BreakdownKind.QUESTION:
            question = self.questionnaire.question(key)
            for choice in _choices(question):
                labels[choice.code] = choice.label
                order.append(choice.code)
        order.extend(sorted(k for k in sizes if k not in labels and k != NOT_STATED))
        if NOT_STATED in sizes:
            order.append(NOT_STATED)
        order = [k for k in order if sizes.get(k, 0) > 0]
        hidden = suppression([sizes[k] for k in order], self.min_group)
        groups = tuple(
            Group(
                key=k,
                label=labels.get(k, NOT_STATED_LABEL if k == NOT_STATED else Text.of(k)),
                size=None if why is not None else sizes[k],
                suppressed=why is not None,
                hidden=why,
            )
            for k, why in zip(order, hidden, strict=True)
        )
        return Breakdown(by=self.by, kind=kind, label=label, groups=groups)

    def _matrix(
        self,
        question: Matrix,
        counts: Mapping[str, Mapping[str, Mapping[str, int]]],
        respondents: int,
        breakdown: Breakdown | None,
    ) -> MatrixNeeds:
        scores, high = _need_columns(question)
        topics: list[TopicNeeds] = []
        raw: dict[str, tuple[float | None, float | None]] = {}
        for row in question.rows:
            overall_counts = counts["*"].get(row.code, {})
            raw[row.code] = _raw_need(overall_counts, scores, high)
            group_counts = (
                [counts.get(g.key, {}).get(row.code, {}) for g in breakdown.groups]
                if breakdown is not None
                else []
            )
            overall, figures = self._topic_figures(
                question, overall_counts, group_counts, breakdown, scores, high
            )
            groups = tuple(
                GroupFigures(group=g.key, figures=f)
                for g, f in zip(breakdown.groups if breakdown else (), figures, strict=True)
            )
            topics.append(
                TopicNeeds(
                    code=row.code, label=row.label, overall=overall, rank=None, groups=groups
                )
            )
        ranked = sorted(
            (t for t in topics if not t.overall.suppressed and t.overall.answered),
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
            respondents=respondents if self._shown(respondents) else None,
        )

    def _topic_figures(
        self,
        question: Matrix,
        overall_counts: Mapping[str, int],
        group_counts: Sequence[Mapping[str, int]],
        breakdown: Breakdown | None,
        scores: Mapping[str, int | None],
        high: frozenset[str],
    ) -> tuple[NeedFigures, list[NeedFigures]]:
        """Figures of one topic, overall and per group, with complements across groups.

        The groups' figures add up to the overall ones (each level count, the
        number rating the topic high, the total score): when exactly one group's
        figure is hidden, another group's is hidden too; when no group's can be,
        the overall figure is.
        """
        columns = range(len(question.columns))
        overall_hidden = None if self._shown(sum(overall_counts.values())) else Hidden.SMALL
        group_hidden: list[Hidden | None] = []
        if breakdown is not None:
            sizes = [sum(c.values()) for c in group_counts]
            group_hidden = [
                why or g.hidden
                for why, g in zip(suppression(sizes, self.min_group), breakdown.groups, strict=True)
            ]
            if _complete_sets(group_hidden, sizes, [range(len(sizes))]):
                # the one group hidden is the only one who answered: the total gives it
                overall_hidden = overall_hidden or Hidden.COMPLEMENTARY
        overall_forced: set[int] = set()
        overall_share: Hidden | None = None
        overall_mean: Hidden | None = None
        forced: list[set[int]] = [set() for _ in group_counts]
        share_forced: list[Hidden | None] = [None] * len(group_counts)
        mean_forced: list[Hidden | None] = [None] * len(group_counts)
        level_codes = [c.code for c in question.columns]
        while True:
            overall = _need_figures(
                question,
                overall_counts,
                scores,
                high,
                overall_hidden,
                self.min_group,
                forced=frozenset(overall_forced),
                force_share=overall_share,
                force_mean=overall_mean,
            )
            figures = [
                _need_figures(
                    question,
                    counts,
                    scores,
                    high,
                    why,
                    self.min_group,
                    forced=frozenset(forced[n]),
                    force_share=share_forced[n],
                    force_mean=mean_forced[n],
                )
                for n, (counts, why) in enumerate(zip(group_counts, group_hidden, strict=True))
            ]
            if overall.suppressed or not figures:
                return overall, figures
            changed = False
            for j in columns:
                if overall.levels[j].hidden is not None:
                    continue
                values = [c.get(level_codes[j], 0) for c in group_counts]
                shut = [f.levels[j].hidden is not None for f in figures]
                if not _lone_hidden(shut, values):
                    continue
                # a complement whose row has another non-zero count (else it is the row total)
                candidates = [
                    n
                    for n, f in enumerate(figures)
                    if not shut[n] and values[n] > 0 and values[n] < (f.answered or 0)
                ]
                if candidates:
                    forced[min(candidates, key=lambda n: (values[n], n))].add(j)
                elif sum(values) < (overall.answered or 0):
                    overall_forced.add(j)
                else:
                    # that level is the only one chosen: hiding it would not hide it
                    overall_hidden = Hidden.COMPLEMENTARY
                changed = True
            if overall.share_high is not None:
                answered = [sum(c.values()) for c in group_counts]
                shut = [f.share_high is None for f in figures]
                if _lone_hidden(shut, answered):
                    candidates = [n for n in range(len(figures)) if not shut[n] and answered[n]]
                    if candidates:
                        n = min(candidates, key=lambda n: (answered[n], n))
                        share_forced[n] = Hidden.COMPLEMENTARY
                    else:
                        overall_share = Hidden.COMPLEMENTARY
                    changed = True
            if overall.mean is not None:
                rated = [
                    sum(v for k, v in c.items() if scores.get(k) is not None) for c in group_counts
                ]
                shut = [f.mean is None for f in figures]
                if _lone_hidden(shut, rated):
                    candidates = [n for n in range(len(figures)) if not shut[n] and rated[n]]
                    if candidates:
                        n = min(candidates, key=lambda n: (rated[n], n))
                        mean_forced[n] = Hidden.COMPLEMENTARY
                    else:
                        overall_mean = Hidden.COMPLEMENTARY
                    changed = True
            if not changed:
                return overall, figures

    def _distribution(
        self,
        question: SingleChoice | Scale | YesNo | MultipleChoice,
        single_counts: Mapping[str, Mapping[str, int]],
        multiple_counts: Mapping[str, Mapping[str, int]],
        multiple_answered: Mapping[str, int],
    ) -> ChoiceDistribution:
        multiple = isinstance(question, MultipleChoice)
        counts = multiple_counts[question.id] if multiple else single_counts[question.id]
        answered = multiple_answered[question.id] if multiple else sum(counts.values())
        suppressed = not self._shown(answered)
        choices = _choices(question)
        values = [counts.get(c.code, 0) for c in choices]
        # the answers to a single choice add up to the total: hide a complement too
        hidden: list[Hidden | None] = (
            [Hidden.SMALL] * len(values)
            if suppressed
            else suppression(values, self.min_group, complementary=not multiple)
        )
        return ChoiceDistribution(
            question_id=question.id,
            label=question.label,
            multiple=multiple,
            answered=None if suppressed else answered,
            choices=tuple(
                ChoiceCount(
                    code=c.code,
                    label=c.label,
                    count=None if why is not None else value,
                    share=None if why is not None or not answered else value / answered,
                    hidden=why,
                )
                for c, value, why in zip(choices, values, hidden, strict=True)
            ),
            suppressed=suppressed,
        )

    def _ranking(
        self,
        question: Ranking,
        points: Mapping[str, int],
        first: Mapping[str, int],
        mentions: Mapping[str, int],
        answered: int,
    ) -> RankingResult:
        suppressed = not self._shown(answered)
        choices = list(question.choices)
        if not suppressed:
            choices.sort(key=lambda c: (-points.get(c.code, 0), -first.get(c.code, 0)))
        # first places add up to the respondents; mentions do not
        first_hidden = suppression([first.get(c.code, 0) for c in choices], self.min_group)
        mentions_hidden = [_small(mentions.get(c.code, 0), self.min_group) for c in choices]
        if suppressed:
            first_hidden = mentions_hidden = [Hidden.SMALL] * len(choices)
        return RankingResult(
            question_id=question.id,
            label=question.label,
            top=question.top,
            answered=None if suppressed else answered,
            items=tuple(
                RankingItem(
                    code=c.code,
                    label=c.label,
                    points=None if why_mentions is not None else points.get(c.code, 0),
                    first=None if why_first is not None else first.get(c.code, 0),
                    mentions=None if why_mentions is not None else mentions.get(c.code, 0),
                    first_hidden=why_first,
                    mentions_hidden=why_mentions,
                )
                for c, why_first, why_mentions in zip(
                    choices, first_hidden, mentions_hidden, strict=True
                )
            ),
            suppressed=suppressed,
        )

    def _number(self, question: Number | Date, values: list[Any]) -> NumberSummary:
        count = len(values)
        if not self._shown(count) or not values:
            return NumberSummary(
                question_id=question.id,
                label=question.label,
                count=count if self._shown(count) else None,
                minimum=None,
                median=None,
                maximum=None,
                suppressed=not self._shown(count),
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
        self,
        questions: Sequence[Question],
        text_values: Mapping[str, list[str]],
        other_values: Mapping[str, list[str]],
    ) -> tuple[TextAnswers, ...]:
        result: list[TextAnswers] = []
        for question in questions:
            if question.id in text_values:
                values = text_values[question.id]
                result.append(
                    TextAnswers(
                        question_id=question.id,
                        label=question.label,
                        count=len(values),
                        texts=tuple(sorted(values, key=str.casefold)),
                    )
                )
            if question.id in other_values:
                values = other_values[question.id]
                result.append(
                    TextAnswers(
                        question_id=question.id,
                        label=question.label,
                        count=len(values),
                        texts=tuple(sorted(values, key=str.casefold)),
                        other=True,
                    )
                )
        return tuple(result)


__all__ = [
    "DEFAULT_MIN_GROUP",
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
    "ResponseValidator",
    "TextAnswers",
    "TopicNeeds",
    "analyze",
    "answer_problems",
    "check_versions",
    "complementary_suppression",
    "suppression",
]
