"""A small training-needs questionnaire and response builders shared by the report tests."""

from __future__ import annotations

from typing import Any

from conseils_citoyens.survey.questionnaire.model import (
    Choice,
    Date,
    LongText,
    Matrix,
    MultipleChoice,
    Number,
    Questionnaire,
    Ranking,
    Respondent,
    Response,
    Scale,
    Section,
    SingleChoice,
    Text,
    YesNo,
)
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref


def choice(code: str, fr: str | None = None) -> Choice:
    """Build a choice whose French label defaults to the capitalised code."""
    return Choice(code=code, label=Text.of(fr or code.capitalize(), code))


LEVELS = (
    choice("none", "Pas de besoin"),
    choice("useful", "Utile"),
    choice("important", "Important"),
    choice("priority", "Prioritaire"),
    choice("trained", "Déjà formé"),
)

QUESTIONNAIRE = Questionnaire(
    id="besoins",
    version="1",
    title=Text.of("Recensement des besoins de formation", "Training-needs survey"),
    sections=(
        Section(
            id="you",
            title=Text.of("Vous"),
            questions=(
                SingleChoice(
                    id="college",
                    label=Text.of("Votre collège", "Your college"),
                    choices=(choice("residents", "Habitants"), choice("actors", "Acteurs locaux")),
                ),
                YesNo(id="trained_before", label=Text.of("Déjà formé ?")),
                Number(id="years", label=Text.of("Années au conseil"), minimum=0, maximum=50),
                Date(id="joined", label=Text.of("Date d'arrivée")),
            ),
        ),
        Section(
            id="needs_section",
            title=Text.of("Vos besoins"),
            questions=(
                Matrix(
                    id="needs",
                    label=Text.of("Besoins par thème", "Needs per topic"),
                    rows=(
                        choice("city_policy", "Politique de la ville"),
                        choice("meeting", "Animer une réunion"),
                        choice("budget", "Budget et financements"),
                    ),
                    columns=LEVELS,
                ),
                MultipleChoice(
                    id="formats",
                    label=Text.of("Formats préférés"),
                    choices=(
                        choice("workshop", "Atelier"),
                        choice("visit", "Visite"),
                        choice("online", "En ligne"),
                    ),
                    other=Text.of("Autre"),
                ),
                MultipleChoice(
                    id="availability",
                    label=Text.of("Disponibilités"),
                    choices=(choice("evening", "En soirée"), choice("saturday", "Le samedi")),
                ),
                MultipleChoice(
                    id="constraints",
                    label=Text.of("Contraintes"),
                    choices=(
                        Choice(
                            code="childcare",
                            label=Text.of("Garde d'enfants", "childcare"),
                            sensitive=True,
                        ),
                        choice("transport", "Transport"),
                        choice("accessibility", "Accessibilité"),
                        choice("easy_french", "Français facile"),
                    ),
                ),
                Scale(
                    id="mood",
                    label=Text.of("Humeur"),
                    levels=(choice("confident", "Confiant"), choice("worried", "Inquiet")),
                    sensitive=True,
                ),
                Ranking(
                    id="priorities",
                    label=Text.of("Vos priorités"),
                    choices=(choice("a", "Alpha"), choice("b", "Bêta"), choice("c", "Gamma")),
                    top=2,
                ),
                LongText(id="comment", label=Text.of("Commentaire")),
            ),
        ),
    ),
)

REF = questionnaire_ref(QUESTIONNAIRE)


def response(
    answers: dict[str, Any],
    *,
    council: str | None = None,
    token: str | None = None,
    source: str | None = None,
) -> Response:
    """Build a response to :data:`QUESTIONNAIRE`."""
    respondent = Respondent(council_id=council, token=token) if council or token else None
    return Response(questionnaire=REF, answers=answers, respondent=respondent, source=source)
