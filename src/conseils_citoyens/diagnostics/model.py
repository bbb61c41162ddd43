"""Shared diagnostics (*diagnostic partagé*): participants, themes, stages, findings, défis."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Final

import attrs

from conseils_citoyens.documents.convert import register_kind
from conseils_citoyens.documents.typed import typed_fields
from conseils_citoyens.i18n import pick


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Period:
    """A span of days; ``end`` is None while the work is still running."""

    start: dt.date
    end: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        """Return True when ``day`` falls within the period (both ends included)."""
        return self.start <= day and (self.end is None or day <= self.end)


class ParticipantCategory(enum.Enum):
    """Who took part in a diagnostic."""

    RESIDENTS = "residents"
    CONSEILLERS_CITOYENS = "conseillers_citoyens"
    ASSOCIATIONS = "associations"
    TECHNICIANS = "technicians"
    ELECTED_OFFICIALS = "elected_officials"
    LANDLORDS = "landlords"
    OTHERS = "others"

    def label(self, lang: str | None = None) -> str:
        """The category for people."""
        return pick(_CATEGORY_LABELS[self], lang)


_CATEGORY_LABELS: Final[Mapping[ParticipantCategory, Mapping[str, str]]] = {
    ParticipantCategory.RESIDENTS: {"fr": "habitants", "en": "residents"},
    ParticipantCategory.CONSEILLERS_CITOYENS: {
        "fr": "conseillers citoyens",
        "en": "conseillers citoyens",
    },
    ParticipantCategory.ASSOCIATIONS: {"fr": "associations", "en": "associations"},
    ParticipantCategory.TECHNICIANS: {"fr": "techniciens", "en": "technicians"},
    ParticipantCategory.ELECTED_OFFICIALS: {"fr": "élus", "en": "elected officials"},
    ParticipantCategory.LANDLORDS: {"fr": "bailleurs", "en": "landlords"},
    ParticipantCategory.OTHERS: {"fr": "autres", "en": "others"},
}


class Method(enum.Enum):
    """How a diagnostic gathers what it knows."""

    WALKING_DIAGNOSTIC = "walking_diagnostic"
    WORKSHOPS = "workshops"
    QUESTIONNAIRE = "questionnaire"
    INTERVIEWS = "interviews"
    STATISTICS = "statistics"
    MAPPING = "mapping"

    def label(self, lang: str | None = None) -> str:
        """The method for people."""
        return pick(_METHOD_LABELS[self], lang)


_METHOD_LABELS: Final[Mapping[Method, Mapping[str, str]]] = {
    Method.WALKING_DIAGNOSTIC: {"fr": "diagnostic en marchant", "en": "walking diagnostic"},
    Method.WORKSHOPS: {"fr": "ateliers", "en": "workshops"},
    Method.QUESTIONNAIRE: {"fr": "questionnaire", "en": "questionnaire"},
    Method.INTERVIEWS: {"fr": "entretiens", "en": "interviews"},
    Method.STATISTICS: {"fr": "statistiques", "en": "statistics"},
    Method.MAPPING: {"fr": "cartographie", "en": "mapping"},
}


class StandardTheme(enum.Enum):
    """The contrat de ville's three pillars and three cross-cutting axes."""

    SOCIAL_COHESION = "social_cohesion"
    LIVING_ENVIRONMENT_URBAN_RENEWAL = "living_environment_urban_renewal"
    ECONOMIC_DEVELOPMENT_JOBS = "economic_development_jobs"
    YOUTH = "youth"
    WOMEN_MEN_EQUALITY = "women_men_equality"
    FIGHTING_DISCRIMINATION = "fighting_discrimination"

    @property
    def is_pillar(self) -> bool:
        """True for a pillar, False for a cross-cutting axis."""
        return self in _PILLARS

    def label(self, lang: str | None = None) -> str:
        """The theme for people."""
        return pick(_THEME_LABELS[self], lang)


_PILLARS: Final = frozenset(
    {
        StandardTheme.SOCIAL_COHESION,
        StandardTheme.LIVING_ENVIRONMENT_URBAN_RENEWAL,
        StandardTheme.ECONOMIC_DEVELOPMENT_JOBS,
    }
)
_THEME_LABELS: Final[Mapping[StandardTheme, Mapping[str, str]]] = {
    StandardTheme.SOCIAL_COHESION: {"fr": "cohésion sociale", "en": "social cohesion"},
    StandardTheme.LIVING_ENVIRONMENT_URBAN_RENEWAL: {
        "fr": "cadre de vie et renouvellement urbain",
        "en": "living environment and urban renewal",
    },
    StandardTheme.ECONOMIC_DEVELOPMENT_JOBS: {
        "fr": "développement économique et emploi",
        "en": "economic development and jobs",
    },
    StandardTheme.YOUTH: {"fr": "jeunesse", "en": "youth"},
    StandardTheme.WOMEN_MEN_EQUALITY: {
        "fr": "égalité entre les femmes et les hommes",
        "en": "women–men equality",
    },
    StandardTheme.FIGHTING_DISCRIMINATION: {
        "fr": "lutte contre les discriminations",
        "en": "fighting discrimination",
    },
}
_STANDARD_IDS: Final = {theme.value: theme for theme in StandardTheme}


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Theme:
    """A theme of the diagnostic: a standard one by its id, or a local one with a label."""

    id: str
    label: str | None = None

    @property
    def standard(self) -> StandardTheme | None:
        """The standard theme with this id, or None for a local theme."""
        return _STANDARD_IDS.get(self.id)

    @property
    def is_local(self) -> bool:
        """True for a theme of the territory's own."""
        return self.standard is None

    def display(self, lang: str | None = None) -> str:
        """The label to show: the given one, else the standard theme's label, else the id."""
        if self.label:
            return self.label
        standard = self.standard
        return standard.label(lang) if standard is not None else self.id


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ParticipantCount:
    """How many people of one category took part (``label`` details ``others``)."""

    category: ParticipantCategory
    count: int
    label: str | None = None


