"""The standard training-needs questionnaire."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from conseils_citoyens.documents import schemas
from conseils_citoyens.survey.questionnaire.checks import check_questionnaire
from conseils_citoyens.survey.questionnaire.conditions import describe_question
from conseils_citoyens.survey.questionnaire.model import (
    Matrix,
    MultipleChoice,
    Questionnaire,
    Ranking,
    Scale,
)
from conseils_citoyens.survey.questionnaire.serialize import dump_questionnaire
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
from conseils_citoyens.testing import questionnaires


def test_standard_loads_and_is_sound() -> None:
    q = standard_questionnaire()
    assert q is standard_questionnaire()
    assert q.id == "recensement-besoins-formation"
    assert q.version == "1.0"
    assert q.title.fr == "Recensement des besoins de formation des membres du conseil citoyen"
    schemas.validate("questionnaire", dump_questionnaire(q))
    assert check_questionnaire(q) == []


def test_standard_has_the_training_matrix() -> None:
    q = standard_questionnaire()
    matrices = [question for question in q.questions() if isinstance(question, Matrix)]
    assert len(matrices) == 1
    matrix = matrices[0]
    assert 15 <= len(matrix.rows) <= 20
    assert {"pol_ville", "contrat_ville", "npnru", "gusp", "fph", "budget"} <= {
        row.code for row in matrix.rows
    }
    assert [column.code for column in matrix.columns] == [
        "none",
        "useful",
        "important",
        "priority",
        "trained",
    ]


def test_standard_has_formats_mood_ranking_and_a_condition() -> None:
    q = standard_questionnaire()
    formats = q.question("formats")
    assert isinstance(formats, MultipleChoice)
    assert formats.max_selections == 3
    assert formats.other is not None
    mood = q.question("humeur")
    assert isinstance(mood, Scale)
    assert {level.code for level in mood.levels} == {
        "confiant",
        "optimiste",
        "sceptique",
        "inquiet",
    }
    ranking = q.question("priorites")
    assert isinstance(ranking, Ranking)
    assert ranking.top == 3
    conditional = [question for question in q.questions() if question.condition is not None]
    assert conditional
    assert describe_question(q.question("formations_suivies"), q) == (
        "Répondez à cette question seulement si vous avez répondu «\u00a0Oui\u00a0» à la question 4."
    )


def test_standard_is_translated_into_english() -> None:
    q = standard_questionnaire()
    for question in q.questions():
        assert "en" in question.label.as_dict(), question.id
    assert q.languages == ("fr", "en")


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(questionnaires())
def test_generated_questionnaires_are_sound(q: Questionnaire) -> None:
    assert check_questionnaire(q) == []
