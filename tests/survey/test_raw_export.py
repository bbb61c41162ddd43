"""Raw responses export: one row per respondent, one column per answer slot."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conseils_citoyens.survey.questionnaire.model import Response
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.survey.raw_export import columns, export_data, rows, write_csv, write_json
from conseils_citoyens.testing import answers_for, questionnaires
from tests.training_fixture import QUESTIONNAIRE, response

FIRST = {
    "college": "residents",
    "needs": {"city_policy": "priority", "budget": "trained"},
    "formats": ["workshop", "other"],
    "formats.other": "Théâtre",
    "priorities": ["b", "a"],
    "years": 2,
    "comment": "Merci",
}


def _responses() -> list[Response]:
    return [
        response(FIRST, council="cc-nord", token="JETON-1"),
        response({"mood": "worried"}),
        response({"mood": "pas-un-code", "years": 2.5}),
    ]


def test_columns_expand_matrix_rows_choices_and_ranks() -> None:
    keys = [c.key for c in columns(QUESTIONNAIRE)]
    assert keys[:5] == [
        "number",
        "valid",
        "respondent.council_id",
        "respondent.commune",
        "respondent.epci",
    ]
    assert [k for k in keys if k.startswith("needs.")] == [
        "needs.city_policy",
        "needs.meeting",
        "needs.budget",
    ]
    assert [k for k in keys if k.startswith("formats")] == [
        "formats.workshop",
        "formats.visit",
        "formats.online",
        "formats.other",
        "formats.other.text",
    ]
    assert len(set(keys)) == len(keys)
    assert [k for k in keys if k.startswith("priorities")] == ["priorities.1", "priorities.2"]
    assert "respondent.token" not in keys


def test_rows_with_codes() -> None:
    cols, table = rows(QUESTIONNAIRE, _responses())
    first = dict(zip([c.header for c in cols], table[0], strict=False))
    assert first["number"] == 1
    assert first["valid"] == "oui"
    assert first["respondent.council_id"] == "cc-nord"
    assert first["needs.city_policy"] == "priority"
    assert first["needs.meeting"] is None
    assert first["formats.workshop"] == 1
    assert first["formats.visit"] == 0
    assert first["priorities.1"] == "b"
    assert table[1][1] == "oui"
    assert table[2][1] == "non"


def test_rows_with_labels() -> None:
    cols, table = rows(QUESTIONNAIRE, _responses(), labels=True)
    by_header = dict(zip([c.header for c in cols], table[0], strict=False))
    assert by_header["Besoins par thème — Politique de la ville"] == "Prioritaire"
    assert by_header["Votre collège"] == "Habitants"
    assert by_header["Vos priorités — rang 1"] == "Bêta"
    assert by_header["Formats préférés — précision « autre »"] == "Théâtre"
    assert by_header["Formats préférés — Autre"] == 1


def test_csv_in_both_dialects_never_shows_tokens() -> None:
    excel = io.BytesIO()
    write_csv(QUESTIONNAIRE, _responses(), excel)
    data = excel.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"JETON-1" not in data
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(parsed) == 4
    assert len({len(r) for r in parsed}) == 1
    years = parsed[0].index("years")
    assert parsed[1][years] == "2"
    assert parsed[3][years] == "2,5"

    plain = io.BytesIO()
    write_csv(QUESTIONNAIRE, _responses(), plain, dialect="rfc4180")
    parsed = list(csv.reader(io.StringIO(plain.getvalue().decode("utf-8"), newline="")))
    assert parsed[3][parsed[0].index("years")] == "2.5"


def test_json_export() -> None:
    stream = io.BytesIO()
    write_json(QUESTIONNAIRE, _responses(), stream, labels=True)
    data = json.loads(stream.getvalue())
    assert data["questionnaire"] == {"id": "besoins", "version": "1"}
    assert data["rows"][0]["needs.city_policy"] == "Prioritaire"
    assert "JETON-1" not in stream.getvalue().decode()


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_any_questionnaire_exports_one_cell_per_column(data: st.DataObject) -> None:
    questionnaire = data.draw(questionnaires())
    ref = questionnaire_ref(questionnaire)
    answers = data.draw(st.lists(answers_for(questionnaire), max_size=4))
    responses = [Response(questionnaire=ref, answers=a) for a in answers]
    exported = export_data(questionnaire, responses)
    assert len(exported["rows"]) == len(responses)
    keys = [c["key"] for c in exported["columns"]]
    assert len(set(keys)) == len(keys)
    assert all(list(row) == keys for row in exported["rows"])
    assert all(row["valid"] == "oui" for row in exported["rows"])
