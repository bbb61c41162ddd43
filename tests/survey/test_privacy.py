"""Disclosure control: groups merged or hidden, sensitive counts, the release log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conseils_citoyens.errors import ValidationError
from conseils_citoyens.survey.analysis import OTHERS, Hidden, analyze
from conseils_citoyens.survey.privacy import (
    PartitionInput,
    ReleaseLog,
    default_release_log_path,
    plan_groups,
    protect_cells,
)
from tests.training_fixture import QUESTIONNAIRE, response

# --- sensitive counts -----------------------------------------------------------------------


def test_sensitive_counts_follow_the_rule() -> None:
    # 0 is shown; 6 of 20 is shown (6 gave it, 14 did not); 2 and 18 are not
    hide, stuck = protect_cells([0, 6, 2], [True, True, True], 20, 5, total=False)
    assert hide == [False, False, True]
    assert not stuck
    hide, _ = protect_cells([18], [True], 20, 5, total=False)
    assert hide == [True]
    # an ordinary answer is never hidden for its own sake
    hide, _ = protect_cells([2, 18], [False, False], 20, 5, total=True)
    assert hide == [False, False]


def test_complement_leaves_every_hidden_count_open_up_to_k() -> None:
    # 2 worried of 40: hiding 2 alone, 40 - 38 gives it back; hiding 2 and 3, the
    # reader knows only that they add up to 5 and are not 0: 1..4 each, never 5 or more
    hide, stuck = protect_cells([2, 3, 35], [True, False, False], 40, 5, total=True)
    assert hide == [True, True, True]
    assert not stuck


@settings(max_examples=200, deadline=None)
@given(
    counts=st.lists(st.integers(0, 30), min_size=1, max_size=6),
    k=st.integers(2, 6),
    data=st.data(),
)
def test_hidden_counts_of_a_total_each_could_be_k_or_more(
    counts: list[int], k: int, data: st.DataObject
) -> None:
    sensitive = data.draw(st.lists(st.booleans(), min_size=len(counts), max_size=len(counts)))
    answered = sum(counts)
    hide, stuck = protect_cells(counts, sensitive, answered, k, total=True)
    for count, flag, hidden in zip(counts, sensitive, hide, strict=True):
        if flag and not hidden:
            assert count == 0 or (count >= k and answered - count >= k)
        if hidden:
            assert count > 0
    hidden = [c for c, h in zip(counts, hide, strict=True) if h]
    if hidden and not stuck:
        # a reader knows each hidden count is 1 or more and what they add up to
        assert len(hidden) >= 2
        assert sum(hidden) - (len(hidden) - 1) >= k


# --- groups ------------------------------------------------------------------------------------


def _partition(name: str, groups: dict[str, list[int]]) -> PartitionInput:
    keys = tuple(groups)
    masks = tuple(sum(1 << atom for atom in atoms) for atoms in groups.values())
    return PartitionInput(name=name, keys=keys, masks=masks)


def test_small_groups_are_merged_when_together_they_reach_k() -> None:
    sizes = [20, 3, 2]
    plans = plan_groups([_partition("council", {"a": [0], "b": [1], "c": [2]})], sizes, 5)
    assert plans["council"].shown == ("a",)
    assert plans["council"].merged == ("b", "c")


def test_a_lone_small_group_is_merged_with_the_next_smallest() -> None:
    sizes = [20, 12, 2]
    plans = plan_groups([_partition("council", {"a": [0], "b": [1], "c": [2]})], sizes, 5)
    assert plans["council"].shown == ("a",)
    assert plans["council"].merged == ("b", "c")
    assert plans["council"].hidden == {"c": Hidden.SMALL, "b": Hidden.COMPLEMENTARY}


def test_a_group_inside_another_breakdown_cannot_be_subtracted() -> None:
    # council c2 (2 people) lies inside EPCI e1 with council c1 (20): e1 - c1 = c2
    sizes = [20, 2, 9, 8]
    councils = _partition("council", {"c1": [0], "c2": [1], "c3": [2], "c4": [3]})
    epcis = _partition("epci", {"e1": [0, 1], "e2": [2, 3]})
    plans = plan_groups([councils, epcis], sizes, 5)
    council_shown = set(plans["council"].blocks())
    epci_shown = set(plans["epci"].blocks())
    # whatever is hidden, e1 and c1 are never both shown
    assert not ({"c1"} <= council_shown and "e1" in epci_shown)


def test_breakdown_merges_small_councils_into_other_groups() -> None:
    responses = [response({"needs": {"meeting": "useful"}}, council="big")] * 12
    responses += [response({"needs": {"meeting": "priority"}}, council="small")] * 3
    responses += [response({"needs": {"meeting": "none"}}, council="tiny")] * 2
    result = analyze(QUESTIONNAIRE, responses, by="council")
    assert result.breakdown is not None
    groups = {g.key: g for g in result.breakdown.groups}
    assert set(groups) == {"big", OTHERS}
    assert groups[OTHERS].size == 5
    assert groups[OTHERS].members == ("small", "tiny")
    assert [(g.key, g.size) for g in result.breakdown.merged] == [("small", 3), ("tiny", 2)]
    meeting = next(t for t in result.needs[0].topics if t.code == "meeting")
    figures = {g.group: g.figures for g in meeting.groups}
    assert {lv.code: lv.count for lv in figures[OTHERS].levels}["priority"] == 3


def test_not_stated_group_is_never_isolated() -> None:
    # 2 people did not say their college: analysed minus the groups shown would give them
    responses = [response({"college": "residents", "needs": {"meeting": "useful"}})] * 10
    responses += [response({"college": "actors", "needs": {"meeting": "useful"}})] * 8
    responses += [response({"needs": {"meeting": "priority"}})] * 2
    result = analyze(QUESTIONNAIRE, responses, by="college")
    assert result.breakdown is not None
    # the residents are shown; the actors only together with the 2 who did not say
    groups = [(g.key, w.label.get("fr"), g.size) for g in result.breakdown.groups for w in [g]]
    assert groups == [
        ("residents", "Habitants", 10),
        (OTHERS, "Acteurs locaux + Non renseigné", 10),
    ]
    merged = {g.key: g.hidden for g in result.breakdown.merged}
    assert merged == {"actors": Hidden.COMPLEMENTARY, "": Hidden.SMALL}


def test_sensitive_breakdown_hides_group_sizes_like_the_distribution() -> None:
    responses = [response({"mood": "confident", "needs": {"meeting": "useful"}})] * 12
    responses += [response({"mood": "worried", "needs": {"meeting": "useful"}})] * 2
    result = analyze(QUESTIONNAIRE, responses, by="mood")
    assert result.breakdown is not None
    # 12 confident and 2 worried: neither count may be told, so neither group is shown alone
    assert [(g.key, g.size) for g in result.breakdown.groups] == [(OTHERS, 14)]
    assert [(g.key, g.size) for g in result.breakdown.merged] == [
        ("confident", None),
        ("worried", None),
    ]
    assert [c.count for c in result.distribution("mood").choices] == [None, None]


def test_a_population_below_k_shows_nothing_but_its_size() -> None:
    result = analyze(QUESTIONNAIRE, [response({"college": "residents"})] * 3, by="college")
    assert result.analysed == 3
    assert result.distribution("college").answered is None
    assert all(t.overall.suppressed for t in result.needs[0].topics)


# --- the release log ------------------------------------------------------------------------


def test_a_second_release_two_forms_later_is_withheld_then_allowed(tmp_path: Path) -> None:
    first = [response({"needs": {"meeting": "useful"}, "college": "residents"})] * 10
    log = ReleaseLog()
    before = analyze(QUESTIONNAIRE, first, release_log=log)
    assert before.release_conflicts == ()
    log.record("2026-01-01", "r1.md", before.released)
    path = tmp_path / "r.publications.json"
    log.save(path)
    # two late forms: comparing the reports would give their answers
    late = first + [response({"needs": {"meeting": "priority"}, "college": "actors"})] * 2
    after = analyze(QUESTIONNAIRE, late, release_log=ReleaseLog.load(path))
    assert [c.difference for c in after.release_conflicts] == [2]
    assert "diffère de 2 personnes" in after.release_conflicts[0].message()
    meeting = next(t for t in after.needs[0].topics if t.code == "meeting")
    assert meeting.overall.hidden is Hidden.RELEASE
    assert after.released == ()
    # five late forms: a set of 5 people, publishable
    later = late + [response({"needs": {"meeting": "none"}})] * 3
    allowed = analyze(QUESTIONNAIRE, later, release_log=ReleaseLog.load(path))
    assert allowed.release_conflicts == ()
    # the same responses again: nothing new, nothing withheld
    again = analyze(QUESTIONNAIRE, first, release_log=ReleaseLog.load(path))
    assert again.release_conflicts == ()


def test_the_log_holds_fingerprints_not_answers(tmp_path: Path) -> None:
    log = ReleaseLog()
    analysis = analyze(
        QUESTIONNAIRE,
        [response({"comment": "secret de Mme X", "college": "residents"})] * 6,
        release_log=log,
    )
    log.record("2026-01-01", "r.md", analysis.released)
    path = tmp_path / "log.json"
    log.save(path)
    text = path.read_text(encoding="utf-8")
    assert "secret" not in text
    assert "residents" not in text
    # six identical responses are six people
    assert len(json.loads(text)["releases"][0]["members"]) == 6


def test_a_bad_log_is_refused_in_french(tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    path.write_text('{"kind": "autre"}', encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        ReleaseLog.load(path)
    assert "n'est pas un journal des publications" in caught.value.problems[0].message_in("fr")


def test_default_log_sits_next_to_the_responses() -> None:
    assert default_release_log_path(Path("/x/reponses.json")) == Path(
        "/x/reponses.publications.json"
    )


# --- questionnaires embedded before the sensitive flags existed -------------------------------


def _without_flags(questionnaire: Any) -> Any:
    """The questionnaire as a responses file embedded it before the ``sensitive`` flags."""
    import attrs

    def plain(question: Any) -> Any:
        changes: dict[str, Any] = {"sensitive": False}
        for field in ("choices", "levels", "rows", "columns"):
            options = getattr(question, field, None)
            if options is not None:
                changes[field] = tuple(attrs.evolve(c, sensitive=False) for c in options)
        return attrs.evolve(question, **changes)

    sections = tuple(
        attrs.evolve(s, questions=tuple(plain(q) for q in s.questions))
        for s in questionnaire.sections
    )
    return attrs.evolve(questionnaire, sections=sections)


@pytest.mark.parametrize("overlay", [None, "adaptation-locale.json"])
def test_an_old_embedded_standard_questionnaire_keeps_the_standard_protection(
    tmp_path: Path, overlay: str | None
) -> None:
    """A copy of the standard (or adapted) questionnaire without flags still hides feelings."""
    from click.testing import CliRunner

    from conseils_citoyens.cli import main
    from conseils_citoyens.demo.simulate import Simulator
    from conseils_citoyens.survey.questionnaire.model import Response
    from conseils_citoyens.survey.questionnaire.serialize import (
        dump_questionnaire,
        dump_response,
        questionnaire_ref,
    )
    from conseils_citoyens.survey.workflow import build_questionnaire

    examples = Path(__file__).resolve().parents[2] / "examples"
    current = build_questionnaire(overlay=examples / overlay if overlay else None)
    old = _without_flags(current)
    assert questionnaire_ref(old) != questionnaire_ref(current)  # another hash: it is used
    simulator = Simulator(old, seed=3)
    responses = []
    for n in range(20):
        answers = simulator.answers()
        answers["humeur"] = "inquiet" if n < 2 else "confiant"
        answers["contraintes"] = ["garde_enfants"] if n < 3 else ["transport"]
        responses.append(Response(questionnaire=questionnaire_ref(old), answers=answers))
    analysis = analyze(old, responses)
    mood = analysis.distribution("humeur")
    assert mood.sensitive
    counts = {c.code: c.count for c in mood.choices}
    assert counts["inquiet"] is None  # 2 of 20: hidden, as with the current flags
    childcare = {c.code: c for c in analysis.distribution("contraintes").choices}
    assert childcare["garde_enfants"].count is None
    assert childcare["transport"].count == 17  # an ordinary answer stays shown
    assert analysis == analyze(current, [attrs_ref(r, current) for r in responses])

    path = tmp_path / "reponses.json"
    data = {
        "responses": [dump_response(r) for r in responses],
        "questionnaires": [dump_questionnaire(old)],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    report = tmp_path / "rapport.json"
    done = CliRunner().invoke(main, ["report", str(path), "-o", str(report), "--no-release-log"])
    assert done.exit_code == 0, done.output
    published = json.loads(report.read_text(encoding="utf-8"))
    humeur = next(d for d in published["distributions"] if d["question"] == "humeur")
    assert {c["code"]: c["count"] for c in humeur["choices"]}["inquiet"] is None, published[
        "responses"
    ]


def attrs_ref(response: Any, questionnaire: Any) -> Any:
    """The same response, to ``questionnaire``."""
    import attrs

    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    return attrs.evolve(response, questionnaire=questionnaire_ref(questionnaire))


def test_standard_flags_are_only_added_and_only_to_the_standard_lineage() -> None:
    from conseils_citoyens.survey.questionnaire.standard import (
        standard_questionnaire,
        with_standard_flags,
    )

    current = standard_questionnaire()
    assert with_standard_flags(current) is current  # nothing to add
    assert with_standard_flags(QUESTIONNAIRE) is QUESTIONNAIRE  # another questionnaire
    restored = with_standard_flags(_without_flags(current))
    assert restored == current
