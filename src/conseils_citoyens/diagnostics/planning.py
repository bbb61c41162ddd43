"""Plan a qualification cycle from a training-needs analysis.

What the survey says decides the draft:

- **Topics.** The ``topics`` trainings to run first, by the rule of the
  report's first page (:func:`priorities`: share rating them *important* or
  *priority*, plus a bonus for the rank of their broad theme in the ranking
  question), among those whose figures are shown, become training sessions; each is followed by a street action or a workshop on the
  same topic, so the cycle mixes the three formats; a public report-back
  closes it.
- **Time slots.** The availability question (a choice question whose choice
  codes are known time slots, e.g. ``samedi`` or ``semaine_soir``) ranks the
  slots by how many respondents chose them. The most chosen slot gets at
  least half of the sessions, the report-back included; the others share
  the rest in proportion to their counts, if they were chosen by at least half
  as many people. Each slot has weekdays and hours (:data:`DEFAULT_SLOT_TIMES`,
  configurable).
- **Dates.** Sessions are spread over the period, each on the first day of
  its slot from its even share of the period on; never on a French public
  holiday (the maintained ``holidays`` package, with the local holidays of
  Alsace-Moselle and overseas départements taken from the QPV codes), and
  outside the school holidays of a zone when one is given.
- **Formats and practical needs.** Training sessions are run in the formats
  respondents preferred (most chosen first); the practical needs they
  reported (childcare, accessible venue...) are listed as far as the privacy
  rule shows them: a hidden figure is never used, only said to be hidden.
- **Notions.** « Notions abordées » come from the topic's description
  (``data/topics.json`` for the standard topics, or a territory's own), never
  from its title.
- **QPV codes** must be valid and current on the cycle's dates (the rules of
  ``council check``).

The plan is a draft for people to adjust: it has no attendance and no action
leads yet (``cycle.action_leads`` reports that, as advice, until the cycle
has run).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Final

import attrs

from conseils_citoyens.council.composition import QN_LIST_FROM, QP_MAINLAND_UNTIL, QP_OVERSEAS_UNTIL
from conseils_citoyens.council.identifiers import (
    QpvGeneration,
    is_overseas_qpv,
    qpv_departement,
    qpv_generation,
)
from conseils_citoyens.diagnostics.cycle import Audience, Cycle, Session, SessionKind
from conseils_citoyens.diagnostics.model import Period
from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.i18n import counted, long_date, percent_half_up, pick
from conseils_citoyens.survey.analysis import Analysis, ChoiceDistribution, TopicNeeds

#: Nouns written after a count, which agree with it (:func:`conseils_citoyens.i18n.counted`).
_PEOPLE: Final = {"fr": ("personne", "personnes"), "en": ("person", "people")}
_TOPICS: Final = {"fr": ("thème", "thèmes"), "en": ("topic", "topics")}
_SESSIONS: Final = {"fr": ("séance", "séances"), "en": ("session", "sessions")}
_ANALYSED: Final = {
    "fr": ("réponse analysée", "réponses analysées"),
    "en": ("response analysed", "responses analysed"),
}

__all__ = [
    "DEFAULT_SLOT_TIMES",
    "RANKING_BONUS",
    "SCHOOL_ZONES",
    "Priority",
    "SlotTimes",
    "check_qpv_codes",
    "format_day",
    "plan_cycle",
    "priorities",
    "standard_topic_notions",
    "standard_topic_themes",
]

#: Mainland school-holiday zones (``holidays`` computes their calendars offline).
SCHOOL_ZONES: Final = ("A", "B", "C")
#: The last school year whose calendar an arrêté had published when this was written
#: (arrêté du 21 juillet 2026, school year 2027-2028); ``holidays`` extends its rule after it.
SCHOOL_CALENDAR_PUBLISHED_UNTIL: Final = dt.date(2028, 8, 31)
#: Départements with public holidays of their own, as ``holidays`` names them.
_HOLIDAY_SUBDIVISIONS: Final = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "976": "976",
}


@attrs.frozen(kw_only=True)
class SlotTimes:
    """When sessions of one survey time slot take place: weekdays (0 = Monday) and hours."""

    weekdays: tuple[int, ...]
    start: dt.time
    end: dt.time

    def __attrs_post_init__(self) -> None:
        if not self.weekdays or any(not 0 <= d <= 6 for d in self.weekdays):
            raise ValueError(f"weekdays must be 0 (Monday) to 6 (Sunday): {self.weekdays}")
        if self.end <= self.start:
            raise ValueError(f"a slot ends after it starts: {self.start}-{self.end}")


def _slot(weekdays: tuple[int, ...], start: tuple[int, int], end: tuple[int, int]) -> SlotTimes:
    return SlotTimes(weekdays=weekdays, start=dt.time(*start), end=dt.time(*end))


_SATURDAY = _slot((5,), (10, 0), (12, 0))
_EVENING = _slot((1, 3), (18, 30), (20, 30))
_WEDNESDAY = _slot((2,), (14, 0), (16, 0))
_DAYTIME = _slot((1, 3), (14, 0), (16, 0))
#: Weekdays and hours of the availability choices of the standard questionnaire
#: (and their usual English codes). Evening and daytime sessions go on Tuesdays
#: and Thursdays, away from Monday and Friday, when fewer people come.
DEFAULT_SLOT_TIMES: Final[Mapping[str, SlotTimes]] = {
    "samedi": _SATURDAY,
    "saturday": _SATURDAY,
    "semaine_soir": _EVENING,
    "evening": _EVENING,
    "weekday_evening": _EVENING,
    "mercredi": _WEDNESDAY,
    "wednesday": _WEDNESDAY,
    "semaine_jour": _DAYTIME,
    "daytime": _DAYTIME,
    "weekday_daytime": _DAYTIME,
}
#: Used when the survey says nothing usable about time slots.
_FALLBACK_SLOT: Final = _EVENING


def _refuse(path: str, code: str, fr: str, en: str) -> ValidationError:
    return ValidationError(
        [Problem(path=path, code=f"plan.{code}", texts={"fr": fr, "en": en})], kind="cycle"
    )


# --- words for people -------------------------------------------------------------------


def format_day(day: dt.date, lang: str = "fr") -> str:
    """The date in full with its weekday: « samedi 14 mars 2026 », "Saturday 14 March 2026"."""
    return long_date(day, lang, weekday=True)


def format_hours(start: dt.time, end: dt.time, lang: str = "fr") -> str:
    """Hours as a French reader writes them (« 18 h 30 – 20 h 30 ») or in English."""

    def one(value: dt.time) -> str:
        if lang == "en":
            return value.strftime("%H:%M")
        return f"{value.hour} h" + (f" {value.minute:02d}" if value.minute else "")

    return f"{one(start)}\u2013{one(end)}" if lang == "en" else f"{one(start)} – {one(end)}"


# --- QPV codes --------------------------------------------------------------------------


def check_qpv_codes(
    codes: Sequence[str],
    period: Period,
    *,
    overseas_2015_list_until: dt.date = QP_OVERSEAS_UNTIL,
) -> None:
    """Raise :class:`ValidationError` unless every QPV code is valid on every day of ``period``.

    The same rules as ``council check``: a code of the 2015 list is no longer
    valid after 31 December 2023 in mainland France (after
    ``overseas_2015_list_until`` overseas); a code of the 2024 list is not
    valid before 1 January 2024. Problems have the code ``plan.qpv_invalid``
    (not a QPV code) or ``plan.qpv_expired``.
    """
    problems: list[Problem] = []
    last = period.end or period.start
    for index, code in enumerate(codes):
        path = f"$.qpv_codes[{index}]"
        generation = qpv_generation(code)
        if generation is None:
            problems.append(
                Problem(
                    path=path,
                    code="plan.qpv_invalid",
                    texts={
                        "fr": f"« {code} » n'est pas un code QPV (QP + département + 3 chiffres, ou QN + département + 2 chiffres + 1 caractère)",
                        "en": f"'{code}' is not a QPV code (QP + département + 3 digits, or QN + département + 2 digits + 1 character)",
                    },
                )
            )
            continue
        if code.startswith("QN") and period.start < QN_LIST_FROM:
            problems.append(
                Problem(
                    path=path,
                    code="plan.qpv_expired",
                    texts={
                        "fr": f"le code « {code} » appartient à la liste des QPV en vigueur à partir du {QN_LIST_FROM:%d/%m/%Y}, pas au {period.start:%d/%m/%Y}",
                        "en": f"code '{code}' belongs to the QPV list in force from {QN_LIST_FROM.isoformat()}, not on {period.start.isoformat()}",
                    },
                )
            )
        if generation is QpvGeneration.LIST_2015:
            until = overseas_2015_list_until if is_overseas_qpv(code) else QP_MAINLAND_UNTIL
            if last > until:
                problems.append(
                    Problem(
                        path=path,
                        code="plan.qpv_expired",
                        texts={
                            "fr": f"le code « {code} » (liste 2015) n'est plus valide depuis le {until + dt.timedelta(days=1):%d/%m/%Y} : utilisez le code de la nouvelle liste",
                            "en": f"code '{code}' (2015 list) is no longer valid since {(until + dt.timedelta(days=1)).isoformat()}: use the code of the new list",
                        },
                    )
                )
    if problems:
        raise ValidationError(problems, kind="cycle")


# --- topics and their notions -------------------------------------------------------------


@functools.cache
def _standard_notions() -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    data = json.loads(
        (resources.files(__package__) / "data" / "topics.json").read_text(encoding="utf-8")
    )
    return {
        code: {lang: tuple(items) for lang, items in texts.items() if lang != "theme"}
        for code, texts in data["topics"].items()
    }


@functools.cache
def standard_topic_themes() -> Mapping[str, str]:
    """The broad theme (a choice of the ranking question ``priorites``) of each standard topic."""
    data = json.loads(
        (resources.files(__package__) / "data" / "topics.json").read_text(encoding="utf-8")
    )
    return {code: texts["theme"] for code, texts in data["topics"].items() if "theme" in texts}


def standard_topic_notions(lang: str = "fr") -> dict[str, tuple[str, ...]]:
    """The notions a training on each standard topic covers, by matrix row code."""
    return {code: texts.get(lang, texts["fr"]) for code, texts in _standard_notions().items()}


#: Most points a topic gains from the rank of its broad theme in the ranking question.
RANKING_BONUS: Final = 0.10


@attrs.frozen(kw_only=True)
class Priority:
    """One training to run first: the topic, its figures and why it comes where it does."""

    topic: TopicNeeds
    score: float
    bonus: float
    theme: str | None


def priorities(analysis: Analysis, top: int) -> list[Priority]:
    """The ``top`` trainings to run first, by one rule reconciling matrix and ranking.

    Priority = share rating the topic important or priority (0 to 1) + up to
    :data:`RANKING_BONUS` for the rank of its broad theme in the ranking
    question (the bonus is the theme's points over the first theme's points,
    times the bonus; 0 when the theme's points are hidden or the topic has no
    theme); ties go to the higher mean score, then the topic code. Only topics
    whose share is shown are ranked.
    """
    themes = standard_topic_themes()
    points: dict[str, int] = {}
    labels: dict[str, str] = {}
    for ranking in analysis.rankings:
        if ranking.suppressed:
            continue
        for item in ranking.items:
            if item.points is not None:
                points[item.code] = item.points
                labels[item.code] = item.label.get("fr")
    best = max(points.values(), default=0)
    chosen: list[Priority] = []
    for matrix in analysis.needs:
        for topic in matrix.topics:
            figures = topic.overall
            if figures.suppressed or figures.share_hidden or figures.share_high is None:
                continue
            theme = themes.get(topic.code)
            bonus = RANKING_BONUS * points[theme] / best if theme in points and best else 0.0
            chosen.append(
                Priority(topic=topic, score=figures.share_high + bonus, bonus=bonus, theme=theme)
            )
    chosen.sort(key=lambda p: (-p.score, -(p.topic.overall.mean or 0.0), p.topic.code))
    return chosen[:top]


def _chosen_topics(analysis: Analysis, count: int, min_share: float) -> list[TopicNeeds]:
    """The report's trainings to run first (:func:`priorities`) above ``min_share``."""
    ranked = priorities(analysis, len([t for m in analysis.needs for t in m.topics]))
    return [
        p.topic
        for p in ranked
        if p.topic.overall.share_high is not None and p.topic.overall.share_high > min_share
    ][:count]


