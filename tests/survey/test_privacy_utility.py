"""Utility of the disclosure control on the demo's report, and the same hiding in every format."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

import pytest

from conseils_citoyens.demo import run_demo
from conseils_citoyens.formats import ReportOptions
from conseils_citoyens.formats.report import format_for_suffix
from conseils_citoyens.formats.report.tabular import report_data
from conseils_citoyens.survey.analysis import OTHERS, Analysis, analyze
from conseils_citoyens.survey.questionnaire.model import Questionnaire
from conseils_citoyens.survey.questionnaire.responses import validate_response
from conseils_citoyens.survey.responses_file import read_responses
from conseils_citoyens.survey.workflow import build_questionnaire
from tests.training_fixture import QUESTIONNAIRE, response


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Questionnaire, Any]:
    directory = tmp_path_factory.mktemp("demo")
    run_demo(directory, echo=lambda line: None)
    overlay = next(directory.glob("*/adaptation-locale.json"))
    batch = read_responses([directory / "4-reponses" / "reponses.json"])
    return build_questionnaire(overlay=overlay), batch


def _values(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every value of a JSON report that counts or measures people, with a path."""
    for needs in data["needs"]:
        for topic in needs["topics"]:
            for path, figures in [("overall", topic), *((g["group"], g) for g in topic["groups"])]:
                where = f"{needs['question']}.{topic['code']}.{path}"
                yield f"{where}.answered", figures["answered"]
                for code, count in figures["levels"].items():
                    yield f"{where}.{code}", count
                if figures["answered"]:
                    yield f"{where}.share", figures["share_high"]
    for dist in data["distributions"]:
        yield f"{dist['question']}.answered", dist["answered"]
        for choice in dist["choices"]:
            yield f"{dist['question']}.{choice['code']}", choice["count"]
    for ranking in data["rankings"]:
        for item in ranking["items"]:
            for key in ("points", "first", "mentions"):
                yield f"{ranking['question']}.{item['code']}.{key}", item[key]
    for group in data.get("breakdown", {}).get("groups", []):
        yield f"group.{group['key']}", group["size"]


@pytest.mark.parametrize("by", [None, "college"])
def test_the_demo_report_shows_what_a_territory_needs(
    demo: tuple[Questionnaire, Any], by: str | None
) -> None:
    questionnaire, batch = demo
    analysis = analyze(
        questionnaire,
        batch.responses,
        by=by,
        validator=validate_response,
        rejected=batch.rejected,
    )
    k = analysis.min_group
    sensitive = {q.id for q in questionnaire.questions() if q.sensitive}
    # every non-sensitive figure about everyone is shown
    for needs in analysis.needs:
        for topic in needs.topics:
            if topic.overall.answered and topic.overall.answered >= k:
                assert not topic.overall.suppressed, topic.code
                assert all(level.count is not None for level in topic.overall.levels)
                # the mean score of every topic answered by at least k people
                assert topic.overall.mean is not None, topic.code
                assert topic.overall.share_high is not None, topic.code
    for dist in analysis.distributions:
        if dist.question_id in sensitive:
            continue
        for choice in dist.choices:
            if not choice.sensitive:
                assert choice.count is not None, (dist.question_id, choice.code)
    assert all(i.points is not None for r in analysis.rankings for i in r.items)
    if analysis.breakdown is not None:
        groups = {g.key: g for g in analysis.breakdown.groups}
        merged = {g.key: g for g in analysis.breakdown.merged}
        # every group of at least k people is shown: on its own, or (only when a group of
        # fewer than k, here the 2 who did not give their college, must be merged with
        # the next smallest) inside « Autres groupes »
        small_merged = any(0 < (g.size or 0) < k for g in merged.values())
        for key, size in _sizes(analysis).items():
            if size >= k:
                assert key in groups or (key in merged and small_merged), key
        assert all(not g.suppressed for g in groups.values())
        others = groups.get(OTHERS)
        assert others is None or (others.size or 0) >= k
    # hidden values: at most 10 % of the report's values
    data = report_data(analysis, ReportOptions(by=by))
    values = list(_values(data))
    hidden = [path for path, value in values if value is None]
    assert len(hidden) <= 0.10 * len(values), (len(hidden), len(values), hidden[:20])
    print(f"by={by}: {len(hidden)} hidden of {len(values)} values")


def _sizes(analysis: Analysis) -> dict[str, int]:
    assert analysis.breakdown is not None
    sizes = {g.key: g.size or 0 for g in analysis.breakdown.groups if g.key != OTHERS}
    sizes.update({g.key: g.size or 0 for g in analysis.breakdown.merged})
    return sizes


