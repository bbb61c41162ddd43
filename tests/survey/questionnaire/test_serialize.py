"""Questionnaire JSON: converter hooks, schema, content hash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conseils_citoyens.documents import convert, schemas
from conseils_citoyens.errors import ValidationError
from conseils_citoyens.survey.questionnaire.model import (
    YES_NO_CHOICES,
    AllOf,
    Answered,
    AnyOf,
    Choice,
    Equals,
    In,
    Matrix,
    MultipleChoice,
    Not,
    Number,
    Questionnaire,
    QuestionnaireRef,
    Respondent,
    Response,
    Section,
    Text,
    YesNo,
)
from conseils_citoyens.survey.questionnaire.serialize import (
    canonical_json,
    dump_questionnaire,
    dump_response,
    load_questionnaire,
    load_response,
    questionnaire_ref,
)


def sample() -> Questionnaire:
    return Questionnaire(
        id="essai",
        version="1.0",
        title=Text.of("Titre", "Title"),
        sections=(
            Section(
                id="s1",
                title=Text.of("Partie"),
                questions=(
                    YesNo(id="a", label=Text.of("Déjà formé ?"), required=True),
                    MultipleChoice(
                        id="b",
                        label=Text.of("Quoi ?"),
                        choices=(Choice(code="x", label=Text.of("X")),),
                        other=Text.of("Autre"),
                        max_selections=1,
                        condition=AllOf(
                            conditions=(
                                Equals(question="a", value="yes"),
                                Not(condition=Answered(question="a", answered=False)),
                            )
                        ),
                    ),
                    Matrix(
                        id="m",
                        label=Text.of("Tableau"),
                        rows=(Choice(code="r", label=Text.of("R")),),
                        columns=YES_NO_CHOICES,
                        condition=In(question="a", values=("yes", "no")),
                    ),
                    Number(id="n", label=Text.of("Combien ?"), minimum=1, integer=False),
                ),
            ),
        ),
    )


def test_round_trip_keeps_every_field() -> None:
    q = sample()
    data = dump_questionnaire(q)
    assert data["sections"][0]["questions"][0] == {
        "id": "a",
        "type": "yes_no",
        "label": {"fr": "Déjà formé ?"},
        "required": True,
    }
    assert data["sections"][0]["questions"][1]["condition"] == {
        "all": [
            {"question": "a", "equals": "yes"},
            {"not": {"question": "a", "answered": False}},
        ]
    }
    assert data["title"] == {"fr": "Titre", "en": "Title"}
    schemas.validate("questionnaire", data)
    again = load_questionnaire(json.loads(json.dumps(data)))
    assert again == q
    assert dump_questionnaire(again) == json.loads(json.dumps(data))


def test_every_condition_shape_round_trips() -> None:
    shapes = [
        {"question": "a", "equals": "yes"},
        {"question": "m", "equals": "no", "row": "r"},
        {"question": "a", "in": ["yes", "no"]},
        {"question": "b", "includes": "x"},
        {"question": "a", "answered": True},
        {"any": [{"question": "a", "answered": False}, {"not": {"question": "a", "equals": "no"}}]},
    ]
    for shape in shapes:
        data = dump_questionnaire(sample())
        data["sections"][0]["questions"][3]["condition"] = shape
        q = load_questionnaire(data)
        assert dump_questionnaire(q)["sections"][0]["questions"][3]["condition"] == shape
    assert load_questionnaire(data).sections[0].questions[3].condition == AnyOf(
        conditions=(
            Answered(question="a", answered=False),
            Not(condition=Equals(question="a", value="no")),
        )
    )


def test_hash_ignores_key_order_and_integral_floats() -> None:
    q = sample()
    data = dump_questionnaire(q)
    reordered = json.loads(json.dumps(data, sort_keys=True))
    reversed_keys = _reverse_keys(data)
    assert list(reversed_keys) != list(data)
    ref = questionnaire_ref(q)
    assert questionnaire_ref(load_questionnaire(reordered)) == ref
    assert questionnaire_ref(load_questionnaire(reversed_keys)) == ref
    assert ref.hash.startswith("sha256:")
    assert len(ref.hash) == 7 + 64
    assert canonical_json({"b": 1.0, "a": "é"}) == '{"a":"é","b":1}'.encode()


def _reverse_keys(value: object) -> object:
    if isinstance(value, dict):
        return {k: _reverse_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reverse_keys(v) for v in value]
    return value


def test_hash_changes_with_content() -> None:
    q = sample()
    data = dump_questionnaire(q)
    data["sections"][0]["questions"][0]["label"]["fr"] = "Déjà formé(e) ?"
    assert questionnaire_ref(load_questionnaire(data)).hash != questionnaire_ref(q).hash


def test_ref_is_cached_per_questionnaire() -> None:
    q = sample()
    assert questionnaire_ref(q) is questionnaire_ref(q)


def test_convert_load_knows_the_questionnaire_kind(tmp_path: Path) -> None:
    path = tmp_path / "q.json"
    path.write_text(json.dumps(dump_questionnaire(sample())), encoding="utf-8")
    assert convert.load(path, Questionnaire) == sample()
    assert load_questionnaire(path) == sample()


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            lambda d: d["sections"][0]["questions"][0].update(type="essay"),
            "$.sections[0].questions[0].type",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(label={"en": "No French"}),
            "$.sections[0].questions[0].label.fr",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(id="Bad-Id"),
            "$.sections[0].questions[0].id",
        ),
        (
            lambda d: d["sections"][0]["questions"][1]["choices"][0].update(code="X!"),
            "$.sections[0].questions[1].choices[0].code",
        ),
        (
            lambda d: d["sections"][0]["questions"][2].update(condition={"question": "a"}),
            "$.sections[0].questions[2].condition",
        ),
    ],
)
def test_bad_questionnaire_json_names_file_and_path(
    tmp_path: Path, change: object, where: str
) -> None:
    data = dump_questionnaire(sample())
    change(data)  # type: ignore[operator]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_questionnaire(path)
    assert caught.value.source == str(path)
    # A missing field is reported at its own path (".label.fr", ".condition.equals").
    assert any(p.path.startswith(where) for p in caught.value.problems)


def test_response_round_trip_and_redaction() -> None:
    ref = QuestionnaireRef(id="essai", version="1.0", hash="sha256:" + "0" * 64)
    response = Response(
        questionnaire=ref,
        answers={"a": "yes", "b": ("x", "other"), "b.other": "Atelier", "m": {"r": "no"}},
        respondent=Respondent(token="abc123", commune="59599"),
    )
    data = dump_response(response)
    assert data["answers"]["b"] == ["x", "other"]
    assert data["respondent"] == {"token": "abc123", "commune": "59599"}
    assert load_response(data) == Response(
        questionnaire=ref, answers=data["answers"], respondent=response.respondent
    )
    assert "token" not in dump_response(response, redact=True)["respondent"]
    with pytest.raises(ValidationError):
        load_response({**data, "respondent": {"commune": "20100"}})


def test_redaction_removes_the_file_name() -> None:
    """A file name often names its sender (issue 19): redaction drops ``source``."""
    ref = QuestionnaireRef(id="essai", version="1.0", hash="sha256:" + "0" * 64)
    response = Response(
        questionnaire=ref,
        answers={"a": "yes", "source": "gardée"},
        respondent=Respondent(token="abc123", council_id="cc_nord"),
        source="retours/Ali-BENSAID.docx",
    )
    assert dump_response(response)["source"] == "retours/Ali-BENSAID.docx"
    redacted = dump_response(response, redact=True)
    assert "source" not in redacted
    assert "BENSAID" not in json.dumps(redacted)
    assert redacted["respondent"] == {"council_id": "cc_nord"}
    assert redacted["answers"] == {"a": "yes", "source": "gardée"}  # answers are kept as given
    assert load_response(redacted).source is None