def _no_topic(analysis: Analysis, min_share: float) -> ValidationError:
    """Why no topic stands out: hidden figures (too few people) or no strong need, said apart."""
    rated = [t for m in analysis.needs for t in m.topics]
    hidden = sum(1 for t in rated if t.overall.share_high is None)
    fewer_fr = f"moins de {counted(analysis.min_group, _PEOPLE, 'fr')}"
    fewer_en = f"fewer than {counted(analysis.min_group, _PEOPLE, 'en')}"
    if rated and hidden == len(rated):
        return _refuse(
            "$.needs",
            "no_topic",
            "aucun thème de formation ne ressort du recensement : les chiffres de tous les "
            f"thèmes sont masqués ({fewer_fr} les ont évalués : seuil de confidentialité) ; "
            "préparez le cycle quand plus de réponses seront arrivées",
            "no training topic stands out in the survey: every topic's figures are hidden "
            f"({fewer_en} rated them: the privacy threshold); plan the cycle when more "
            "responses have come in",
        )
    also_fr = (
        f" (les chiffres de {counted(hidden, _TOPICS, 'fr')} sont masqués : {fewer_fr})"
        if hidden
        else ""
    )
    also_en = f" ({counted(hidden, _TOPICS, 'en')} hidden: {fewer_en})" if hidden else ""
    by_fr = (
        f"par plus de {_percent(min_share, 'fr')} des répondants" if min_share else "par personne"
    )
    by_en = f"by more than {_percent(min_share, 'en')} of respondents" if min_share else "by anyone"
    return _refuse(
        "$.needs",
        "no_topic",
        "aucun thème de formation ne ressort du recensement : aucun n'est jugé important "
        f"ou prioritaire {by_fr}{also_fr}",
        "no training topic stands out in the survey: none is rated important or priority "
        f"{by_en}{also_en}",
    )


