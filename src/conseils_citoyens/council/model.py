"""Conseils citoyens and their members.

No ``from __future__ import annotations``: the interpreter evaluates the fields'
annotations as it defines each class, so that ``typed_fields`` need not.
"""

import datetime as dt
import enum

import attrs

from conseils_citoyens.documents.convert import register_kind
from conseils_citoyens.documents.typed import typed_fields


class College(enum.Enum):
    """The two colleges of a conseil citoyen (loi du 21 février 2014, art. 7)."""

    RESIDENTS = "residents"
    LOCAL_ACTORS = "local_actors"


class Sex(enum.Enum):
    """Sex as declared; never guessed."""

    F = "F"
    M = "M"
    NOT_STATED = "not_stated"


class Role(enum.Enum):
    """Titular member or substitute (suppléant)."""

    TITULAR = "titular"
    SUBSTITUTE = "substitute"


class Designation(enum.Enum):
    """How a member came to sit in the council."""

    DRAWN_BY_LOT = "drawn_by_lot"
    DRAWN_AMONG_VOLUNTEERS = "drawn_among_volunteers"
    VOLUNTEER = "volunteer"
    NAMED_BY_ORGANISATION = "named_by_organisation"


class DrawList(enum.Enum):
    """The list a resident was drawn from."""

    SOCIAL_LANDLORDS = "social_landlords"
    ELECTORAL_ROLLS = "electoral_rolls"
    ENERGY_WATER_SUPPLIERS = "energy_water_suppliers"
    BUILDING_REGISTER = "building_register"
    OTHER = "other"


class MemberStatus(enum.Enum):
    """Whether a member still sits in the council."""

    ACTIVE = "active"
    RESIGNED = "resigned"
    REPLACED = "replaced"
    ENDED = "ended"


class CouncilStatus(enum.Enum):
    """Life cycle of a conseil citoyen."""

    BEING_SET_UP = "being_set_up"
    RECOGNISED = "recognised"
    ACTIVE = "active"
    DORMANT = "dormant"
    INACTIVE = "inactive"
    DISSOLVED = "dissolved"


class LegalFormKind(enum.Enum):
    """How the council is carried legally (cadre de référence, 2014)."""

    DEDICATED_ASSOCIATION = "dedicated_association"
    STRUCTURE_PORTEUSE = "structure_porteuse"
    MUNICIPAL_HOSTING = "municipal_hosting"


class RulesDocumentKind(enum.Enum):
    """The council's own rules: règlement intérieur or charte."""

    REGLEMENT_INTERIEUR = "reglement_interieur"
    CHARTE = "charte"


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Organisation:
    """The association or local actor a member represents."""

    name: str
    rna: str | None = None
    siret: str | None = None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Member:
    """A member, known by a pseudonymous id; names are optional and never needed."""

    id: str
    college: College
    sex: Sex = Sex.NOT_STATED
    birth_year: int | None = None
    role: Role = Role.TITULAR
    designation: Designation | None = None
    draw_list: DrawList | None = None
    lives_in_qpv: bool | None = None
    organisation: Organisation | None = None
    elected_official: bool = False
    linked_to_signatory: bool = False
    decision_or_budget_power: bool = False
    based_in_qpv: bool | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: MemberStatus = MemberStatus.ACTIVE
    first_name: str | None = None
    last_name: str | None = None

    def sits_on(self, day: dt.date) -> bool:
        """Return True when the member sits in the council on ``day``."""
        if self.start_date is not None and self.start_date > day:
            return False
        if self.end_date is not None and self.end_date < day:
            return False
        return self.status is MemberStatus.ACTIVE or (
            self.end_date is not None and self.end_date >= day
        )


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class LegalForm:
    """The legal form carrying the council, with the structure porteuse's identifiers."""

    kind: LegalFormKind
    name: str | None = None
    siret: str | None = None
    rna: str | None = None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Recognition:
    """The préfet's arrêté recognising the council's composition."""

    arrete_reference: str
    date: dt.date


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class RulesDocument:
    """The règlement intérieur or charte adopted by the council."""

    kind: RulesDocumentKind
    reference: str | None = None
    adopted_on: dt.date | None = None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Council:
    """A conseil citoyen: one or more QPV, its status, legal form and members."""

    id: str
    name: str
    qpv_codes: tuple[str, ...]
    communes: tuple[str, ...] = ()
    epci: str | None = None
    status: CouncilStatus = CouncilStatus.BEING_SET_UP
    legal_form: LegalForm | None = None
    recognition: Recognition | None = None
    installed_on: dt.date | None = None
    mandate_years: int | None = None
    replacement_rule: str | None = None
    rules_document: RulesDocument | None = None
    members: tuple[Member, ...] = ()

    def members_on(self, day: dt.date) -> tuple[Member, ...]:
        """Return the members sitting in the council on ``day``."""
        return tuple(m for m in self.members if m.sits_on(day))


register_kind(Council, "council")
register_kind(Member, "member")
