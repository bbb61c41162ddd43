"""Plan a qualification cycle from a training-needs analysis.

The topics most often rated *important* or *priority* become training
sessions; each is followed by a street action or a workshop on the same topic,
so the cycle mixes the three formats; it ends with a public report-back on the
last day of the period. Sessions are spread evenly over the period. The plan
is a draft for people to adjust: it has no attendance and no action leads yet
(``cycle.action_leads`` reports that, as advice, until the cycle has run).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from conseils_citoyens.diagnostics.cycle import Audience, Cycle, Session, SessionKind
from conseils_citoyens.diagnostics.model import Period
from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.i18n import percent_half_up, pick
from conseils_citoyens.survey.analysis import Analysis, TopicNeeds

__all__ = ["plan_cycle"]


def _refuse(path: str, code: str, fr: str, en: str) -> ValidationError:
    return ValidationError(
        [Problem(path=path, code=f"plan.{code}", texts={"fr": fr, "en": en})], kind="cycle"
    )


def _chosen_topics(analysis: Analysis, count: int, min_share: float) -> list[TopicNeeds]:
    candidates = [
        topic
        for matrix in analysis.needs
        for topic in matrix.topics
        if not topic.overall.suppressed
        and topic.overall.share_high is not None
        and topic.overall.share_high > min_share
    ]
    candidates.sort(
        key=lambda t: (-(t.overall.share_high or 0.0), -(t.overall.mean or 0.0), t.code)
    )
    return candidates[:count]


def _spread(start: dt.date, end: dt.date, count: int) -> list[dt.date]:
    """Return ``count`` dates spread evenly from ``start`` to ``end`` (both included)."""
    span = (end - start).days
    return [start + dt.timedelta(days=round(k * span / (count - 1))) for k in range(count)]


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
) -> Cycle:
    """Propose a qualification cycle on the ``topics`` most needed training topics.

    A topic qualifies when its figures are shown (not suppressed for privacy)
    and more than ``min_share`` of those who answered rated it important or
    priority. Raise :class:`ValidationError` when the period has no end or ends
    before it starts, when ``topics`` is below 1, or when no topic qualifies.
    """
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
    chosen = _chosen_topics(analysis, topics, min_share)
    if not chosen:
        raise _refuse(
            "$.needs",
            "no_topic",
            "aucun thème de formation ne ressort du recensement (chiffres masqués ou aucun besoin important ou prioritaire)",
            "no training topic stands out in the survey (figures suppressed or no important or priority need)",
        )

    def t(fr: str, en: str) -> str:
        return pick({"fr": fr, "en": en}, lang)

    plan: list[tuple[SessionKind, str, str]] = []
    followers = (SessionKind.STREET_ACTION, SessionKind.WORKSHOP)
    for index, topic in enumerate(chosen):
        label = topic.label.get(lang)
        plan.append((SessionKind.TRAINING, t(f"Formation : {label}", f"Training: {label}"), label))
        plan.append(
            (followers[index % 2], _follower_title(followers[index % 2], label, lang), label)
        )
    if len(chosen) == 1:
        label = chosen[0].label.get(lang)
        plan.append(
            (SessionKind.WORKSHOP, _follower_title(SessionKind.WORKSHOP, label, lang), label)
        )
    plan.append(
        (
            SessionKind.PUBLIC_REPORT_BACK,
            t("Restitution publique des pistes d'action", "Public report-back of the action leads"),
            "",
        )
    )
    dates = _spread(period.start, period.end, len(plan))
    sessions = tuple(
        Session(date=day, kind=kind, title=session_title, notions=(notion,) if notion else ())
        for day, (kind, session_title, notion) in zip(dates, plan, strict=True)
    )
    shares = ", ".join(
        f"{topic.label.get(lang)} ({percent_half_up(topic.overall.share_high or 0.0)} %)"
        for topic in chosen
    )
    survey = analysis.title.get(lang)
    summary = t(
        f"Programme proposé d'après le recensement « {survey} » ({analysis.analysed} réponses analysées). Thèmes retenus (part « important » ou « prioritaire ») : {shares}.",
        f"Programme proposed from the survey '{survey}' ({analysis.analysed} responses analysed). Topics chosen (share 'important' or 'priority'): {shares}.",
    )
    return Cycle(
        id=cycle_id,
        title=title,
        qpv_codes=tuple(qpv_codes),
        period=period,
        audiences=tuple(Audience),
        territory=territory,
        summary=summary,
        sessions=sessions,
    )


def _follower_title(kind: SessionKind, label: str, lang: str) -> str:
    if kind is SessionKind.STREET_ACTION:
        return pick({"fr": f"Action dans la rue : {label}", "en": f"Street action: {label}"}, lang)
    return pick({"fr": f"Atelier : {label}", "en": f"Workshop: {label}"}, lang)