# --- time slots -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _RankedSlot:
    code: str
    label: str
    count: int
    share: float | None
    times: SlotTimes


def _availability(
    analysis: Analysis, slot_times: Mapping[str, SlotTimes]
) -> ChoiceDistribution | None:
    """The choice question whose choices are the most known time slots."""
    best: tuple[int, ChoiceDistribution] | None = None
    for dist in analysis.distributions:
        known = sum(1 for c in dist.choices if c.code in slot_times)
        if known and (best is None or known > best[0]):
            best = (known, dist)
    return best[1] if best else None


def _ranked_slots(
    dist: ChoiceDistribution | None, slot_times: Mapping[str, SlotTimes], lang: str
) -> list[_RankedSlot]:
    if dist is None or dist.suppressed:
        return []
    order = {c.code: i for i, c in enumerate(dist.choices)}
    shown = [c for c in dist.choices if c.code in slot_times and c.count]
    shown.sort(key=lambda c: (-(c.count or 0), order[c.code]))
    return [
        _RankedSlot(
            code=c.code,
            label=c.label.get(lang),
            count=c.count or 0,
            share=c.share,
            times=slot_times[c.code],
        )
        for c in shown
    ]


def _slot_sequence(slots: Sequence[_RankedSlot], sessions: int) -> list[int]:
    """Which slot (index in ``slots``) each session takes; the last one takes the first slot.

    The first slot gets at least half of the sessions; the slots chosen by at
    least half as many people as the first share the rest in proportion.
    """
    used = [s for s in slots if s.count * 2 >= slots[0].count][:3]
    total = sum(s.count for s in used)
    quotas = [sessions * s.count / total for s in used]
    counts = [math.floor(q) for q in quotas]
    counts[0] = max(counts[0], math.ceil(sessions / 2))
    while sum(counts) > sessions:
        # take back from the smallest slot that has some, never below half for the first
        for index in range(len(counts) - 1, 0, -1):
            if counts[index]:
                counts[index] -= 1
                break
        else:
            counts[0] -= 1
    remainders = sorted(range(len(used)), key=lambda i: (-(quotas[i] - math.floor(quotas[i])), i))
    for index in remainders:
        if sum(counts) == sessions:
            break
        counts[index] += 1
    while sum(counts) < sessions:
        counts[0] += 1
    # the report-back (last session) goes on the first slot; spread the others evenly
    counts[0] -= 1
    left = sessions - 1
    sequence: list[int] = []
    given = [0] * len(used)
    for position in range(left):
        behind = [
            (counts[i] * (position + 1) / left - given[i], -i)
            for i in range(len(used))
            if given[i] < counts[i]
        ]
        chosen = -max(behind)[1]
        given[chosen] += 1
        sequence.append(chosen)
    sequence.append(0)
    return sequence