class StageKind(enum.Enum):
    """The typical stages of a shared diagnostic, and ``other`` events."""

    DATA_COLLECTION = "data_collection"
    AREA_DESCRIPTION = "area_description"
    PROBLEMS_AND_RESOURCES = "problems_and_resources"
    PRIORITIES = "priorities"
    REPORT_BACK = "report_back"
    OTHER = "other"

    def label(self, lang: str | None = None) -> str:
        """The stage kind for people."""
        return pick(_STAGE_LABELS[self], lang)


_STAGE_LABELS: Final[Mapping[StageKind, Mapping[str, str]]] = {
    StageKind.DATA_COLLECTION: {"fr": "recueil des données", "en": "data collection"},
    StageKind.AREA_DESCRIPTION: {
        "fr": "description du territoire",
        "en": "description of the area",
    },
    StageKind.PROBLEMS_AND_RESOURCES: {
        "fr": "problèmes et ressources",
        "en": "problems and resources",
    },
    StageKind.PRIORITIES: {"fr": "choix des priorités", "en": "priorities"},
    StageKind.REPORT_BACK: {"fr": "restitution", "en": "report-back"},
    StageKind.OTHER: {"fr": "autre", "en": "other"},
}

#: The stages every shared diagnostic goes through, in order (DOMAIN.md).
PRACTICE_STAGES: Final = (
    StageKind.DATA_COLLECTION,
    StageKind.AREA_DESCRIPTION,
    StageKind.PROBLEMS_AND_RESOURCES,
    StageKind.PRIORITIES,
    StageKind.REPORT_BACK,
)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Stage:
    """A stage or event of the diagnostic (a seminar, a walk, a meeting...)."""

    date: dt.date
    kind: StageKind
    label: str
    methods: tuple[Method, ...] = ()
    participants: tuple[ParticipantCount, ...] = ()
    themes: tuple[str, ...] = ()
    notes: str | None = None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ThemeFindings:
    """What the diagnostic found on one theme."""

    theme: str
    strengths: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()


class ActionStatus(enum.Enum):
    """Where an action stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ABANDONED = "abandoned"

    def label(self, lang: str | None = None) -> str:
        """The status for people."""
        return pick(_STATUS_LABELS[self], lang)


_STATUS_LABELS: Final[Mapping[ActionStatus, Mapping[str, str]]] = {
    ActionStatus.PLANNED: {"fr": "prévue", "en": "planned"},
    ActionStatus.IN_PROGRESS: {"fr": "en cours", "en": "in progress"},
    ActionStatus.DONE: {"fr": "réalisée", "en": "done"},
    ActionStatus.ABANDONED: {"fr": "abandonnée", "en": "abandoned"},
}


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Action:
    """An action answering a défi: who carries it, by when, how it is measured."""

    label: str
    carrier: str | None = None
    deadline: dt.date | None = None
    indicator: str | None = None
    status: ActionStatus = ActionStatus.PLANNED


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Defi:
    """A challenge picked at the end of the diagnostic, tied to themes, with its actions."""

    id: str
    label: str
    themes: tuple[str, ...]
    description: str | None = None
    actions: tuple[Action, ...] = ()


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Diagnostic:
    """A shared diagnostic of one or more QPV over a period."""

    id: str
    title: str
    qpv_codes: tuple[str, ...]
    period: Period
    themes: tuple[Theme, ...]
    communes: tuple[str, ...] = ()
    summary: str | None = None
    organisers: tuple[str, ...] = ()
    participants: tuple[ParticipantCount, ...] = ()
    methods: tuple[Method, ...] = ()
    stages: tuple[Stage, ...] = ()
    findings: tuple[ThemeFindings, ...] = ()
    defis: tuple[Defi, ...] = ()

    def theme(self, theme_id: str) -> Theme | None:
        """Return the declared theme with this id, or None."""
        return next((t for t in self.themes if t.id == theme_id), None)

    def theme_label(self, theme_id: str, lang: str | None = None) -> str:
        """Return the label of a theme id (the id itself when it is not declared)."""
        declared = self.theme(theme_id)
        if declared is not None:
            return declared.display(lang)
        standard = _STANDARD_IDS.get(theme_id)
        return standard.label(lang) if standard is not None else theme_id


register_kind(Diagnostic, "diagnostic")
