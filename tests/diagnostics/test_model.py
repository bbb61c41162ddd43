"""The diagnostic model: schema and attrs agree, load/dump round trip, labels."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from conseils_citoyens.diagnostics.model import Diagnostic, Period, StandardTheme, Theme
from conseils_citoyens.documents import convert
from conseils_citoyens.documents.jsonio import read_json
from conseils_citoyens.errors import ValidationError
from tests._schema_fields import mismatches

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "diagnostic-exemple.json"


@pytest.fixture
def data() -> dict[str, Any]:
    value: dict[str, Any] = read_json(EXAMPLE)
    return value


def test_schema_and_attrs_fields_match() -> None:
    assert mismatches(Diagnostic, "diagnostic") == []


def test_field_comparison_detects_a_drift() -> None:
    from conseils_citoyens.diagnostics.cycle import Cycle

    assert mismatches(Cycle, "diagnostic")  # a different class cannot match


def test_load_then_dump_round_trips(data: dict[str, Any]) -> None:
    diagnostic = convert.load(data, Diagnostic)
    assert convert.load(convert.dump(diagnostic), Diagnostic) == diagnostic
    assert diagnostic.period == Period(start=dt.date(2025, 1, 6), end=dt.date(2025, 6, 30))
    assert len(diagnostic.themes) == 7


def test_load_from_path_validates_first(tmp_path: Path, data: dict[str, Any]) -> None:
    bad = copy.deepcopy(data)
    bad["qpv_codes"] = ["QP020001"]
    bad["defis"][0]["actions"][0]["status"] = "maybe"
    path = tmp_path / "d.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        convert.load(path, Diagnostic)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"$.qpv_codes[0]", "$.defis[0].actions[0].status"}


def test_local_theme_needs_a_label_standard_does_not(data: dict[str, Any]) -> None:
    data["themes"] = [{"id": "youth"}, {"id": "sante"}]
    with pytest.raises(ValidationError) as caught:
        convert.load(data, Diagnostic)
    assert [p.path for p in caught.value.problems] == ["$.themes[1].label"]
    data["themes"][1]["label"] = "santé"
    assert convert.load(data, Diagnostic).themes[1] == Theme(id="sante", label="santé")


def test_theme_labels() -> None:
    assert Theme(id="youth").display("fr") == "jeunesse"
    assert Theme(id="youth").standard is StandardTheme.YOUTH
    assert Theme(id="sante", label="santé").is_local
    assert StandardTheme.SOCIAL_COHESION.is_pillar
    assert not StandardTheme.YOUTH.is_pillar


def test_period_contains_both_ends() -> None:
    period = Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))
    assert period.contains(dt.date(2025, 1, 1))
    assert period.contains(dt.date(2025, 1, 31))
    assert not period.contains(dt.date(2024, 12, 31))
    assert not period.contains(dt.date(2025, 2, 1))
    assert Period(start=dt.date(2025, 1, 1)).contains(dt.date(2099, 1, 1))