# --- calendar -----------------------------------------------------------------------------


def _closed_days(
    period: Period, qpv_codes: Sequence[str], school_zone: str | None
) -> dict[dt.date, str]:
    """Public holidays (local ones included) and, with a zone, school holidays, by day."""
    import holidays

    assert period.end is not None
    years = range(period.start.year, period.end.year + 1)
    subdivisions: set[str | None] = {None}
    for code in qpv_codes:
        departement = qpv_departement(code)
        if departement in _HOLIDAY_SUBDIVISIONS:
            subdivisions.add(_HOLIDAY_SUBDIVISIONS[departement])
    closed: dict[dt.date, str] = {}
    for subdivision in subdivisions:
        calendar = holidays.country_holidays("FR", subdiv=subdivision, years=years, language="fr")
        closed.update(calendar.items())
    if school_zone is not None:
        school = holidays.country_holidays(
            "FR",
            subdiv=f"Zone {school_zone}",
            years=years,
            categories=("school",),
            language="fr",
        )
        for day, name in school.items():
            closed.setdefault(day, name)
    return closed


def _next_day(
    earliest: dt.date, last: dt.date, weekdays: Iterable[int], closed: Mapping[dt.date, str]
) -> dt.date | None:
    allowed = set(weekdays)
    day = earliest
    while day <= last:
        if day.weekday() in allowed and day not in closed:
            return day
        day += dt.timedelta(days=1)
    return None