# --- every format hides the same figures ----------------------------------------------------


def _hiding_analysis() -> Analysis:
    responses = []
    for i in range(14):
        responses.append(
            response(
                {
                    "college": "residents" if i % 3 else "actors",
                    "needs": {"meeting": "useful" if i % 2 else "priority", "budget": "none"},
                    "mood": "worried" if i < 2 else "confident",
                    "constraints": ["childcare"] if i < 3 else ["transport"],
                    "priorities": ["a", "b"],
                },
                council="grand",
            )
        )
    for i in range(4):
        responses.append(
            response(
                {"needs": {"meeting": "none", "city_policy": "useful"}, "mood": "confident"},
                council="petit" if i < 3 else None,
            )
        )
    return analyze(QUESTIONNAIRE, responses, by="council")


def _write(analysis: Analysis, suffix: str) -> bytes:
    report_format = format_for_suffix(suffix)
    assert report_format is not None
    stream = io.BytesIO()
    report_format.write(analysis, stream, ReportOptions(by="council"))
    return stream.getvalue()


MARKS = ("< 5", "masqué")


def test_csv_hides_exactly_what_the_json_hides() -> None:
    analysis = _hiding_analysis()
    data = json.loads(_write(analysis, ".json"))
    rows = list(
        csv.DictReader(io.StringIO(_write(analysis, ".csv").decode("utf-8-sig")), delimiter=";")
    )
    labels = {g["label"]: g["key"] for g in data["breakdown"]["groups"]}
    level_codes = {lv["label"]: lv["code"] for lv in data["needs"][0]["levels"]}
    checked = 0
    for row in rows:
        value = _json_value(data, row, labels, level_codes)
        if value is _SKIP:
            continue
        checked += 1
        assert (row["valeur"] in MARKS) == (value is None and row["valeur"] != ""), row
    assert checked > 50
    assert any(row["valeur"] in MARKS for row in rows)


_SKIP = object()


def _json_value(
    data: dict[str, Any], row: dict[str, str], labels: dict[str, str], levels: dict[str, str]
) -> Any:
    section, question, code, measure = (
        row["rubrique"],
        row["question"],
        row["code"],
        row["indicateur"],
    )
    if section == "besoins":
        topic = next(t for t in data["needs"][0]["topics"] if t["code"] == code)
        figures = (
            topic
            if row["groupe"] == "ensemble"
            else next(g for g in topic["groups"] if g["group"] == labels[row["groupe"]])
        )
        if measure == "répondants":
            return figures["answered"]
        if measure.startswith("nombre : "):
            return figures["levels"][levels[measure.removeprefix("nombre : ")]]
        if measure.startswith("part"):
            return figures["share_high"]
        if measure.startswith("score"):
            return figures["mean"]
        return _SKIP
    if section == "choix":
        dist = next(d for d in data["distributions"] if d["question"] == question)
        if measure == "répondants":
            return dist["answered"]
        choice = next(c for c in dist["choices"] if c["code"] == code)
        return choice["count"] if measure == "nombre" else choice["share"]
    if section == "classements" and code:
        ranking = next(r for r in data["rankings"] if r["question"] == question)
        item = next(i for i in ranking["items"] if i["code"] == code)
        return item[{"points": "points", "premier choix": "first", "cité": "mentions"}[measure]]
    if section == "groupes" and measure == "répondants":
        return next(g for g in data["breakdown"]["groups"] if g["key"] == code)["size"]
    return _SKIP


def _text(data: bytes, suffix: str) -> str:
    if suffix == ".md":
        return data.decode("utf-8")
    part = "word/document.xml" if suffix == ".docx" else "content.xml"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read(part))
    return " ".join(root.itertext())


def test_documents_hide_what_the_json_hides() -> None:
    analysis = _hiding_analysis()
    data = json.loads(_write(analysis, ".json"))
    markdown = _write(analysis, ".md").decode("utf-8")
    # the detail table of each distribution: a mark exactly where the JSON has null
    for dist in data["distributions"]:
        for choice in dist["choices"]:
            line = next(
                (ln for ln in markdown.splitlines() if ln.startswith(f"| {choice['label']} |")),
                None,
            )
            if line is None:
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            assert (cells[-1] in MARKS) == (choice["count"] is None), (dist["question"], line)
    # Word and OpenDocument lay out the same blocks: the same marks, as often
    counts = {
        suffix: tuple(_text(_write(analysis, suffix), suffix).count(mark) for mark in MARKS)
        for suffix in (".md", ".docx", ".odt")
    }
    assert counts[".md"] == counts[".docx"] == counts[".odt"], counts
    assert sum(counts[".md"]) > 0
