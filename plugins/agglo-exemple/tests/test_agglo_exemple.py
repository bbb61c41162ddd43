"""Tests of the example territory plugin, on an isolated plugin host."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

# Run from a source checkout without installing the plugin.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import cc_agglo_exemple
import pytest

from conseils_citoyens import College, Council, Member, ValidationError, isolated_plugins
from conseils_citoyens.rules import CheckContext, run_rules


def _council(*birth_years: int | None) -> Council:
    return Council(
        id="cc-test",
        name="Conseil test",
        qpv_codes=("QN05901M",),
        members=tuple(
            Member(id=f"m{i}", college=College.RESIDENTS, birth_year=year)
            for i, year in enumerate(birth_years)
        ),
    )


def test_plugin_registers_its_section_and_rule() -> None:
    with isolated_plugins(cc_agglo_exemple, builtins=False) as host:
        rules = host.rules("council")
        contributions = host.questionnaire_contributions({"lang": "fr"})
    assert [r.id for r in rules] == ["agglo_exemple.young_residents"]
    (contribution,) = contributions
    assert contribution.sections == (cc_agglo_exemple.LOCAL_SECTION,)
    question_ids = [q.id for q in contribution.sections[0].questions]
    assert question_ids == ["ae_table_quartier", "ae_table_utile", "ae_lieu_formation"]
    assert contribution.sections[0].questions[1].condition is not None


def test_rule_flags_a_council_without_young_residents() -> None:
    context = CheckContext(as_of=dt.date(2025, 6, 1))
    rule = cc_agglo_exemple.YOUNG_RESIDENTS
    old = run_rules(_council(1960, 1970), "cc-test", [rule], context)
    assert [f.rule_id for f in old.findings] == ["agglo_exemple.young_residents"]
    young = run_rules(_council(1960, 1996), "cc-test", [rule], context)
    assert young.findings == ()
    unknown = run_rules(_council(None, None), "cc-test", [rule], context)
    assert unknown.findings == ()


def test_rule_age_is_configurable_and_boundary_is_exclusive() -> None:
    rule = cc_agglo_exemple.YOUNG_RESIDENTS
    # Born 1995, checked in 2025: 30 years old, not under 30.
    context = CheckContext(as_of=dt.date(2025, 6, 1))
    assert run_rules(_council(1995), "c", [rule], context).findings != ()
    relaxed = CheckContext(as_of=dt.date(2025, 6, 1), options={"agglo_exemple.max_age": 31})
    assert run_rules(_council(1995), "c", [rule], relaxed).findings == ()


def test_the_age_option_is_a_whole_number_checked_before_the_rule_runs() -> None:
    rule = cc_agglo_exemple.YOUNG_RESIDENTS
    assert rule.typed_options == (cc_agglo_exemple.MAX_AGE,)
    assert cc_agglo_exemple.MAX_AGE.parse("25") == 25
    text = CheckContext(as_of=dt.date(2025, 6, 1), options={"agglo_exemple.max_age": "abc"})
    with pytest.raises(ValidationError, match="n'est pas un nombre entier"):
        run_rules(_council(1960), "c", [rule], text)


def test_the_finding_names_the_age_in_force() -> None:
    rule = cc_agglo_exemple.YOUNG_RESIDENTS
    assert "30" not in rule.title["fr"]
    context = CheckContext(as_of=dt.date(2025, 6, 1), options={"agglo_exemple.max_age": 25})
    (finding,) = run_rules(_council(1960), "c", [rule], context).findings
    assert "aucun habitant de moins de 25 ans" in finding.texts["fr"]
    assert "no resident under 25" in finding.texts["en"]