def _previous_day(
    latest: dt.date, first: dt.date, weekdays: Iterable[int], closed: Mapping[dt.date, str]
) -> dt.date | None:
    allowed = set(weekdays)
    day = latest
    while day >= first:
        if day.weekday() in allowed and day not in closed:
            return day
        day -= dt.timedelta(days=1)
    return None


def _dates(
    period: Period,
    times: Sequence[SlotTimes],
    closed: Mapping[dt.date, str],
) -> list[dt.date]:
    """One date a session, in order: each from its even share of the period's open days on."""
    assert period.end is not None
    count = len(times)
    # spread over the days that are open (a summer break does not squeeze the sessions)
    # the last session (report-back) is the last day of its slot in the period
    last = _previous_day(period.end, period.start, times[-1].weekdays, closed)
    open_days = [
        period.start + dt.timedelta(days=offset)
        for offset in range(((last or period.end) - period.start).days + 1)
        if period.start + dt.timedelta(days=offset) not in closed
    ] or [period.start]
    span = len(open_days) - 1
    dates: list[dt.date] = []
    for index, slot in enumerate(times[:-1]):
        target = open_days[round(index * span / max(count - 1, 1))]
        earliest = max(target, dates[-1] + dt.timedelta(days=1)) if dates else target
        limit = (last - dt.timedelta(days=1)) if last else period.end
        day = _next_day(earliest, limit, slot.weekdays, closed)
        if day is None and dates:
            day = _next_day(dates[-1] + dt.timedelta(days=1), limit, slot.weekdays, closed)
        if day is None:
            break
        dates.append(day)
    if last is None or len(dates) != count - 1 or (dates and last <= dates[-1]):
        raise _refuse(
            "$.period",
            "period_too_short",
            f"la période du {format_day(period.start)} au {format_day(period.end)} est trop courte "
            f"pour {counted(count, _SESSIONS, 'fr')} aux créneaux retenus (hors jours fériés"
            + (" et vacances scolaires" if any("Vacances" in n for n in closed.values()) else "")
            + ") : allongez-la ou retenez moins de thèmes",
            f"the period from {format_day(period.start, 'en')} to {format_day(period.end, 'en')} "
            f"is too short for {counted(count, _SESSIONS, 'en')} on the chosen slots (public holidays"
            + (" and school holidays" if any("Vacances" in n for n in closed.values()) else "")
            + " excluded): make it longer or choose fewer topics",
        )
    dates.append(last)
    return dates


