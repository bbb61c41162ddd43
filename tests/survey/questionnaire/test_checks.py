"""Questionnaire checks: ids, codes, bounds, conditions; every problem with its path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conseils_citoyens.errors import ValidationError
from conseils_citoyens.survey.questionnaire.checks import check_questionnaire
from conseils_citoyens.survey.questionnaire.model import Questionnaire, Section, Text, YesNo
from conseils_citoyens.survey.questionnaire.serialize import load_questionnaire


def base() -> dict[str, Any]:
    return {
        "id": "essai",
        "version": "1.0",
        "title": {"fr": "Essai"},
        "sections": [
            {
                "id": "s1",
                "title": {"fr": "Partie 1"},
                "questions": [
                    {"id": "deja", "type": "yes_no", "label": {"fr": "Déjà formé ?"}},
                    {
                        "id": "formats",
                        "type": "multiple_choice",
                        "label": {"fr": "Formats"},
                        "choices": [
                            {"code": "atelier", "label": {"fr": "Atelier"}},
                            {"code": "visite", "label": {"fr": "Visite"}},
                        ],
                        "other": {"fr": "Autre"},
                        "max_selections": 2,
                    },
                    {
                        "id": "themes",
                        "type": "matrix",
                        "label": {"fr": "Thèmes"},
                        "rows": [{"code": "fph", "label": {"fr": "FPH"}}],
                        "columns": [
                            {"code": "none", "label": {"fr": "Non"}},
                            {"code": "priority", "label": {"fr": "Prioritaire"}},
                        ],
                    },
                    {
                        "id": "lesquelles",
                        "type": "long_text",
                        "label": {"fr": "Lesquelles ?"},
                        "condition": {"question": "deja", "equals": "yes"},
                    },
                ],
            }
        ],
    }


def questions(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["sections"][0]["questions"]  # type: ignore[no-any-return]


def test_sound_questionnaire_has_no_problem() -> None:
    assert check_questionnaire(load_questionnaire(base())) == []


CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    (
        "duplicate id",
        lambda d: questions(d)[3].update(
            id="deja", condition={"question": "formats", "answered": True}
        ),
        "$.sections[0].questions[3].id",
        "questionnaire.duplicate_id",
    ),
    (
        "choice code reused",
        lambda d: questions(d)[1]["choices"][1].update(code="atelier"),
        "$.sections[0].questions[1].choices[1].code",
        "questionnaire.duplicate_code",
    ),
    (
        "other code reserved",
        lambda d: questions(d)[1]["choices"][1].update(code="other"),
        "$.sections[0].questions[1].choices[1].code",
        "questionnaire.duplicate_code",
    ),
    (
        "condition on unknown question",
        lambda d: questions(d)[3].update(condition={"question": "nope", "equals": "yes"}),
        "$.sections[0].questions[3].condition.question",
        "questionnaire.condition.unknown_question",
    ),
    (
        "condition on later question",
        lambda d: questions(d)[0].update(condition={"question": "lesquelles", "answered": True}),
        "$.sections[0].questions[0].condition.question",
        "questionnaire.condition.later_question",
    ),
    (
        "condition on itself",
        lambda d: questions(d)[3].update(
            condition={
                "all": [
                    {"question": "deja", "answered": True},
                    {"question": "lesquelles", "answered": True},
                ]
            }
        ),
        "$.sections[0].questions[3].condition.all[1].question",
        "questionnaire.condition.self",
    ),
    (
        "unknown code in condition",
        lambda d: questions(d)[3].update(condition={"question": "deja", "equals": "oui"}),
        "$.sections[0].questions[3].condition.equals",
        "questionnaire.condition.unknown_code",
    ),
    (
        "equals on a multiple choice",
        lambda d: questions(d)[3].update(condition={"question": "formats", "equals": "atelier"}),
        "$.sections[0].questions[3].condition",
        "questionnaire.condition.wrong_test",
    ),
    (
        "unknown matrix row",
        lambda d: questions(d)[3].update(
            condition={"question": "themes", "equals": "none", "row": "gusp"}
        ),
        "$.sections[0].questions[3].condition.row",
        "questionnaire.condition.unknown_code",
    ),
    (
        "too many selections",
        lambda d: questions(d)[1].update(max_selections=4),
        "$.sections[0].questions[1].max_selections",
        "questionnaire.bounds",
    ),
    (
        "label without French",
        lambda d: questions(d)[2].update(label={"en": "Topics"}),
        "$.sections[0].questions[2].label.fr",
        "schema.required",
    ),
    (
        "section condition on a question of the section",
        lambda d: d["sections"][0].update(condition={"question": "deja", "equals": "yes"}),
        "$.sections[0].condition.question",
        "questionnaire.condition.later_question",
    ),
]


@pytest.mark.parametrize(("name", "change", "path", "code"), CASES, ids=[c[0] for c in CASES])
def test_bad_questionnaire_names_file_path_and_problem(
    tmp_path: Path, name: str, change: Callable[[dict[str, Any]], None], path: str, code: str
) -> None:
    data = base()
    change(data)
    file = tmp_path / "q.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_questionnaire(file)
    assert caught.value.source == str(file)
    assert str(file) in str(caught.value)
    found = {(p.path, p.code) for p in caught.value.problems}
    assert (path, code) in found, found
    assert all(p.message_in("fr") and p.message_in("en") for p in caught.value.problems)


def test_every_problem_is_listed() -> None:
    data = base()
    questions(data)[1]["choices"][1]["code"] = "atelier"
    questions(data)[3]["condition"] = {"question": "nope", "equals": "yes"}
    questions(data)[2]["id"] = "deja"
    with pytest.raises(ValidationError) as caught:
        load_questionnaire(data)
    assert len(caught.value.problems) == 3


def test_python_built_questionnaire_is_checked_against_the_schema() -> None:
    q = Questionnaire(
        id="essai",
        version="1.0",
        title=Text.of("Essai"),
        sections=(
            Section(
                id="s1",
                title=Text({"en": "Part"}),
                questions=(YesNo(id="Bad", label=Text.of("Oui ?")),),
            ),
        ),
    )
    paths = {p.path for p in check_questionnaire(q)}
    assert paths == {"$.sections[0].title.fr", "$.sections[0].questions[0].id"}


@pytest.mark.parametrize(
    ("choices", "bound", "french", "english"),
    [
        (1, 2, "2 choix demandés mais seulement 1 proposé", "2 selections asked but only 1"),
        (2, 3, "3 choix demandés mais seulement 2 proposés", "3 selections asked but only 2"),
    ],
)
def test_impossible_bounds_are_worded_in_agreement(
    choices: int, bound: int, french: str, english: str
) -> None:
    data = base()
    formats = questions(data)[1]
    formats["choices"] = formats["choices"][:choices]
    del formats["other"]
    formats["max_selections"] = bound
    with pytest.raises(ValidationError) as caught:
        load_questionnaire(data)
    (problem,) = (p for p in caught.value.problems if p.code == "questionnaire.bounds")
    assert problem.message_in("fr").endswith(french)
    assert english in problem.message_in("en")
