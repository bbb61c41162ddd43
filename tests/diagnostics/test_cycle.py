"""The qualification cycle model: schema and attrs agree, load/dump round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from conseils_citoyens.diagnostics.cycle import Audience, Cycle
from conseils_citoyens.documents import convert
from conseils_citoyens.documents.jsonio import read_json
from conseils_citoyens.errors import ValidationError
from tests._schema_fields import mismatches

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cycle-exemple.json"


def test_schema_and_attrs_fields_match() -> None:
    assert mismatches(Cycle, "cycle") == []


def test_load_then_dump_round_trips() -> None:
    cycle = convert.load(EXAMPLE, Cycle)
    assert convert.load(convert.dump(cycle), Cycle) == cycle


def test_attendance_and_action_leads() -> None:
    cycle = convert.load(EXAMPLE, Cycle)
    assert cycle.total_attendance(Audience.RESIDENTS) == 14 + 19 + 16 + 12 + 52
    assert cycle.sessions[3].attendance_of(Audience.ELECTED_OFFICIALS) == 0
    assert cycle.action_leads[0].startswith("Relever")
    assert len(cycle.action_leads) == 4


def test_unknown_audience_is_refused() -> None:
    data = read_json(EXAMPLE)
    data["audiences"] = ["residents", "journalists"]
    data["sessions"][0]["attendance"][0]["count"] = -1
    with pytest.raises(ValidationError) as caught:
        convert.load(data, Cycle)
    assert {p.path for p in caught.value.problems} == {
        "$.audiences[1]",
        "$.sessions[0].attendance[0].count",
    }