# --- formats and practical needs ---------------------------------------------------------

_FORMAT_IDS: Final = ("formats", "format", "modalites")
_NEED_IDS: Final = ("contraintes", "constraints", "besoins_pratiques", "needs_support")


def _find(analysis: Analysis, ids: Sequence[str]) -> ChoiceDistribution | None:
    for wanted in ids:
        for dist in analysis.distributions:
            if dist.question_id == wanted:
                return dist
    return None


def _preferred_formats(dist: ChoiceDistribution | None, lang: str) -> list[tuple[str, str]]:
    """(label, « 62 % ») of the shown formats, most chosen first."""
    if dist is None or dist.suppressed:
        return []
    shown = [c for c in dist.choices if c.count]
    shown.sort(key=lambda c: -(c.count or 0))
    return [(c.label.get(lang), _percent(c.share, lang)) for c in shown]


def _percent(share: float | None, lang: str) -> str:
    if share is None:
        return ""
    value = percent_half_up(share)
    return f"{value}\u00a0%" if lang == "fr" else f"{value}%"


def _practical_needs(dist: ChoiceDistribution | None, analysis: Analysis, lang: str) -> list[str]:
    def t(fr: str, en: str) -> str:
        return pick({"fr": fr, "en": en}, lang)

    if dist is None or dist.answered == 0:
        return []
    if dist.suppressed:
        return [
            t(
                "besoins pratiques : chiffres non publiés (trop peu de réponses) ; prévoir par précaution un lieu accessible et une garde d'enfants",
                "practical needs: figures not published (too few answers); arrange an accessible venue and childcare as a precaution",
            )
        ]
    needs: list[str] = []
    shown = sorted((c for c in dist.choices if c.count), key=lambda c: -(c.count or 0))
    for choice in shown:
        label = choice.label.get(lang)
        share = _percent(choice.share, lang)
        needs.append(
            t(
                f"{label} : {counted(choice.count or 0, _PEOPLE, 'fr')}"
                + (f" ({share} des répondants)" if share else ""),
                f"{label}: {counted(choice.count or 0, _PEOPLE, 'en')}"
                + (f" ({share} of respondents)" if share else ""),
            )
        )
    for choice in dist.choices:
        if choice.count is None:
            needs.append(
                t(
                    f"{choice.label.get(lang)} : chiffre masqué pour protéger l'anonymat "
                    f"(seuil de {counted(analysis.min_group, _PEOPLE, 'fr')}) ; à prévoir par précaution",
                    f"{choice.label.get(lang)}: figure hidden to protect anonymity "
                    f"(threshold of {counted(analysis.min_group, _PEOPLE, 'en')}); arrange it as a precaution",
                )
            )
    return needs


# --- the plan ----------------------------------------------------------------------------


