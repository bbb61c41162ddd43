"""Qualification cycles: training, street action and workshops for three audiences together."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Final

import attrs

from conseils_citoyens.diagnostics.model import Period
from conseils_citoyens.documents.convert import register_kind
from conseils_citoyens.documents.typed import typed_fields
from conseils_citoyens.i18n import pick


class Audience(enum.Enum):
    """The three audiences a qualification cycle brings together."""

    RESIDENTS = "residents"
    TECHNICIANS = "technicians"
    ELECTED_OFFICIALS = "elected_officials"

    def label(self, lang: str | None = None) -> str:
        """The audience for people."""
        return pick(_AUDIENCE_LABELS[self], lang)


_AUDIENCE_LABELS: Final[Mapping[Audience, Mapping[str, str]]] = {
    Audience.RESIDENTS: {"fr": "habitants", "en": "residents"},
    Audience.TECHNICIANS: {"fr": "techniciens", "en": "technicians"},
    Audience.ELECTED_OFFICIALS: {"fr": "élus", "en": "elected officials"},
}


class SessionKind(enum.Enum):
    """The formats a cycle mixes, and its closing public report-back."""

    TRAINING = "training"
    STREET_ACTION = "street_action"
    WORKSHOP = "workshop"
    PUBLIC_REPORT_BACK = "public_report_back"

    def label(self, lang: str | None = None) -> str:
        """The session kind for people."""
        return pick(_SESSION_LABELS[self], lang)


_SESSION_LABELS: Final[Mapping[SessionKind, Mapping[str, str]]] = {
    SessionKind.TRAINING: {"fr": "formation", "en": "training"},
    SessionKind.STREET_ACTION: {"fr": "action dans la rue", "en": "street action"},
    SessionKind.WORKSHOP: {"fr": "atelier", "en": "workshop"},
    SessionKind.PUBLIC_REPORT_BACK: {"fr": "restitution publique", "en": "public report-back"},
}

#: The three formats a qualification cycle mixes (DOMAIN.md).
CYCLE_FORMATS: Final = (SessionKind.TRAINING, SessionKind.STREET_ACTION, SessionKind.WORKSHOP)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Attendance:
    """How many people of one audience attended a session."""

    audience: Audience
    count: int


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Session:
    """One session of a cycle: its format, the notions covered, who came, what came out.

    ``start_time`` and ``end_time`` give the hours (shown when both are set); ``approach``
    says how the session is run for people (e.g. « atelier en petit groupe »).
    """

    date: dt.date
    kind: SessionKind
    title: str
    place: str | None = None
    notions: tuple[str, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    action_leads: tuple[str, ...] = ()
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    approach: str | None = None

    def attendance_of(self, audience: Audience) -> int:
        """Return the number of people of ``audience`` present (0 when unrecorded)."""
        return sum(a.count for a in self.attendance if a.audience is audience)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Cycle:
    """A qualification cycle over a territory and a period."""

    id: str
    title: str
    qpv_codes: tuple[str, ...]
    period: Period
    audiences: tuple[Audience, ...]
    territory: str | None = None
    communes: tuple[str, ...] = ()
    summary: str | None = None
    organisers: tuple[str, ...] = ()
    sessions: tuple[Session, ...] = ()
    #: What to arrange so that everyone can come (childcare, accessible venue...).
    practical_needs: tuple[str, ...] = ()

    @property
    def action_leads(self) -> tuple[str, ...]:
        """Every action lead produced, in session order."""
        return tuple(lead for s in self.sessions for lead in s.action_leads)

    def total_attendance(self, audience: Audience) -> int:
        """Return the attendance of ``audience`` summed over every session."""
        return sum(s.attendance_of(audience) for s in self.sessions)


register_kind(Cycle, "cycle")
