"""Reading responses files: both shapes, bad entries kept as exclusions, mixed versions refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conseils_citoyens.errors import NotADocumentError, ValidationError
from conseils_citoyens.survey.analysis import analyze
from conseils_citoyens.survey.questionnaire.serialize import dump_response
from conseils_citoyens.survey.responses_file import read_responses, single_ref
from tests.training_fixture import QUESTIONNAIRE, REF, response


def _entry(answers: dict[str, object]) -> dict[str, object]:
    return dump_response(response(answers))


def test_object_and_list_shapes(tmp_path: Path) -> None:
    wrapped = tmp_path / "a.json"
    wrapped.write_text(
        json.dumps({"responses": [_entry({"mood": "worried"})], "imported": "2026-11-25"}),
        encoding="utf-8",
    )
    bare = tmp_path / "b.json"
    bare.write_text(json.dumps([_entry({}), _entry({"years": 3})]), encoding="utf-8")
    batch = read_responses([wrapped, bare])
    assert len(batch.responses) == 3
    assert batch.rejected == ()
    assert batch.responses[0].source == "a.json, n° 1"
    assert single_ref(batch, [wrapped, bare]) == REF


def test_bad_entries_become_exclusions_at_their_position(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(
        json.dumps({"responses": [_entry({}), "oops", {"answers": {}}, _entry({"mood": "x"})]}),
        encoding="utf-8",
    )
    batch = read_responses([path])
    assert [e.index for e in batch.rejected] == [1, 2]
    assert batch.rejected[0].problems[0].code == "responses.not_an_object"
    result = analyze(QUESTIONNAIRE, batch.responses, rejected=batch.rejected)
    assert result.received == 4
    assert result.analysed == 1
    # the bad mood code is left out at its own position, 4th
    assert [e.index for e in result.excluded] == [1, 2, 3]


def test_not_a_responses_file(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"members": []}', encoding="utf-8")
    with pytest.raises(NotADocumentError):
        read_responses([path])


def test_mixed_versions_are_refused(tmp_path: Path) -> None:
    other = _entry({})
    other["questionnaire"] = {**other["questionnaire"], "version": "2"}  # type: ignore[dict-item]
    path = tmp_path / "r.json"
    path.write_text(json.dumps([_entry({}), other]), encoding="utf-8")
    batch = read_responses([path])
    with pytest.raises(ValidationError) as caught:
        single_ref(batch, [path])
    assert "2 questionnaires ou versions" in caught.value.problems[0].message
