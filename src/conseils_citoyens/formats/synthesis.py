"""Synthesis documents: a diagnostic summary and a qualification-cycle programme (a built-in plugin).

Each is written once against :class:`~conseils_citoyens.formats._docbuild.DocumentBuilder`
and rendered as Word (.docx) or OpenDocument (.odt). The report formats are
registered through the ``register_report_formats`` hook under the subjects
``diagnostic`` and ``cycle``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import IO, TYPE_CHECKING, Any, Final

from conseils_citoyens.formats import ReportFormat, ReportOptions
from conseils_citoyens.hookspecs import hookimpl
from conseils_citoyens.i18n import long_date, pick

if TYPE_CHECKING:  # loaded when a document is written, not when the plugin is registered
    from conseils_citoyens.diagnostics.cycle import Cycle, Session
    from conseils_citoyens.diagnostics.model import Diagnostic, Period
    from conseils_citoyens.formats._docbuild import DocumentBuilder

__all__ = [
    "REPORT_FORMATS",
    "build_cycle_programme",
    "build_diagnostic_summary",
    "register_report_formats",
]


def _date(day: dt.date, lang: str) -> str:
    return long_date(day, lang)


def _period(period: Period, lang: str) -> str:
    start = _date(period.start, lang)
    if period.end is None:
        return f"from {start}" if lang == "en" else f"depuis le {start}"
    end = _date(period.end, lang)
    return f"{start} to {end}" if lang == "en" else f"du {start} au {end}"


def _when(session: Session, lang: str) -> str:
    """« samedi 7 mars 2026, 10 h – 12 h »: the weekday, the date in full, the hours."""
    from conseils_citoyens.diagnostics.planning import format_day, format_hours

    day = format_day(session.date, lang)
    if session.start_time is None or session.end_time is None:
        return day
    return f"{day}, {format_hours(session.start_time, session.end_time, lang)}"


def _t(lang: str, fr: str, en: str) -> str:
    return pick({"fr": fr, "en": en}, lang)


def _lines(items: tuple[str, ...]) -> str:
    return "\n".join(items)


def build_diagnostic_summary(builder: DocumentBuilder, diagnostic: Diagnostic, lang: str) -> None:
    """Write the summary of a shared diagnostic: context, themes, findings, défis and actions."""
    d = diagnostic
    builder.heading(_t(lang, "Présentation", "Overview"), 1)
    builder.paragraph(", ".join(d.qpv_codes), label=_t(lang, "Quartiers (QPV) :", "Areas (QPV):"))
    builder.paragraph(_period(d.period, lang), label=_t(lang, "Période :", "Period:"))
    if d.organisers:
        builder.paragraph(
            ", ".join(d.organisers), label=_t(lang, "Organisé par :", "Organised by:")
        )
    if d.methods:
        builder.paragraph(
            ", ".join(m.label(lang) for m in d.methods), label=_t(lang, "Méthodes :", "Methods:")
        )
    if d.summary:
        builder.paragraph(d.summary)

    if d.participants:
        builder.heading(_t(lang, "Participants", "Participants"), 1)
        rows = [
            [
                f"{p.category.label(lang)} ({p.label})" if p.label else p.category.label(lang),
                str(p.count),
            ]
            for p in d.participants
        ]
        rows.append([_t(lang, "Total", "Total"), str(sum(p.count for p in d.participants))])
        builder.table([_t(lang, "Catégorie", "Category"), _t(lang, "Nombre", "Number")], rows)

    if d.stages:
        builder.heading(_t(lang, "Étapes de la démarche", "Stages"), 1)
        builder.table(
            [
                _t(lang, "Date", "Date"),
                _t(lang, "Étape", "Stage"),
                _t(lang, "Type", "Kind"),
                _t(lang, "Participants", "Participants"),
            ],
            [
                [
                    _date(s.date, lang),
                    s.label,
                    s.kind.label(lang),
                    str(sum(p.count for p in s.participants)) if s.participants else "—",
                ]
                for s in sorted(d.stages, key=lambda s: s.date)
            ],
        )

    builder.heading(_t(lang, "Thèmes", "Themes"), 1)
    builder.table(
        [_t(lang, "Thème", "Theme"), _t(lang, "Nature", "Kind")],
        [[theme.display(lang), _theme_kind(theme.standard, lang)] for theme in d.themes],
    )

    if d.findings:
        builder.heading(_t(lang, "Constats par thème", "Findings by theme"), 1)
        kinds = (
            ("strengths", _t(lang, "Atout", "Strength")),
            ("difficulties", _t(lang, "Difficulté", "Difficulty")),
            ("resources", _t(lang, "Ressource", "Resource")),
            ("needs", _t(lang, "Besoin", "Need")),
        )
        for found in d.findings:
            builder.heading(d.theme_label(found.theme, lang), 2)
            rows = [[label, text] for field, label in kinds for text in getattr(found, field)]
            builder.table([_t(lang, "Nature", "Kind"), _t(lang, "Constat", "Finding")], rows)

    builder.heading(_t(lang, "Défis et actions", "Défis and actions"), 1)
    if not d.defis:
        builder.paragraph(_t(lang, "Aucun défi n'est encore retenu.", "No défi recorded yet."))
    for number, defi in enumerate(d.defis, start=1):
        builder.heading(
            _t(lang, f"Défi {number} : {defi.label}", f"Défi {number}: {defi.label}"), 2
        )
        builder.paragraph(
            ", ".join(d.theme_label(t, lang) for t in defi.themes),
            label=_t(lang, "Thèmes :", "Themes:"),
        )
        if defi.description:
            builder.paragraph(defi.description)
        if defi.actions:
            builder.table(
                [
                    _t(lang, "Action", "Action"),
                    _t(lang, "Porteur", "Carrier"),
                    _t(lang, "Échéance", "Deadline"),
                    _t(lang, "Indicateur", "Indicator"),
                    _t(lang, "État", "Status"),
                ],
                [
                    [
                        a.label,
                        a.carrier or _t(lang, "à désigner", "to be named"),
                        _date(a.deadline, lang) if a.deadline else _t(lang, "à fixer", "to be set"),
                        a.indicator or "—",
                        a.status.label(lang),
                    ]
                    for a in defi.actions
                ],
            )
        else:
            builder.paragraph(
                _t(lang, "Aucune action n'est encore prévue.", "No action planned yet.")
            )


def _theme_kind(standard: Any, lang: str) -> str:
    if standard is None:
        return _t(lang, "thème local", "local theme")
    if standard.is_pillar:
        return _t(lang, "pilier du contrat de ville", "contrat de ville pillar")
    return _t(lang, "axe transversal", "cross-cutting axis")


def build_cycle_programme(builder: DocumentBuilder, cycle: Cycle, lang: str) -> None:
    """Write the programme of a qualification cycle: sessions, attendance, action leads."""
    c = cycle
    builder.heading(_t(lang, "Présentation", "Overview"), 1)
    if c.territory:
        builder.paragraph(c.territory, label=_t(lang, "Territoire :", "Territory:"))
    builder.paragraph(", ".join(c.qpv_codes), label=_t(lang, "Quartiers (QPV) :", "Areas (QPV):"))
    builder.paragraph(_period(c.period, lang), label=_t(lang, "Période :", "Period:"))
    builder.paragraph(
        ", ".join(a.label(lang) for a in c.audiences), label=_t(lang, "Publics :", "Audiences:")
    )
    if c.organisers:
        builder.paragraph(
            ", ".join(c.organisers), label=_t(lang, "Organisé par :", "Organised by:")
        )
    if c.summary:
        builder.paragraph(c.summary)

    sessions = sorted(c.sessions, key=lambda s: s.date)
    builder.heading(_t(lang, "Programme des séances", "Programme"), 1)
    if not sessions:
        builder.paragraph(_t(lang, "Aucune séance n'est encore prévue.", "No session planned yet."))
    else:
        builder.table(
            [
                _t(lang, "Date", "Date"),
                _t(lang, "Séance", "Session"),
                _t(lang, "Format", "Format"),
                _t(lang, "Lieu", "Place"),
                _t(lang, "Notions abordées", "Notions covered"),
            ],
            [
                [
                    _when(s, lang),
                    s.title,
                    s.kind.label(lang) + (f" — {s.approach}" if s.approach else ""),
                    s.place or _t(lang, "à fixer", "to be set"),
                    _lines(s.notions) or _t(lang, "à préciser", "to be specified"),
                ]
                for s in sessions
            ],
        )
    if c.practical_needs:
        builder.heading(_t(lang, "Pour que chacun puisse venir", "So that everyone can come"), 1)
        builder.bullets(list(c.practical_needs))

    if any(s.attendance for s in sessions):
        builder.heading(_t(lang, "Participation", "Attendance"), 1)
        from conseils_citoyens.diagnostics.cycle import Audience

        audiences = tuple(Audience)
        rows = [
            [
                _date(s.date, lang),
                s.title,
                *(str(s.attendance_of(a)) for a in audiences),
                str(sum(s.attendance_of(a) for a in audiences)),
            ]
            for s in sessions
        ]
        totals = [c.total_attendance(a) for a in audiences]
        rows.append(["", _t(lang, "Total", "Total"), *(str(n) for n in totals), str(sum(totals))])
        builder.table(
            [
                _t(lang, "Date", "Date"),
                _t(lang, "Séance", "Session"),
                *(a.label(lang).capitalize() for a in audiences),
                _t(lang, "Total", "Total"),
            ],
            rows,
        )

    builder.heading(_t(lang, "Pistes d'action", "Action leads"), 1)
    leads = [[lead, s.title, _date(s.date, lang)] for s in sessions for lead in s.action_leads]
    if leads:
        builder.table(
            [
                _t(lang, "Piste d'action", "Action lead"),
                _t(lang, "Issue de la séance", "From session"),
                _t(lang, "Date", "Date"),
            ],
            leads,
        )
    else:
        builder.paragraph(
            _t(
                lang,
                "Aucune piste d'action n'est encore enregistrée.",
                "No action lead recorded yet.",
            )
        )


def _writer(
    name: str,
    subtitle: Mapping[str, str],
    build: Callable[[DocumentBuilder, Any, str], None],
) -> Callable[[Any, IO[bytes], ReportOptions], None]:
    def write(subject: Any, stream: IO[bytes], options: ReportOptions) -> None:
        from conseils_citoyens.formats._docbuild import builder_for

        lang = options.lang
        builder = builder_for(name, title=subject.title, lang=lang, subject=pick(subtitle, lang))
        builder.paragraph(pick(subtitle, lang))
        build(builder, subject, lang)
        builder.save(stream)

    return write


_DIAGNOSTIC_SUBTITLE: Final = {
    "fr": "Fiche de synthèse du diagnostic partagé",
    "en": "Shared diagnostic summary",
}
_CYCLE_SUBTITLE: Final = {
    "fr": "Programme du cycle de qualification",
    "en": "Qualification cycle programme",
}
_DOCX_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ODT_TYPE: Final = "application/vnd.oasis.opendocument.text"

#: The built-in synthesis report formats.
REPORT_FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat(
        name="docx",
        subject="diagnostic",
        suffixes=(".docx",),
        media_type=_DOCX_TYPE,
        write=_writer("docx", _DIAGNOSTIC_SUBTITLE, build_diagnostic_summary),
        description={"fr": "fiche de synthèse Word", "en": "Word summary"},
    ),
    ReportFormat(
        name="odt",
        subject="diagnostic",
        suffixes=(".odt",),
        media_type=_ODT_TYPE,
        write=_writer("odt", _DIAGNOSTIC_SUBTITLE, build_diagnostic_summary),
        description={"fr": "fiche de synthèse OpenDocument", "en": "OpenDocument summary"},
    ),
    ReportFormat(
        name="docx",
        subject="cycle",
        suffixes=(".docx",),
        media_type=_DOCX_TYPE,
        write=_writer("docx", _CYCLE_SUBTITLE, build_cycle_programme),
        description={"fr": "programme Word", "en": "Word programme"},
    ),
    ReportFormat(
        name="odt",
        subject="cycle",
        suffixes=(".odt",),
        media_type=_ODT_TYPE,
        write=_writer("odt", _CYCLE_SUBTITLE, build_cycle_programme),
        description={"fr": "programme OpenDocument", "en": "OpenDocument programme"},
    ),
)


@hookimpl
def register_report_formats(register: Callable[[ReportFormat], None]) -> None:
    """Register the diagnostic summary and cycle programme formats."""
    for report_format in REPORT_FORMATS:
        register(report_format)