def plan_cycle(
    analysis: Analysis,
    *,
    cycle_id: str,
    title: str,
    qpv_codes: Sequence[str],
    period: Period,
    territory: str | None = None,
    topics: int = 3,
    min_share: float = 0.0,
    lang: str = "fr",
    slot_times: Mapping[str, SlotTimes] | None = None,
    school_zone: str | None = None,
    topic_notions: Mapping[str, Sequence[str]] | None = None,
    overseas_2015_list_until: dt.date = QP_OVERSEAS_UNTIL,
) -> Cycle:
    """Propose a qualification cycle on the ``topics`` most needed training topics.

    A topic qualifies when its figures are shown (not suppressed for privacy)
    and more than ``min_share`` of those who answered rated it important or
    priority. ``slot_times`` maps the availability question's choice codes to
    weekdays and hours (default :data:`DEFAULT_SLOT_TIMES`); ``school_zone``
    (``"A"``, ``"B"`` or ``"C"``) keeps sessions out of that zone's school
    holidays; ``topic_notions`` gives the notions of each topic code (default:
    the standard topics' descriptions). Raise :class:`ValidationError` when
    a QPV code is not valid on the cycle's dates, when the period has no end,
    ends before it starts or is too short, when ``topics`` is below 1, or when
    no topic qualifies.
    """

    def t(fr: str, en: str) -> str:
        return pick({"fr": fr, "en": en}, lang)

    if topics < 1:
        raise _refuse(
            "$.topics",
            "bad_topics",
            f"nombre de thèmes invalide ({topics}) : au moins 1",
            f"invalid number of topics ({topics}): at least 1",
        )
    if period.end is None or period.end < period.start:
        raise _refuse(
            "$.period",
            "bad_period",
            "la période du cycle doit avoir une fin, postérieure à son début",
            "the cycle's period needs an end, after its start",
        )
    if school_zone is not None and school_zone not in SCHOOL_ZONES:
        raise _refuse(
            "$.school_zone",
            "bad_school_zone",
            f"zone de vacances scolaires inconnue « {school_zone} » (A, B ou C)",
            f"unknown school-holiday zone '{school_zone}' (A, B or C)",
        )
    check_qpv_codes(qpv_codes, period, overseas_2015_list_until=overseas_2015_list_until)
    chosen = _chosen_topics(analysis, topics, min_share)
    if not chosen:
        raise _no_topic(analysis, min_share)
    times_by_code = DEFAULT_SLOT_TIMES if slot_times is None else slot_times
    notions_by_code = standard_topic_notions(lang) if topic_notions is None else dict(topic_notions)
    formats = _preferred_formats(_find(analysis, _FORMAT_IDS), lang)

    plan: list[tuple[SessionKind, str, str]] = []
    followers = (SessionKind.STREET_ACTION, SessionKind.WORKSHOP)
    for index, topic in enumerate(chosen):
        label = topic.label.get(lang)
        plan.append(
            (SessionKind.TRAINING, t(f"Formation : {label}", f"Training: {label}"), topic.code)
        )
        plan.append(
            (followers[index % 2], _follower_title(followers[index % 2], label, lang), topic.code)
        )
    if len(chosen) == 1:
        label = chosen[0].label.get(lang)
        plan.append(
            (
                SessionKind.WORKSHOP,
                _follower_title(SessionKind.WORKSHOP, label, lang),
                chosen[0].code,
            )
        )
    plan.append(
        (
            SessionKind.PUBLIC_REPORT_BACK,
            t("Restitution publique des pistes d'action", "Public report-back of the action leads"),
            "",
        )
    )

    slots = _ranked_slots(_availability(analysis, times_by_code), times_by_code, lang)
    if slots:
        sequence = _slot_sequence(slots, len(plan))
        session_times = [slots[i].times for i in sequence]
    else:
        session_times = [_FALLBACK_SLOT] * len(plan)
    closed = _closed_days(period, qpv_codes, school_zone)
    dates = _dates(period, session_times, closed)

    training_index = 0
    sessions: list[Session] = []
    for day, times, (kind, session_title, code) in zip(dates, session_times, plan, strict=True):
        approach = None
        if kind is SessionKind.TRAINING and formats:
            approach = formats[training_index % len(formats)][0]
            training_index += 1
        sessions.append(
            Session(
                date=day,
                kind=kind,
                title=session_title,
                notions=tuple(dict.fromkeys(notions_by_code.get(code, ()))) if code else (),
                start_time=times.start,
                end_time=times.end,
                approach=approach,
            )
        )

    summary = _summary(analysis, chosen, slots, formats, period, school_zone, lang)
    return Cycle(
        id=cycle_id,
        title=title,
        qpv_codes=tuple(qpv_codes),
        period=period,
        audiences=tuple(Audience),
        territory=territory,
        summary=summary,
        sessions=tuple(sessions),
        practical_needs=tuple(
            dict.fromkeys(_practical_needs(_find(analysis, _NEED_IDS), analysis, lang))
        ),
    )


