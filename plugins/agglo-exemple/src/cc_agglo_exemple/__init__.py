"""Local questions and a local rule of the (imaginary) Agglomération de l'Exemple."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from conseils_citoyens import (
    CheckContext,
    Choice,
    College,
    Council,
    Equals,
    Finding,
    LongText,
    Rule,
    RuleOption,
    Section,
    SingleChoice,
    Source,
    Text,
    YesNo,
    hookimpl,
)

LOCAL_SECTION = Section(
    id="agglo_exemple",
    title=Text.of(
        "Vie locale de l'Agglomération de l'Exemple",
        "Local life in the Agglomération de l'Exemple",
    ),
    introduction=Text.of(
        "Ces questions sont ajoutées par l'Agglomération de l'Exemple.",
        "These questions are added by the Agglomération de l'Exemple.",
    ),
    origin="agglo_exemple",
    questions=(
        YesNo(
            id="ae_table_quartier",
            label=Text.of(
                "Avez-vous déjà participé à une table de quartier ?",
                "Have you ever taken part in a table de quartier?",
            ),
            # the wording of the easy-read form (questionnaire export --easy-read)
            easy_read=Text.of(
                "Êtes-vous déjà allé à une réunion de la table de quartier ?",
                "Have you been to a table de quartier meeting?",
            ),
        ),
        SingleChoice(
            id="ae_table_utile",
            label=Text.of(
                "Cette table de quartier vous a-t-elle été utile ?",
                "Was this table de quartier useful to you?",
            ),
            choices=(
                Choice(code="tres", label=Text.of("Très utile", "Very useful")),
                Choice(code="assez", label=Text.of("Assez utile", "Fairly useful")),
                Choice(
                    code="peu",
                    label=Text.of("Peu utile", "Not very useful"),
                    easy_read=Text.of("Pas très utile", "Not very useful"),
                ),
            ),
            condition=Equals(question="ae_table_quartier", value="yes"),
        ),
        LongText(
            id="ae_lieu_formation",
            label=Text.of(
                "Dans quel lieu de l'agglomération aimeriez-vous être formé(e) ?",
                "Where in the agglomération would you like to be trained?",
            ),
            max_length=500,
        ),
    ),
)


@hookimpl
def register_questionnaire_sections(register: Callable[[Section], None]) -> None:
    """Add the local section at the end of the questionnaire."""
    register(LOCAL_SECTION)


#: ``--option agglo_exemple.max_age=25``: a whole number, checked before any rule runs.
MAX_AGE = RuleOption(
    name="agglo_exemple.max_age",
    type=int,
    default=30,
    texts={
        "fr": "âge sous lequel un habitant compte comme jeune",
        "en": "age under which a resident counts as young",
    },
)


def _young_residents(council: Council, context: CheckContext) -> Iterator[Finding]:
    max_age = MAX_AGE.value(context)
    residents = [m for m in council.members_on(context.as_of) if m.college is College.RESIDENTS]
    known = [m for m in residents if m.birth_year is not None]
    if not known:
        return
    if not any(context.as_of.year - (m.birth_year or 0) < max_age for m in known):
        yield YOUNG_RESIDENTS.finding(
            {
                "fr": f"aucun habitant de moins de {max_age} ans : l'Agglomération de l'Exemple "
                "recommande d'en associer au moins un",
                "en": f"no resident under {max_age}: the Agglomération de l'Exemple recommends "
                "at least one",
            }
        )


YOUNG_RESIDENTS = Rule(
    id="agglo_exemple.young_residents",
    subject="council",
    source=Source.PRACTICE,
    title={
        "fr": "Au moins un jeune habitant (règle locale)",
        "en": "At least one young resident (local rule)",
    },
    check=_young_residents,
    valid_from=dt.date(2024, 1, 1),
    options=(MAX_AGE,),
)


@hookimpl
def register_rules(register: Callable[..., Any]) -> None:
    """Add the local composition rule."""
    register(YOUNG_RESIDENTS)
