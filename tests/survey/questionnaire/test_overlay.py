"""Local overlays: every change, and every problem naming the file and the path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conseils_citoyens.errors import ValidationError
from conseils_citoyens.survey.questionnaire.conditions import question_numbers
from conseils_citoyens.survey.questionnaire.model import Matrix, MultipleChoice
from conseils_citoyens.survey.questionnaire.overlay import apply_overlay, load_overlay
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire


def overlay_data() -> dict[str, Any]:
    return {
        "id": "lille-2025",
        "title": {"fr": "Recensement des besoins de formation — Lille"},
        "introduction": {"fr": "Merci de répondre avant le 30 juin."},
        "contact": {"fr": "Service politique de la ville, 03 20 00 00 00"},
        "add_sections": [
            {
                "after": "besoins",
                "section": {
                    "id": "local",
                    "title": {"fr": "Questions locales"},
                    "questions": [
                        {
                            "id": "maison_projet",
                            "type": "yes_no",
                            "label": {"fr": "Connaissez-vous la Maison du projet ?"},
                        }
                    ],
                },
            }
        ],
        "add_questions": [
            {
                "section": "vous",
                "after": "conseil",
                "questions": [
                    {"id": "quartier", "type": "short_text", "label": {"fr": "Votre quartier ?"}}
                ],
            }
        ],
        "hide": ["humeur"],
        "reword": [
            {
                "question": "themes",
                "help": {"fr": "Une case par ligne."},
                "choices": {"fph": {"fr": "Le FPH de Lille"}},
            }
        ],
        "add_choices": [
            {
                "question": "themes",
                "choices": [{"code": "jardins", "label": {"fr": "Les jardins partagés"}}],
            },
            {
                "question": "formats",
                "choices": [{"code": "theatre", "label": {"fr": "Le théâtre-forum"}}],
            },
        ],
    }


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "lille.overlay.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_every_change_is_applied(tmp_path: Path) -> None:
    base = standard_questionnaire()
    q = apply_overlay(base, load_overlay(write(tmp_path, overlay_data())))
    assert q.version == "1.0+lille-2025"
    assert q.title.fr.endswith("Lille")
    assert q.contact is not None
    assert q.contact.fr.startswith("Service politique")
    assert [s.id for s in q.sections] == ["vous", "besoins", "local", "modalites", "avenir"]
    assert q.sections[2].origin == "lille-2025"
    numbers = question_numbers(q)
    assert numbers["quartier"] == numbers["conseil"] + 1
    assert "humeur" not in numbers
    themes = q.question("themes")
    assert isinstance(themes, Matrix)
    assert themes.rows[-1].code == "jardins"
    assert {r.code: r.label.fr for r in themes.rows}["fph"] == "Le FPH de Lille"
    assert themes.help is not None
    assert themes.help.fr == "Une case par ligne."
    formats = q.question("formats")
    assert isinstance(formats, MultipleChoice)
    assert formats.choices[-1].code == "theatre"
    assert questionnaire_ref(q).hash != questionnaire_ref(base).hash


def test_version_suffix_can_be_set() -> None:
    q = apply_overlay(
        standard_questionnaire(), load_overlay({"id": "lille", "version_suffix": "lille.2"})
    )
    assert q.version == "1.0+lille.2"


BAD: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "hiding a question another depends on",
        {"id": "x", "hide": ["commentaires", "deja_forme"]},
        "$.hide[1]",
        "overlay.hidden_dependency",
    ),
    (
        "duplicate question id",
        {
            "id": "x",
            "add_questions": [
                {
                    "section": "vous",
                    "questions": [{"id": "college", "type": "yes_no", "label": {"fr": "?"}}],
                }
            ],
        },
        "$.add_questions[0].questions[0].id",
        "overlay.duplicate_id",
    ),
    (
        "choice code reused",
        {
            "id": "x",
            "add_choices": [
                {"question": "themes", "choices": [{"code": "fph", "label": {"fr": "FPH"}}]}
            ],
        },
        "$.sections[1].questions[0].rows[18].code",
        "questionnaire.duplicate_code",
    ),
    (
        "condition on a later question",
        {
            "id": "x",
            "add_questions": [
                {
                    "section": "vous",
                    "after": "college",
                    "questions": [
                        {
                            "id": "precis",
                            "type": "long_text",
                            "label": {"fr": "Précisez"},
                            "condition": {"question": "deja_forme", "equals": "yes"},
                        }
                    ],
                }
            ],
        },
        "$.sections[0].questions[1].condition.question",
        "questionnaire.condition.later_question",
    ),
    (
        "condition on an unknown question",
        {
            "id": "x",
            "add_questions": [
                {
                    "section": "avenir",
                    "questions": [
                        {
                            "id": "precis",
                            "type": "long_text",
                            "label": {"fr": "Précisez"},
                            "condition": {"question": "nulle_part", "answered": True},
                        }
                    ],
                }
            ],
        },
        "$.sections[3].questions[2].condition.question",
        "questionnaire.condition.unknown_question",
    ),
    (
        "label missing in French",
        {"id": "x", "reword": [{"question": "college", "label": {"en": "College?"}}]},
        "$.reword[0].label.fr",
        "schema.required",
    ),
    (
        "unknown question hidden",
        {"id": "x", "hide": ["nope"]},
        "$.hide[0]",
        "overlay.unknown_question",
    ),
    (
        "unknown section",
        {
            "id": "x",
            "add_questions": [
                {
                    "section": "nope",
                    "questions": [{"id": "a", "type": "yes_no", "label": {"fr": "?"}}],
                }
            ],
        },
        "$.add_questions[0].section",
        "overlay.unknown_section",
    ),
    (
        "unknown choice reworded",
        {"id": "x", "reword": [{"question": "college", "choices": {"zz": {"fr": "?"}}}]},
        "$.reword[0].choices.zz",
        "overlay.unknown_code",
    ),
    (
        "choices added to a yes/no question",
        {
            "id": "x",
            "add_choices": [
                {"question": "deja_forme", "choices": [{"code": "bof", "label": {"fr": "Bof"}}]}
            ],
        },
        "$.add_choices[0].question",
        "overlay.no_choices",
    ),
]


@pytest.mark.parametrize(("name", "data", "path", "code"), BAD, ids=[b[0] for b in BAD])
def test_bad_overlay_names_file_path_and_problem(
    tmp_path: Path, name: str, data: dict[str, Any], path: str, code: str
) -> None:
    file = write(tmp_path, data)
    with pytest.raises(ValidationError) as caught:
        apply_overlay(standard_questionnaire(), load_overlay(file))
    error = caught.value
    assert error.source == str(file)
    assert str(file) in str(error)
    found = {(p.path, p.code) for p in error.problems}
    assert (path, code) in found, found
    assert all(p.source == str(file) for p in error.problems)


def test_hidden_dependency_message_names_the_dependent_question(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        apply_overlay(
            standard_questionnaire(),
            load_overlay(write(tmp_path, {"id": "x", "hide": ["deja_forme"]})),
        )
    assert caught.value.problems[0].message == (
        "la question « deja_forme » ne peut pas être masquée : la question « formations_suivies » en dépend (condition)"
    )


def test_hiding_a_question_and_its_dependents_is_allowed() -> None:
    q = apply_overlay(
        standard_questionnaire(),
        load_overlay({"id": "x", "hide": ["deja_forme", "formations_suivies"]}),
    )
    assert "deja_forme" not in question_numbers(q)


def test_overlay_gives_issuer_return_privacy_and_easy_read_wording() -> None:
    from conseils_citoyens.survey.questionnaire.model import Text

    base = standard_questionnaire()
    overlay = load_overlay(
        {
            "id": "nord",
            "issuer": {"fr": "Ville de Roubaix"},
            "campaign": {"fr": "printemps 2026"},
            "return_info": {"to": {"fr": "Mme Martin"}, "deadline": "2026-04-30"},
            "privacy": {"controller": {"fr": "Ville de Roubaix, hôtel de ville"}},
            "reword": [
                {
                    "question": "college",
                    "easy_read": {"fr": "Votre groupe ?"},
                    "easy_read_choices": {"dont_know": {"fr": "Je ne sais pas bien"}},
                }
            ],
        }
    )
    result = apply_overlay(base, overlay)
    assert result.issuer == Text.of("Ville de Roubaix")
    assert result.campaign == Text.of("printemps 2026")
    assert result.return_info is not None
    assert result.return_info.deadline == "2026-04-30"
    assert result.return_info.place is None
    # the parts the overlay leaves out keep the questionnaire's own (the purpose)
    assert result.privacy is not None
    assert base.privacy is not None
    assert base.privacy.purpose is not None
    assert result.privacy.purpose == base.privacy.purpose
    assert result.privacy.controller == Text.of("Ville de Roubaix, hôtel de ville")
    college = result.question("college")
    assert college.easy_read == Text.of("Votre groupe ?")
    assert isinstance(college, MultipleChoice) is False
    choices = {c.code: c for c in college.choices}  # type: ignore[union-attr]
    assert choices["dont_know"].easy_read == Text.of("Je ne sais pas bien")
    assert choices["dont_know"].label == base.question("college").choices[2].label  # type: ignore[union-attr]


def test_overlay_refuses_a_deadline_that_is_no_date() -> None:
    with pytest.raises(ValidationError) as caught:
        load_overlay({"id": "nord", "return_info": {"deadline": "fin avril"}})
    assert "return_info" in str(caught.value)