def _summary(
    analysis: Analysis,
    chosen: Sequence[TopicNeeds],
    slots: Sequence[_RankedSlot],
    formats: Sequence[tuple[str, str]],
    period: Period,
    school_zone: str | None,
    lang: str,
) -> str:
    def t(fr: str, en: str) -> str:
        return pick({"fr": fr, "en": en}, lang)

    shares = ", ".join(
        f"{topic.label.get(lang)} ({_percent(topic.overall.share_high, lang)})" for topic in chosen
    )
    survey = analysis.title.get(lang)
    parts = [
        t(
            f"Programme proposé d'après le recensement « {survey} » ({counted(analysis.analysed, _ANALYSED, 'fr')}). "
            f"Thèmes retenus, dans l'ordre de la page « À retenir » du rapport (part « important » ou « prioritaire ») : {shares}.",
            f"Programme proposed from the survey '{survey}' ({counted(analysis.analysed, _ANALYSED, 'en')}). "
            f"Topics chosen, in the order of the report's 'Key points' page (share 'important' or 'priority'): {shares}.",
        )
    ]
    if slots:
        listed = ", ".join(f"{s.label} ({_percent(s.share, lang) or s.count})" for s in slots[:3])
        parts.append(
            t(
                f"Créneaux les plus choisis : {listed} ; au moins la moitié des séances, dont la restitution, ont lieu sur le premier.",
                f"Most chosen time slots: {listed}; at least half of the sessions, the report-back included, are on the first.",
            )
        )
    else:
        parts.append(
            t(
                "Le recensement ne dit pas quels créneaux conviennent (question absente ou chiffres masqués) : séances en semaine, le soir, à confirmer.",
                "The survey does not say which time slots suit (no such question, or figures hidden): weekday evening sessions, to be confirmed.",
            )
        )
    if formats:
        listed = ", ".join(f"{label} ({share})" if share else label for label, share in formats[:3])
        parts.append(t(f"Formats préférés : {listed}.", f"Preferred formats: {listed}."))
    parts.append(
        t(
            "Aucune séance un jour férié"
            + (
                f" ni pendant les vacances scolaires de la zone {school_zone}"
                if school_zone
                else ""
            )
            + ".",
            "No session on a public holiday"
            + (f" or during the school holidays of zone {school_zone}" if school_zone else "")
            + ".",
        )
    )
    if school_zone and period.end is not None and period.end > SCHOOL_CALENDAR_PUBLISHED_UNTIL:
        parts.append(
            t(
                f"Attention : après le {SCHOOL_CALENDAR_PUBLISHED_UNTIL:%d/%m/%Y}, les vacances scolaires sont estimées (calendrier officiel pas encore publié) : vérifiez ces dates.",
                f"Note: after {SCHOOL_CALENDAR_PUBLISHED_UNTIL.isoformat()}, school holidays are estimated (official calendar not yet published): check these dates.",
            )
        )
    return " ".join(parts)


def _follower_title(kind: SessionKind, label: str, lang: str) -> str:
    if kind is SessionKind.STREET_ACTION:
        return pick({"fr": f"Action dans la rue : {label}", "en": f"Street action: {label}"}, lang)
    return pick({"fr": f"Atelier : {label}", "en": f"Workshop: {label}"}, lang)
