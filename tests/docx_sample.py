"""A small questionnaire using every question type, for the Word form tests."""

from __future__ import annotations

from conseils_citoyens.survey.questionnaire.model import (
    Answered,
    Choice,
    Date,
    Equals,
    LongText,
    Matrix,
    MultipleChoice,
    Number,
    Questionnaire,
    Ranking,
    Scale,
    Section,
    ShortText,
    SingleChoice,
    Text,
    YesNo,
)


def _c(code: str, label: str) -> Choice:
    return Choice(code=code, label=Text.of(label, label + " (en)"))


LEVELS = (
    _c("none", "Pas du tout"),
    _c("low", "Un peu"),
    _c("mid", "Assez"),
    _c("high", "Beaucoup"),
)

SAMPLE = Questionnaire(
    id="test-besoins",
    version="1.0",
    title=Text.of("Recensement des besoins de formation", "Training needs survey"),
    introduction=Text.of(
        "Ce questionnaire est anonyme.\nIl prend dix minutes.", "This survey is anonymous."
    ),
    contact=Text.of("Délégué du préfet, 01 23 45 67 89"),
    sections=(
        Section(
            id="profil",
            title=Text.of("Votre profil", "Your profile"),
            questions=(
                SingleChoice(
                    id="college",
                    label=Text.of("Votre collège", "Your college"),
                    choices=(_c("habitants", "Habitants"), _c("acteurs", "Acteurs locaux")),
                    other=Text.of("Autre", "Other"),
                    help=Text.of("Le collège où vous siégez.", "Where you sit."),
                ),
                YesNo(id="trained", label=Text.of("Avez-vous déjà suivi une formation ?")),
                MultipleChoice(
                    id="formats",
                    label=Text.of("Quels formats vous conviennent ?"),
                    choices=(
                        _c("soir", "En soirée"),
                        _c("samedi", "Le samedi"),
                        _c("ligne", "En ligne"),
                    ),
                    other=Text.of("Autre format"),
                    max_selections=2,
                    condition=Equals(question="trained", value="yes"),
                ),
                Number(
                    id="years",
                    label=Text.of("Depuis combien d'années êtes-vous membre ?"),
                    minimum=0,
                    maximum=50,
                    unit=Text.of("ans"),
                ),
                Number(id="hours", label=Text.of("Heures disponibles par mois"), integer=False),
                Date(id="since", label=Text.of("Date de votre nomination")),
            ),
        ),
        Section(
            id="besoins",
            title=Text.of("Vos besoins", "Your needs"),
            introduction=Text.of("Dites-nous ce qui vous serait utile."),
            questions=(
                Matrix(
                    id="topics",
                    label=Text.of("Intérêt pour chaque thème"),
                    rows=(
                        _c("politique_ville", "La politique de la ville"),
                        _c("budget", "Lire un budget"),
                        _c("prise_parole", "Prendre la parole en public"),
                    ),
                    columns=LEVELS,
                ),
                Ranking(
                    id="priorities",
                    label=Text.of("Vos trois priorités"),
                    choices=(
                        _c("a", "Animer une réunion"),
                        _c("b", "Monter un projet"),
                        _c("c", "Connaître les acteurs"),
                        _c("d", "Communiquer"),
                    ),
                    top=3,
                ),
                Scale(id="satisfaction", label=Text.of("Satisfaction générale"), levels=LEVELS),
                ShortText(id="name_group", label=Text.of("Nom de votre groupe de travail")),
                LongText(
                    id="comments",
                    label=Text.of("Vos remarques"),
                    condition=Answered(question="college"),
                ),
            ),
        ),
    ),
)

FULL_ANSWERS = {
    "college": "other",
    "college.other": "Habitante relais",
    "trained": "yes",
    "formats": ["soir", "other"],
    "formats.other": "Visio le midi",
    "years": 4,
    "hours": 2.5,
    "since": "2024-03-01",
    "topics": {"politique_ville": "high", "budget": "none", "prise_parole": "mid"},
    "priorities": ["c", "a"],
    "satisfaction": "mid",
    "name_group": "Cadre de vie",
    "comments": "Plus de formations le soir, s'il vous plaît.",
}
