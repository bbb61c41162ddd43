"""Response schema and validation: random questionnaires, mutations, French messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema.validators import Draft202012Validator

from conseils_citoyens.documents import schemas
from conseils_citoyens.errors import ValidationError
from conseils_citoyens.survey.questionnaire.conditions import choice_options, relevant
from conseils_citoyens.survey.questionnaire.model import (
    Choice,
    MultipleChoice,
    Questionnaire,
    Ranking,
    Response,
    Section,
    ShortText,
    SingleChoice,
    Text,
)
from conseils_citoyens.survey.questionnaire.responses import (
    check_response,
    response_schema,
    validate_response,
)
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
from conseils_citoyens.testing import answer_values, answers_for, questionnaires

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def envelope(q: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    ref = questionnaire_ref(q)
    return {
        "questionnaire": {"id": ref.id, "version": ref.version, "hash": ref.hash},
        "answers": answers,
    }


def test_response_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = response_schema(standard_questionnaire())
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["answers"]["additionalProperties"] is False
    assert schema["properties"]["questionnaire"]["properties"]["hash"]["const"].startswith(
        "sha256:"
    )


@SETTINGS
@given(data=st.data())
def test_generated_answers_are_valid(data: st.DataObject) -> None:
    q = data.draw(questionnaires())
    answers = data.draw(answers_for(q))
    assert validate_response(q, envelope(q, answers)) == []
    # the schema alone, without our API, agrees
    assert schemas.build_validator(response_schema(q)).is_valid(envelope(q, answers))


@SETTINGS
@given(data=st.data())
def test_unknown_question_is_rejected(data: st.DataObject) -> None:
    q = data.draw(questionnaires())
    answers = data.draw(answers_for(q))
    answers["zz_unknown"] = "x"
    codes = {p.code for p in validate_response(q, envelope(q, answers))}
    assert "response.unknown_question" in codes


@SETTINGS
@given(data=st.data())
def test_wrong_code_is_rejected(data: st.DataObject) -> None:
    q = data.draw(questionnaires())
    answers = data.draw(answers_for(q))
    chosen = [
        qid
        for qid in answers
        if "." not in qid and isinstance(answers[qid], str) and choice_options(q.question(qid))
    ]
    assume(chosen)
    qid = data.draw(st.sampled_from(chosen))
    answers[qid] = "not_a_code"
    problems = validate_response(q, envelope(q, answers))
    assert any(p.code == "response.unknown_code" and p.path == f"$.answers.{qid}" for p in problems)


@SETTINGS
@given(data=st.data())
def test_missing_required_relevant_answer_is_rejected(data: st.DataObject) -> None:
    q = data.draw(questionnaires())
    answers = data.draw(answers_for(q))
    required = [x.id for x in q.questions() if x.required and x.id in answers]
    assume(required)
    qid = data.draw(st.sampled_from(required))
    del answers[qid]
    answers.pop(qid + ".other", None)
    problems = validate_response(q, envelope(q, answers))
    assert any(p.code == "response.missing" and p.path == f"$.answers.{qid}" for p in problems)


@SETTINGS
@given(data=st.data())
def test_answer_to_a_question_not_asked_is_rejected(data: st.DataObject) -> None:
    q = data.draw(questionnaires())
    answers = data.draw(answers_for(q))
    hidden = [x for x in q.questions() if not relevant(x, answers, q)]
    assume(hidden)
    question = data.draw(st.sampled_from(hidden))
    answers[question.id] = data.draw(answer_values(question))
    problems = validate_response(q, envelope(q, answers))
    assert any(
        p.code == "response.not_relevant" and p.path == f"$.answers.{question.id}" for p in problems
    )


def standard_answers() -> dict[str, Any]:
    return {
        "college": "residents",
        "deja_forme": "yes",
        "formations_suivies": "Prise de parole, 2023",
        "themes": {"fph": "priority", "budget": "useful"},
        "priorites": ["projets", "habitants", "comprendre"],
        "formats": ["atelier", "other"],
        "formats.other": "Un café-débat",
        "disponibilites": ["samedi"],
        "humeur": "optimiste",
    }


def test_standard_answers_are_valid_and_load() -> None:
    q = standard_questionnaire()
    response = check_response(q, envelope(q, standard_answers()))
    assert isinstance(response, Response)
    assert response.answers["themes"] == {"fph": "priority", "budget": "useful"}
    assert validate_response(q, response) == []


def test_every_problem_is_listed_with_number_and_label(tmp_path: Path) -> None:
    q = standard_questionnaire()
    answers = standard_answers()
    answers["formats"] = ["atelier", "visite", "en_ligne", "other"]  # too many
    answers["college"] = "habitants"  # wrong code
    answers["inconnue"] = "?"  # unknown question
    del answers["themes"]  # required
    answers["deja_forme"] = "no"  # makes formations_suivies not relevant
    answers["disponibilites"] = ["samedi", "samedi"]
    path = tmp_path / "reponse.json"
    path.write_text(json.dumps(envelope(q, answers)), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        check_response(q, path)
    error = caught.value
    assert error.source == str(path)
    found = [(p.path, p.code) for p in error.problems]
    assert found == [
        ("$.answers.college", "response.unknown_code"),
        ("$.answers.formations_suivies", "response.not_relevant"),
        ("$.answers.themes", "response.missing"),
        ("$.answers.formats", "response.too_many"),
        ("$.answers.disponibilites", "response.duplicate"),
        ("$.answers.inconnue", "response.unknown_question"),
    ]
    messages = [p.message for p in error.problems]
    assert messages[3] == (
        "question 9 (Quelles façons de vous former vous conviennent le mieux ?) : au plus 3 choix"
    )
    assert messages[2].startswith("question 6 (Pour chaque thème")
    assert "« habitants » n'est pas un choix possible" in messages[0]
    assert "question 4" in messages[1]
    assert error.problems[3].message_in("en").endswith("at most 3 choices")


def test_other_text_requires_the_other_choice() -> None:
    q = standard_questionnaire()
    answers = standard_answers()
    answers["formats"] = ["atelier"]
    problems = validate_response(q, envelope(q, answers))
    assert [(p.path, p.code) for p in problems] == [
        ("$.answers.formats.other", "response.other_without_choice")
    ]


def test_response_to_another_questionnaire_is_rejected() -> None:
    q = standard_questionnaire()
    data = envelope(q, standard_answers())
    data["questionnaire"]["hash"] = "sha256:" + "0" * 64
    problems = validate_response(q, data)
    assert [p.code for p in problems] == ["response.wrong_questionnaire"]


@pytest.mark.parametrize(
    ("qid", "value", "code"),
    [
        ("themes", {}, "response.empty"),
        ("themes", {"fph": "priority", "zz": "none"}, "response.unknown_row"),
        ("themes", ["fph"], "response.wrong_type"),
        ("priorites", ["projets", "habitants", "comprendre", "emploi"], "response.too_many"),
        ("commentaires", "   ", "response.empty"),
        ("commentaires", "x" * 2001, "response.too_long"),
        ("disponibilites", [], "response.too_few"),
    ],
)
def test_answer_shapes(qid: str, value: Any, code: str) -> None:
    q = standard_questionnaire()
    answers = standard_answers()
    answers[qid] = value
    problems = validate_response(q, envelope(q, answers))
    assert [p.code for p in problems] == [code]
    assert problems[0].message.startswith("question ")


def test_choice_questions_offer_other_only_when_declared() -> None:
    q = standard_questionnaire()
    formats = q.question("formats")
    college = q.question("college")
    assert isinstance(formats, MultipleChoice)
    assert isinstance(college, SingleChoice)
    assert "other" in {c.code for c in choice_options(formats)}
    assert "other" not in {c.code for c in choice_options(college)}


def _bounded(min_selections: int, max_selections: int, top: int, max_length: int) -> Questionnaire:
    choices = tuple(Choice(code=c, label=Text.of(c.upper())) for c in "abcd")
    return Questionnaire(
        id="bornes",
        version="1",
        title=Text.of("Bornes"),
        sections=(
            Section(
                id="s",
                title=Text.of("S"),
                questions=(
                    MultipleChoice(
                        id="m",
                        label=Text.of("M"),
                        choices=choices,
                        min_selections=min_selections,
                        max_selections=max_selections,
                    ),
                    Ranking(id="r", label=Text.of("R"), choices=choices, top=top),
                    ShortText(id="t", label=Text.of("T"), max_length=max_length),
                ),
            ),
        ),
    )


@pytest.mark.parametrize(
    ("bound", "answers", "french", "english"),
    [
        (1, {"m": ["a", "b"]}, "au plus 1 choix", "at most 1 choice"),
        (2, {"m": ["a", "b", "c"]}, "au plus 2 choix", "at most 2 choices"),
        (1, {"r": ["a", "b"]}, "au plus 1 élément classé", "at most 1 ranked item"),
        (2, {"r": ["a", "b", "c"]}, "au plus 2 éléments classés", "at most 2 ranked items"),
        (1, {"t": "ab"}, "au plus 1 caractère", "at most 1 character"),
        (2, {"t": "abc"}, "au plus 2 caractères", "at most 2 characters"),
    ],
)
def test_upper_bounds_agree_with_their_count(
    bound: int, answers: dict[str, Any], french: str, english: str
) -> None:
    q = _bounded(min_selections=1, max_selections=bound, top=bound, max_length=bound)
    (problem,) = validate_response(q, envelope(q, answers))
    assert problem.message_in("fr").endswith(french) or f"({french})" in problem.message_in("fr")
    assert problem.message_in("en").endswith(english) or f"({english})" in problem.message_in("en")


@pytest.mark.parametrize(
    ("bound", "french", "english"),
    [
        (1, "au moins 1 choix", "at least 1 choice"),
        (2, "au moins 2 choix", "at least 2 choices"),
        (3, "au moins 3 choix", "at least 3 choices"),
    ],
)
def test_lower_bound_of_choices_agrees_with_its_count(
    bound: int, french: str, english: str
) -> None:
    q = _bounded(min_selections=bound, max_selections=4, top=2, max_length=10)
    (problem,) = validate_response(q, envelope(q, {"m": ["a"][: bound - 1]}))
    assert problem.message_in("fr").endswith(french)
    assert problem.message_in("en").endswith(english)
