"""Territory pieces: communes, EPCI, QPV, contrats de ville."""

from __future__ import annotations

import datetime as dt

import attrs

from conseils_citoyens.council.identifiers import QpvGeneration
from conseils_citoyens.documents.convert import register_kind
from conseils_citoyens.documents.typed import typed_fields


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Commune:
    """A commune, by its INSEE (COG) code, not its postal code."""

    code: str
    name: str
    epci: str | None = None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Epci:
    """An établissement public de coopération intercommunale, by its SIREN."""

    siren: str
    name: str


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Qpv:
    """A quartier prioritaire de la politique de la ville."""

    code: str
    name: str
    generation: QpvGeneration | None = None
    communes: tuple[str, ...] = ()


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ContratDeVille:
    """A contrat de ville and the QPV it covers."""

    id: str
    name: str
    epci: str | None = None
    communes: tuple[str, ...] = ()
    qpv_codes: tuple[str, ...] = ()
    signed_on: dt.date | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Territory:
    """A territory followed by a préfecture, an EPCI or a resource centre."""

    id: str
    name: str
    departements: tuple[str, ...] = ()
    communes: tuple[Commune, ...] = ()
    epcis: tuple[Epci, ...] = ()
    qpvs: tuple[Qpv, ...] = ()
    contrats_de_ville: tuple[ContratDeVille, ...] = ()


register_kind(Territory, "territory")
