"""The national framework's composition rules for conseils citoyens (a built-in plugin).

Each rule is a :class:`~conseils_citoyens.rules.Rule` of subject ``council``;
:func:`check_council` applies those in force on a date. Readings taken where
the texts leave room (see ``docs/composition.md``):

- Only members sitting on ``as_of`` count (:meth:`Member.sits_on`). Counting
  rules (colleges, parity, drawing lots, residents' share, size) count
  *titular* members: substitutes sit only in a titular's absence. Rules about
  who may sit (elected officials, local actors, residents' home) look at
  every sitting member, substitutes included.
- Parity: the law ties it to the residents drawn by lot. Décret 2024-1036
  (in force 17 November 2024) removed drawing lots; from that date parity is
  read among all residents. Whether parity itself survives is unverified:
  the option ``parity_enabled`` switches it off. Members of unstated sex are
  reported, never guessed.
- Residents drawn from the volunteers list count as drawn by lot (the 2014
  framework draws among volunteers too) but as volunteers for the
  "not only volunteers" guideline.

Options read from :class:`~conseils_citoyens.rules.CheckContext` are listed
in :data:`OPTIONS`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

from conseils_citoyens.council.identifiers import (
    QpvGeneration,
    is_overseas_qpv,
    is_valid_siren,
    is_valid_siret,
    qpv_generation,
)
from conseils_citoyens.council.model import College, Council, Designation, Member, Role, Sex
from conseils_citoyens.hookspecs import hookimpl
from conseils_citoyens.i18n import counted, percent_half_up
from conseils_citoyens.rules import (
    CheckContext,
    CheckReport,
    Finding,
    Rule,
    RuleOption,
    Severity,
    Source,
    check_context,
    check_options,
    run_rules,
)

SUBJECT: Final = "council"

#: Décret n° 2024-1036: drawing lots and the préfet's recognition end on this day.
DECREE_2024_1036: Final = dt.date(2024, 11, 17)
#: First day of the 2024 mainland QPV list (décret n° 2023-1314).
QN_LIST_FROM: Final = dt.date(2024, 1, 1)
#: First day of the new overseas QPV list (décret n° 2024-1212); its codes' format is unverified.
OVERSEAS_LIST_FROM: Final = dt.date(2025, 1, 1)
#: Last day of the 2015 list in mainland France.
QP_MAINLAND_UNTIL: Final = dt.date(2023, 12, 31)
#: Last day of the 2015 list overseas (uncertain: option ``overseas_2015_list_until``).
QP_OVERSEAS_UNTIL: Final = dt.date(2025, 12, 31)

#: Recommended size (cadre de référence, 2014): 15 to 50 titular members.
MIN_SIZE: Final = 15
MAX_SIZE: Final = 50


#: A check option a territory may set, with its type and default (the plugin contract's).
Option = RuleOption


#: The options the composition rules read, by name.
OPTIONS: Final[Mapping[str, Option]] = {
    option.name: option
    for option in (
        Option(
            name="parity_enabled",
            type=bool,
            default=True,
            texts={
                "fr": "vérifier la parité femmes-hommes parmi les habitants",
                "en": "check women-men parity among residents",
            },
        ),
        Option(
            name="parity_tolerance",
            type=int,
            default=1,
            texts={
                "fr": "écart maximal permis entre femmes et hommes",
                "en": "largest allowed gap between women and men",
            },
        ),
        Option(
            name="overseas_2015_list_until",
            type=dt.date,
            default=QP_OVERSEAS_UNTIL,
            texts={
                "fr": "dernier jour de validité des codes QPV ultramarins de la liste 2015",
                "en": "last day the overseas QPV codes of the 2015 list are valid",
            },
        ),
    )
}


def option_value(context: CheckContext, name: str) -> Any:
    """Return option ``name`` from ``context``, checked against its type, or its default."""
    return OPTIONS[name].value(context)


def parse_option(name: str, text: str) -> Any:
    """Turn a command-line value into the option's type (unknown options stay strings).

    Raise :class:`ValidationError` when the text does not fit the option's type.
    """
    option = OPTIONS.get(name)
    return text if option is None else option.parse(text)


# -- helpers ---------------------------------------------------------------------------------


def _sitting(council: Council, day: dt.date) -> list[tuple[int, Member]]:
    return [(i, m) for i, m in enumerate(council.members) if m.sits_on(day)]


def _titular(council: Council, day: dt.date) -> list[tuple[int, Member]]:
    return [(i, m) for i, m in _sitting(council, day) if m.role is Role.TITULAR]


def _residents(council: Council, day: dt.date) -> list[Member]:
    return [m for _, m in _titular(council, day) if m.college is College.RESIDENTS]


_DRAWN: Final = frozenset({Designation.DRAWN_BY_LOT, Designation.DRAWN_AMONG_VOLUNTEERS})
_VOLUNTEERS: Final = frozenset({Designation.VOLUNTEER, Designation.DRAWN_AMONG_VOLUNTEERS})

_COLLEGE_NAMES: Final = {
    College.RESIDENTS: {"fr": "habitants", "en": "residents"},
    College.LOCAL_ACTORS: {
        "fr": "associations et acteurs locaux",
        "en": "associations and local actors",
    },
}


def _ids(members: Iterable[Member]) -> tuple[str, ...]:
    return tuple(m.id for m in members)


def _plural(count: int, fr: str, en: str) -> tuple[str, str]:
    forms = {"fr": (fr, f"{fr}s"), "en": (en, f"{en}s")}
    return counted(count, forms, "fr"), counted(count, forms, "en")


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    from conseils_citoyens.documents import schemas

    definition = schemas.schema("common")["$defs"][name]
    return re.compile(str(definition["pattern"]))


def _matches(name: str, value: str) -> bool:
    return _pattern(name).search(value) is not None


# -- the rules -------------------------------------------------------------------------------


def _check_colleges(council: Council, context: CheckContext) -> Iterator[Finding]:
    present = {m.college for _, m in _titular(council, context.as_of)}
    for college in College:
        if college not in present:
            name = _COLLEGE_NAMES[college]
            yield COLLEGES.finding(
                {
                    "fr": f"aucun membre titulaire dans le collège « {name['fr']} » au {context.as_of:%d/%m/%Y}",
                    "en": f"no titular member in the '{name['en']}' college on {context.as_of.isoformat()}",
                },
                path="$.members",
            )


_WOMEN: Final = {"fr": ("femme", "femmes"), "en": ("woman", "women")}
_MEN: Final = {"fr": ("homme", "hommes"), "en": ("man", "men")}


def _check_parity(council: Council, context: CheckContext) -> Iterator[Finding]:
    if not option_value(context, "parity_enabled"):
        return
    tolerance = option_value(context, "parity_tolerance")
    residents = _residents(council, context.as_of)
    if context.as_of < DECREE_2024_1036:
        considered = [m for m in residents if m.designation in _DRAWN]
        group_fr, group_en = "les habitants tirés au sort", "residents drawn by lot"
    else:
        considered = residents
        group_fr, group_en = "les habitants", "residents"
    women = sum(1 for m in considered if m.sex is Sex.F)
    men = sum(1 for m in considered if m.sex is Sex.M)
    unstated = [m for m in considered if m.sex is Sex.NOT_STATED]
    if abs(women - men) > tolerance:
        yield PARITY.finding(
            {
                "fr": f"parité non respectée parmi {group_fr} : "
                f"{counted(women, _WOMEN, 'fr')}, {counted(men, _MEN, 'fr')} "
                f"(écart {abs(women - men)}, tolérance {tolerance})",
                "en": f"parity not met among {group_en}: "
                f"{counted(women, _WOMEN, 'en')}, {counted(men, _MEN, 'en')} "
                f"(gap {abs(women - men)}, tolerance {tolerance})",
            },
            path="$.members",
        )
    if unstated:
        fr_count, en_count = _plural(len(unstated), "membre", "member")
        yield Finding(
            rule_id=PARITY.id,
            severity=Severity.WARNING,
            texts={
                "fr": f"parité vérifiée sans {fr_count} dont le sexe n'est pas renseigné (jamais deviné)",
                "en": f"parity checked without {en_count} whose sex is not stated (never guessed)",
            },
            members=_ids(unstated),
            path="$.members",
        )


def _check_drawn_by_lot(council: Council, context: CheckContext) -> Iterator[Finding]:
    if not any(m.designation in _DRAWN for m in _residents(council, context.as_of)):
        yield DRAWN_BY_LOT.finding(
            {
                "fr": "aucun habitant titulaire tiré au sort (obligatoire jusqu'au décret n° 2024-1036 du 15 novembre 2024)",
                "en": "no titular resident drawn by lot (required until décret 2024-1036 of 15 November 2024)",
            },
            path="$.members",
        )


def _check_recognition(council: Council, context: CheckContext) -> Iterator[Finding]:
    recognition = council.recognition
    if recognition is None:
        yield RECOGNITION.finding(
            {
                "fr": "aucun arrêté préfectoral de reconnaissance de la composition n'est enregistré",
                "en": "no préfet's order recognising the composition is recorded",
            },
            path="$.recognition",
        )
    elif recognition.date > context.as_of:
        yield RECOGNITION.finding(
            {
                "fr": f"l'arrêté de reconnaissance « {recognition.arrete_reference} » est daté du {recognition.date:%d/%m/%Y}, après le {context.as_of:%d/%m/%Y}",
                "en": f"the recognition order '{recognition.arrete_reference}' is dated {recognition.date.isoformat()}, after {context.as_of.isoformat()}",
            },
            path="$.recognition.date",
        )


def _check_qpv_codes(council: Council, context: CheckContext) -> Iterator[Finding]:
    day = context.as_of
    overseas_until = option_value(context, "overseas_2015_list_until")
    for index, code in enumerate(council.qpv_codes):
        path = f"$.qpv_codes[{index}]"
        generation = qpv_generation(code)
        if generation is None or not _matches("qpv_code", code):
            yield QPV_CODES.finding(
                {
                    "fr": f"« {code} » n'est pas un code QPV (QP + département + 3 chiffres, ou QN + département + 2 chiffres + 1 caractère)",
                    "en": f"'{code}' is not a QPV code (QP + département + 3 digits, or QN + département + 2 digits + 1 character)",
                },
                path=path,
            )
            continue
        if generation is QpvGeneration.OVERSEAS_2025 and day < OVERSEAS_LIST_FROM:
            # Dated like the other lists: a new overseas code (QN97…, or QP97x/98x outside
            # the 2015 list's format) does not exist before the list came into force.
            yield QPV_CODES.finding(
                {
                    "fr": f"le code « {code} » a la forme des codes de la liste des QPV ultramarins en vigueur à partir du {OVERSEAS_LIST_FROM:%d/%m/%Y}, pas au {day:%d/%m/%Y}",
                    "en": f"code '{code}' has the form of the overseas QPV list in force from {OVERSEAS_LIST_FROM.isoformat()}, not on {day.isoformat()}",
                },
                path=path,
            )
        elif code.startswith("QN") and day < QN_LIST_FROM:
            yield QPV_CODES.finding(
                {
                    "fr": f"le code « {code} » appartient à la liste des QPV en vigueur à partir du {QN_LIST_FROM:%d/%m/%Y}, pas au {day:%d/%m/%Y}",
                    "en": f"code '{code}' belongs to the QPV list in force from {QN_LIST_FROM.isoformat()}, not on {day.isoformat()}",
                },
                path=path,
            )
        if generation is QpvGeneration.LIST_2015:
            until = overseas_until if is_overseas_qpv(code) else QP_MAINLAND_UNTIL
            if day > until:
                yield QPV_CODES.finding(
                    {
                        "fr": f"le code « {code} » (liste 2015) n'est plus valide depuis le {until + dt.timedelta(days=1):%d/%m/%Y} : utilisez le code de la nouvelle liste",
                        "en": f"code '{code}' (2015 list) is no longer valid since {(until + dt.timedelta(days=1)).isoformat()}: use the code of the new list",
                    },
                    path=path,
                )
        if generation is QpvGeneration.OVERSEAS_2025:
            yield Finding(
                rule_id=QPV_CODES.id,
                severity=Severity.ADVICE,
                texts={
                    "fr": f"le format des codes QPV ultramarins de la nouvelle liste n'est pas vérifié : contrôlez « {code} » à la main",
                    "en": f"the format of overseas QPV codes of the new list is unverified: check '{code}' by hand",
                },
                path=path,
            )


def _identifier_problem(what: Mapping[str, str], value: str) -> dict[str, str]:
    return {
        "fr": f"{what['fr']} « {value} » invalide",
        "en": f"invalid {what['en']} '{value}'",
    }


_SIRET = {"fr": "numéro SIRET", "en": "SIRET number"}
_RNA = {"fr": "numéro RNA", "en": "RNA number"}


def _check_identifiers(council: Council, context: CheckContext) -> Iterator[Finding]:
    del context  # identifiers do not depend on the date
    if not _matches("identifier", council.id):
        yield IDENTIFIERS.finding(
            _identifier_problem({"fr": "identifiant du conseil", "en": "council id"}, council.id),
            path="$.id",
        )
    if council.epci is not None and not is_valid_siren(council.epci):
        yield IDENTIFIERS.finding(
            _identifier_problem({"fr": "SIREN de l'EPCI", "en": "EPCI SIREN"}, council.epci),
            path="$.epci",
        )
    for index, commune in enumerate(council.communes):
        if not _matches("commune_code", commune):
            yield IDENTIFIERS.finding(
                _identifier_problem(
                    {"fr": "code commune INSEE", "en": "INSEE commune code"}, commune
                ),
                path=f"$.communes[{index}]",
            )
    legal_form = council.legal_form
    if legal_form is not None:
        if legal_form.siret is not None and not is_valid_siret(legal_form.siret):
            yield IDENTIFIERS.finding(
                _identifier_problem(_SIRET, legal_form.siret), path="$.legal_form.siret"
            )
        if legal_form.rna is not None and not _matches("rna", legal_form.rna):
            yield IDENTIFIERS.finding(
                _identifier_problem(_RNA, legal_form.rna), path="$.legal_form.rna"
            )
    counts = Counter(m.id for m in council.members)
    for index, member in enumerate(council.members):
        path = f"$.members[{index}]"
        if not _matches("identifier", member.id):
            yield IDENTIFIERS.finding(
                _identifier_problem({"fr": "identifiant de membre", "en": "member id"}, member.id),
                members=(member.id,),
                path=f"{path}.id",
            )
        organisation = member.organisation
        if organisation is None:
            continue
        if organisation.siret is not None and not is_valid_siret(organisation.siret):
            yield IDENTIFIERS.finding(
                _identifier_problem(_SIRET, organisation.siret),
                members=(member.id,),
                path=f"{path}.organisation.siret",
            )
        if organisation.rna is not None and not _matches("rna", organisation.rna):
            yield IDENTIFIERS.finding(
                _identifier_problem(_RNA, organisation.rna),
                members=(member.id,),
                path=f"{path}.organisation.rna",
            )
    for member_id, count in sorted(counts.items()):
        if count > 1:
            yield IDENTIFIERS.finding(
                {
                    "fr": f"l'identifiant de membre « {member_id} » est utilisé {count} fois",
                    "en": f"member id '{member_id}' is used {count} times",
                },
                members=(member_id,),
                path="$.members",
            )


def _check_residents_share(council: Council, context: CheckContext) -> Iterator[Finding]:
    titular = _titular(council, context.as_of)
    if not titular:
        return
    residents = sum(1 for _, m in titular if m.college is College.RESIDENTS)
    if 2 * residents < len(titular):
        share = percent_half_up(residents / len(titular))
        yield RESIDENTS_SHARE.finding(
            {
                "fr": f"{counted(residents, {'fr': ('habitant', 'habitants')}, 'fr')} sur {len(titular)} membres titulaires ({share} %) : au moins la moitié est attendue",
                "en": f"{counted(residents, {'en': ('resident', 'residents')}, 'en')} out of {len(titular)} titular members ({share} %): at least half is expected",
            },
            path="$.members",
        )


def _check_not_only_volunteers(council: Council, context: CheckContext) -> Iterator[Finding]:
    residents = _residents(council, context.as_of)
    known = [m for m in residents if m.designation is not None]
    if known and all(m.designation in _VOLUNTEERS for m in known):
        yield NOT_ONLY_VOLUNTEERS.finding(
            {
                "fr": "tous les habitants dont la désignation est connue sont volontaires : le conseil ne doit pas être composé que de volontaires",
                "en": "every resident whose designation is known is a volunteer: the council must not be volunteers only",
            },
            members=_ids(known),
            path="$.members",
        )


def _check_no_elected(council: Council, context: CheckContext) -> Iterator[Finding]:
    elected = [m for _, m in _sitting(council, context.as_of) if m.elected_official]
    if elected:
        yield NO_ELECTED.finding(
            {
                "fr": f"{counted(len(elected), {'fr': ('élu', 'élus')}, 'fr')} parmi les membres : "
                "les élus ne siègent pas au conseil citoyen",
                "en": f"{counted(len(elected), {'en': ('elected official', 'elected officials')}, 'en')} "
                "among the members: elected officials do not sit in a conseil citoyen",
            },
            members=_ids(elected),
            path="$.members",
        )


# (predicate, {language: (singular, plural)}): each count of concerned local
# actors reads "<count> <words>", the words agreeing with the count.
_LOCAL_ACTOR_CHECKS: Final[
    tuple[tuple[Callable[[Member], bool], dict[str, tuple[str, str]]], ...]
] = (
    (
        lambda m: m.based_in_qpv is False,
        {
            "fr": (
                "acteur local non implanté dans le QPV",
                "acteurs locaux non implantés dans le QPV",
            ),
            "en": ("local actor not based in the QPV", "local actors not based in the QPV"),
        },
    ),
    (
        lambda m: m.linked_to_signatory,
        {
            "fr": (
                "acteur local lié directement à un signataire du contrat de ville",
                "acteurs locaux liés directement à un signataire du contrat de ville",
            ),
            "en": (
                "local actor directly linked to a signatory of the contrat de ville",
                "local actors directly linked to a signatory of the contrat de ville",
            ),
        },
    ),
    (
        lambda m: m.decision_or_budget_power,
        {
            "fr": (
                "acteur local disposant d'un pouvoir de décision ou budgétaire",
                "acteurs locaux disposant d'un pouvoir de décision ou budgétaire",
            ),
            "en": (
                "local actor holding decision or budget power",
                "local actors holding decision or budget power",
            ),
        },
    ),
)


def _check_local_actors(council: Council, context: CheckContext) -> Iterator[Finding]:
    actors = [m for _, m in _sitting(council, context.as_of) if m.college is College.LOCAL_ACTORS]
    for predicate, forms in _LOCAL_ACTOR_CHECKS:
        concerned = [m for m in actors if predicate(m)]
        if concerned:
            texts = {lang: counted(len(concerned), forms, lang) for lang in ("fr", "en")}
            yield LOCAL_ACTORS.finding(texts, members=_ids(concerned), path="$.members")


def _check_residents_live_in_qpv(council: Council, context: CheckContext) -> Iterator[Finding]:
    outside = [
        m
        for _, m in _sitting(council, context.as_of)
        if m.college is College.RESIDENTS and m.lives_in_qpv is False
    ]
    if outside:
        yield RESIDENTS_LIVE_IN_QPV.finding(
            {
                "fr": counted(
                    len(outside),
                    {
                        "fr": (
                            "membre du collège habitants ne vit pas dans le QPV",
                            "membres du collège habitants ne vivent pas dans le QPV",
                        )
                    },
                    "fr",
                ),
                "en": counted(
                    len(outside),
                    {
                        "en": (
                            "member of the residents college does not live in the QPV",
                            "members of the residents college do not live in the QPV",
                        )
                    },
                    "en",
                ),
            },
            members=_ids(outside),
            path="$.members",
        )


_TITULAR_MEMBERS: Final = {
    "fr": ("membre titulaire", "membres titulaires"),
    "en": ("titular member", "titular members"),
}


def _check_size(council: Council, context: CheckContext) -> Iterator[Finding]:
    size = len(_titular(council, context.as_of))
    if size < MIN_SIZE:
        yield SIZE.finding(
            {
                "fr": f"{counted(size, _TITULAR_MEMBERS, 'fr')} : de {MIN_SIZE} à {MAX_SIZE} "
                f"sont recommandés (en dessous de {MIN_SIZE}, un noyau de départ)",
                "en": f"{counted(size, _TITULAR_MEMBERS, 'en')}: {MIN_SIZE} to {MAX_SIZE} "
                f"are recommended (under {MIN_SIZE}, a starting core)",
            },
            path="$.members",
        )
    elif size > MAX_SIZE:
        yield SIZE.finding(
            {
                "fr": f"{size} membres titulaires : de {MIN_SIZE} à {MAX_SIZE} sont recommandés",
                "en": f"{size} titular members: {MIN_SIZE} to {MAX_SIZE} are recommended",
            },
            path="$.members",
        )


def _check_mandate(council: Council, context: CheckContext) -> Iterator[Finding]:
    del context
    if council.mandate_years is None:
        yield MANDATE.finding(
            {
                "fr": "durée du mandat non renseignée (fixée localement dans le contrat de ville)",
                "en": "mandate length not recorded (set locally in the contrat de ville)",
            },
            path="$.mandate_years",
        )
    if not (council.replacement_rule or "").strip():
        yield MANDATE.finding(
            {
                "fr": "règle de remplacement des membres non renseignée",
                "en": "members' replacement rule not recorded",
            },
            path="$.replacement_rule",
        )
    if council.rules_document is None:
        yield MANDATE.finding(
            {
                "fr": "ni règlement intérieur ni charte enregistré",
                "en": "no règlement intérieur or charte recorded",
            },
            path="$.rules_document",
        )


def _check_substitutes(council: Council, context: CheckContext) -> Iterator[Finding]:
    if not any(m.role is Role.SUBSTITUTE for _, m in _sitting(council, context.as_of)):
        yield SUBSTITUTES.finding(
            {
                "fr": "aucun suppléant : en prévoir aide à remplacer les membres absents ou partis",
                "en": "no substitutes: having some helps replace absent or departed members",
            },
            path="$.members",
        )


_LAW_2014: Final = "loi n° 2014-173 du 21 février 2014, art. 7"
_FRAMEWORK: Final = "cadre de référence (2014), FAQ (2016), circulaire du 2 février 2017"

COLLEGES: Final = Rule(
    id="council.colleges",
    subject=SUBJECT,
    source=Source.LAW,
    title={"fr": "Deux collèges présents", "en": "Both colleges present"},
    check=_check_colleges,
    reference=_LAW_2014,
)
PARITY: Final = Rule(
    id="council.parity",
    subject=SUBJECT,
    source=Source.LAW,
    title={"fr": "Parité femmes-hommes des habitants", "en": "Women-men parity of residents"},
    check=_check_parity,
    reference=_LAW_2014,
)
DRAWN_BY_LOT: Final = Rule(
    id="council.drawn_by_lot",
    subject=SUBJECT,
    source=Source.LAW,
    title={"fr": "Habitants tirés au sort", "en": "Residents drawn by lot"},
    check=_check_drawn_by_lot,
    valid_until=DECREE_2024_1036,
    reference=_LAW_2014 + " (jusqu'au décret n° 2024-1036)",
)
RECOGNITION: Final = Rule(
    id="council.recognition",
    subject=SUBJECT,
    source=Source.LAW,
    severity=Severity.WARNING,
    title={"fr": "Reconnaissance par le préfet", "en": "Recognition by the préfet"},
    check=_check_recognition,
    valid_until=DECREE_2024_1036,
    reference=_LAW_2014 + " (jusqu'au décret n° 2024-1036)",
)
QPV_CODES: Final = Rule(
    id="council.qpv_codes",
    subject=SUBJECT,
    source=Source.LAW,
    title={"fr": "Codes QPV valides à la date", "en": "QPV codes valid on the date"},
    check=_check_qpv_codes,
    reference="décrets n° 2014-1750 et n° 2023-1314",
)
IDENTIFIERS: Final = Rule(
    id="council.identifiers",
    subject=SUBJECT,
    source=Source.LAW,
    title={"fr": "Identifiants et sommes de contrôle", "en": "Identifiers and checksums"},
    check=_check_identifiers,
    reference="INSEE (SIREN, SIRET, COG), RNA",
)
RESIDENTS_SHARE: Final = Rule(
    id="council.residents_share",
    subject=SUBJECT,
    source=Source.GUIDELINE,
    title={"fr": "Au moins la moitié d'habitants", "en": "At least half residents"},
    check=_check_residents_share,
    reference=_FRAMEWORK,
)
NOT_ONLY_VOLUNTEERS: Final = Rule(
    id="council.not_only_volunteers",
    subject=SUBJECT,
    source=Source.GUIDELINE,
    title={"fr": "Pas seulement des volontaires", "en": "Not volunteers only"},
    check=_check_not_only_volunteers,
    reference=_FRAMEWORK,
)
NO_ELECTED: Final = Rule(
    id="council.no_elected",
    subject=SUBJECT,
    source=Source.GUIDELINE,
    title={"fr": "Aucun élu", "en": "No elected officials"},
    check=_check_no_elected,
    reference=_FRAMEWORK,
)
LOCAL_ACTORS: Final = Rule(
    id="council.local_actors",
    subject=SUBJECT,
    source=Source.GUIDELINE,
    title={
        "fr": "Acteurs locaux implantés et indépendants",
        "en": "Local actors based locally and independent",
    },
    check=_check_local_actors,
    reference=_FRAMEWORK,
)
RESIDENTS_LIVE_IN_QPV: Final = Rule(
    id="council.residents_live_in_qpv",
    subject=SUBJECT,
    source=Source.GUIDELINE,
    title={"fr": "Habitants résidant dans le QPV", "en": "Residents living in the QPV"},
    check=_check_residents_live_in_qpv,
    reference=_FRAMEWORK,
)
SIZE: Final = Rule(
    id="council.size",
    subject=SUBJECT,
    source=Source.GUIDELINE,
    title={"fr": "Taille de 15 à 50 membres", "en": "Size of 15 to 50 members"},
    check=_check_size,
    reference=_FRAMEWORK,
)
MANDATE: Final = Rule(
    id="council.mandate",
    subject=SUBJECT,
    source=Source.GUIDELINE,
    title={
        "fr": "Mandat, remplacement et règlement intérieur",
        "en": "Mandate, replacement and internal rules",
    },
    check=_check_mandate,
    reference=_FRAMEWORK,
)
SUBSTITUTES: Final = Rule(
    id="council.substitutes",
    subject=SUBJECT,
    source=Source.PRACTICE,
    title={"fr": "Suppléants prévus", "en": "Substitutes listed"},
    check=_check_substitutes,
)

#: Every built-in composition rule, in reading order.
BUILTIN_RULES: Final[tuple[Rule, ...]] = (
    COLLEGES,
    PARITY,
    DRAWN_BY_LOT,
    RECOGNITION,
    QPV_CODES,
    IDENTIFIERS,
    RESIDENTS_SHARE,
    NOT_ONLY_VOLUNTEERS,
    NO_ELECTED,
    LOCAL_ACTORS,
    RESIDENTS_LIVE_IN_QPV,
    SIZE,
    MANDATE,
    SUBSTITUTES,
)


def check_council(
    council: Council,
    *,
    as_of: dt.date | None = None,
    options: Mapping[str, Any] | None = None,
    rules: Iterable[Rule] | None = None,
) -> CheckReport:
    """Apply the council rules in force on ``as_of`` (default: today) and report findings.

    ``options`` sets rule parameters (see :data:`OPTIONS`); a value of the
    wrong type raises :class:`ValidationError`. ``rules`` defaults to
     the council rules of the plugins in use (:func:`~conseils_citoyens.plugins.get_plugins`:
    the built-in :data:`BUILTIN_RULES` plus those of installed plugins); rules of
    other subjects are ignored.
    """
    context = check_context(council, Council, as_of, options)
    check_options(context, OPTIONS.values())
    if rules is None:
        from conseils_citoyens.plugins import get_plugins

        rules = get_plugins().rules(SUBJECT)
    chosen = [rule for rule in rules if rule.subject == SUBJECT]
    return run_rules(council, council.id, chosen, context)


@hookimpl
def register_rules(register: Callable[[Rule], None]) -> None:
    """Register the built-in composition rules."""
    for rule in BUILTIN_RULES:
        register(rule)
