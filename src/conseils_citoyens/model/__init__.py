"""The domain model: attrs classes only, frozen, with slots; no I/O here."""

from conseils_citoyens.model.council import (
    College,
    Council,
    CouncilStatus,
    Designation,
    DrawList,
    LegalForm,
    LegalFormKind,
    Member,
    MemberStatus,
    Organisation,
    Recognition,
    Role,
    RulesDocument,
    RulesDocumentKind,
    Sex,
)
from conseils_citoyens.model.territory import Commune, ContratDeVille, Epci, Qpv, Territory

__all__ = [
    "College",
    "Commune",
    "ContratDeVille",
    "Council",
    "CouncilStatus",
    "Designation",
    "DrawList",
    "Epci",
    "LegalForm",
    "LegalFormKind",
    "Member",
    "MemberStatus",
    "Organisation",
    "Qpv",
    "Recognition",
    "Role",
    "RulesDocument",
    "RulesDocumentKind",
    "Sex",
    "Territory",
]
