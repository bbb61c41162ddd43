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


def _entry(answers: dict[str, object], **respondent: str) -> dict[str, object]:
    return dump_response(response(answers, **respondent))


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


def _codes(error: ValidationError) -> set[str]:
    return {problem.code for problem in error.problems}


def test_the_same_file_given_twice_or_copied_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "reponses.json"
    entries = [_entry({"mood": "worried"}, token="r1"), _entry({"years": 3}, token="r2")]
    path.write_text(json.dumps({"responses": entries}), encoding="utf-8")
    with pytest.raises(ValidationError) as twice:
        read_responses([path, tmp_path / "." / "reponses.json"])
    assert _codes(twice.value) == {"responses.duplicate"}
    assert "fichier donné deux fois" in str(twice.value)
    copy = tmp_path / "copie.json"
    copy.write_bytes(path.read_bytes())
    with pytest.raises(ValidationError) as copied:
        read_responses([path, copy])
    assert f"copie.json, n° 2 : même réponse que {path}, n° 2" in str(copied.value)
    english = [problem.texts["en"] for problem in copied.value.problems]
    assert any(f"copie.json, no. 2: same response as {path}, no. 2" in e for e in english)
    assert copied.value.problems[0].path == "$.responses[2]"


def test_one_form_imported_in_two_batches_is_refused_even_under_two_paths(tmp_path: Path) -> None:
    form = {"mood": "worried", "years": 3}
    batches = []
    for number, folder in enumerate(("lot-1", "lot-2"), start=1):
        entry = _entry(form, source=f"{folder}/formulaire.docx")
        batch = tmp_path / f"lot{number}.json"
        imports = [{"file": f"{folder}/formulaire.docx", "outcome": "imported", "sha256": "ab12"}]
        batch.write_text(json.dumps({"responses": [entry], "imports": imports}), encoding="utf-8")
        batches.append(batch)
    with pytest.raises(ValidationError) as caught:
        read_responses(batches)
    assert _codes(caught.value) == {"responses.duplicate"}


def test_different_responses_in_two_files_and_repeats_within_a_file_are_kept(
    tmp_path: Path,
) -> None:
    # Two anonymous people may answer alike in one batch (an import already
    # checks one batch); the same token with other answers is another response.
    first = tmp_path / "a.json"
    first.write_text(json.dumps([_entry({"years": 3}), _entry({"years": 3})]), encoding="utf-8")
    second = tmp_path / "b.json"
    second.write_text(json.dumps([_entry({"years": 4})]), encoding="utf-8")
    assert len(read_responses([first, second]).responses) == 3


def test_the_same_respondent_with_other_answers_in_two_files_is_refused(tmp_path: Path) -> None:
    # A corrected form imported in a later batch: counting both would count one
    # person twice, keeping either is a guess; a person must choose.
    first = tmp_path / "lot1.json"
    first.write_text(
        json.dumps([_entry({"years": 3}, token="A7", source="lot-1/dupont.docx")]),
        encoding="utf-8",
    )
    second = tmp_path / "lot2.json"
    second.write_text(
        json.dumps(
            [
                _entry({"years": 1}, token="B2"),
                _entry({"years": 4}, token="A7", source="lot-2/dupont-corrige.odt"),
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        read_responses([first, second])
    assert _codes(caught.value) == {"responses.same_respondent"}
    message = str(caught.value)
    assert "jeton « A7 »" in message
    assert f"{second}, n° 2 (formulaire lot-2/dupont-corrige.odt)" in message
    assert f"{first}, n° 1 (formulaire lot-1/dupont.docx)" in message
    assert "réponses différentes" in message
    assert "retirez l'autre de son dossier" in message
    assert caught.value.problems[0].path == "$.responses[2]"
    with pytest.raises(ValidationError) as english:
        read_responses([first, second])
    in_english = english.value.problems[0].texts["en"]
    assert "token 'A7'" in in_english
    assert f"{second}, no. 2 (form lot-2/dupont-corrige.odt)" in in_english
    assert "n°" not in in_english


def test_the_same_respondent_twice_within_one_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fusion.json"
    path.write_text(
        json.dumps(
            [
                _entry({"years": 3}, token="A7"),
                _entry({"years": 3}, token="B2"),
                _entry({"years": 3}, token="A7"),
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        read_responses([path])
    assert _codes(caught.value) == {"responses.same_respondent"}
    assert f"{path}, n° 3" in str(caught.value)
    assert "mêmes réponses" in str(caught.value)


def test_many_conflicts_are_summed_up(tmp_path: Path) -> None:
    path = tmp_path / "fusion.json"
    entries = [_entry({"years": n}, token=f"T{n % 7}") for n in range(20)]
    path.write_text(json.dumps(entries), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_responses([path])
    texts = [p.message for p in caught.value.problems]
    assert len(texts) == 7  # five listed, the rest counted, then what to do
    assert "… et 8 autres répondants en double" in texts[5]


def test_analyze_refuses_one_respondent_counted_twice() -> None:
    twice = [
        response({"years": 3}, token="A7", source="a.docx"),
        response({"years": 4}, token="A7", source="b.docx"),
    ]
    with pytest.raises(ValidationError) as caught:
        analyze(QUESTIONNAIRE, twice)
    assert _codes(caught.value) == {"analysis.same_respondent"}
    assert "b.docx" in str(caught.value)
    assert "a.docx" in str(caught.value)
    # Anonymous responses (no token) that answer alike are two people.
    alike = [response({"years": 3}), response({"years": 3})]
    assert analyze(QUESTIONNAIRE, alike).analysed == 2
