"""Page 1 of the demo's report is a decision page; bars are drawn, with alternative text."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest

from conseils_citoyens.demo import data_files
from conseils_citoyens.demo.simulate import Simulator
from conseils_citoyens.formats import ReportOptions
from conseils_citoyens.formats.report import write_docx, write_odt
from conseils_citoyens.formats.report.content import Heading, build_report, priorities
from conseils_citoyens.plugins import isolated_plugins
from conseils_citoyens.survey.analysis import Analysis, analyze
from conseils_citoyens.survey.questionnaire.model import Response
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.survey.workflow import build_questionnaire
from tests.conftest import requires_soffice
from tests.lo import convert


@pytest.fixture(scope="module")
def demo_analysis() -> Analysis:
    """The demo's 40 simulated respondents, analysed by college as the demo does."""
    with isolated_plugins():
        questionnaire = build_questionnaire(overlay=data_files()["adaptation-locale.json"])
    simulator = Simulator(questionnaire, seed=2026)
    ref = questionnaire_ref(questionnaire)
    responses = []
    for index in range(1, 41):
        answers = simulator.answers()
        answers["college"] = "residents" if index % 3 else "local_actors"
        responses.append(Response(questionnaire=ref, answers=answers))
    return analyze(questionnaire, responses, by="college")


def test_priorities_reconcile_matrix_and_ranking(demo_analysis: Analysis) -> None:
    chosen = priorities(demo_analysis, 3)
    assert len(chosen) == 3
    scores = [p.score for p in chosen]
    assert scores == sorted(scores, reverse=True)
    for priority in chosen:
        share = priority.topic.overall.share_high
        assert share is not None
        assert priority.score == pytest.approx(share + priority.bonus)
        assert 0 <= priority.bonus <= 0.10
    # the theme leading the ranking gives its topics the whole bonus
    leader = max(
        (i for r in demo_analysis.rankings for i in r.items if i.points is not None),
        key=lambda i: i.points or 0,
    )
    assert any(p.theme == leader.code and p.bonus == pytest.approx(0.10) for p in chosen) or all(
        p.theme != leader.code for p in chosen
    )


def test_the_key_points_come_first_and_name_n_trainings(demo_analysis: Analysis) -> None:
    document = build_report(demo_analysis, ReportOptions(top=4))
    assert document.blocks[1].text == "À retenir"  # type: ignore[union-attr]
    text = "\n".join(
        getattr(b, "text", "") + "\n".join(getattr(b, "items", ())) for b in document.blocks[:10]
    )
    assert "Quatre formations à organiser en priorité" in text
    assert "Quand : " in text
    assert "40 réponses analysées" in text
    assert "Règle de choix" in text


def _pdf_pages(pdf: Path) -> list[str]:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) absent")
    result = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout.split("\f")


@requires_soffice
@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_page_one_of_the_rendered_report_is_a_decision_page(
    demo_analysis: Analysis, tmp_path: Path, suffix: str
) -> None:
    stream = io.BytesIO()
    options = ReportOptions(by="college")
    (write_docx if suffix == ".docx" else write_odt)(demo_analysis, stream, options)
    data = stream.getvalue()
    source = tmp_path / f"rapport{suffix}"
    source.write_bytes(data)
    pages = _pdf_pages(convert(source, "pdf", tmp_path))
    first = pages[0]
    assert "À retenir" in first
    names = [p.topic.label.get("fr") for p in priorities(demo_analysis, 3)]
    flat = re.sub(r"\s+", " ", first)
    for name in names:
        assert name.split(" :")[0] in flat
    assert "Quand :" in flat
    assert "Le samedi" in flat
    assert "40 réponses analysées" in flat
    assert all("█" not in page for page in pages)
    blocks = build_report(demo_analysis, options).blocks
    headings = {b.text for b in blocks if isinstance(b, Heading)}
    for number, page in enumerate(pages[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("Page ")]
        if body:
            assert body[-1] not in headings, f"page {number} ends with the heading {body[-1]!r}"
    _every_bar_has_alternative_text(data, suffix)


def _every_bar_has_alternative_text(data: bytes, suffix: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if suffix == ".docx":
            xml = archive.read("word/document.xml").decode()
            pictures = re.findall(r"<wp:docPr [^>]*>", xml)
            assert pictures
            for picture in pictures:
                assert re.search(r'descr="[^"]*\d+\xa0%[^"]*"', picture), picture
        else:
            xml = archive.read("content.xml").decode()
            frames = re.findall(r"<draw:frame .*?</draw:frame>", xml)
            assert frames
            for frame in frames:
                assert re.search(r"<svg:desc>[^<]*\d+\xa0%[^<]*</svg:desc>", frame), frame


def _council(council_id: str, members: int) -> Any:
    from conseils_citoyens.council.model import College, Council, Member

    return Council(
        id=council_id,
        name=f"Conseil {council_id}",
        qpv_codes=("QN05921M",),
        members=tuple(
            Member(id=f"{council_id}-{n}", college=College.RESIDENTS) for n in range(members)
        ),
    )


def _from(council_id: str | None) -> Any:
    from conseils_citoyens.survey.questionnaire.model import Respondent
    from tests.training_fixture import response

    answered = response({})
    if council_id is None:
        return answered
    return attrs.evolve(answered, respondent=Respondent(council_id=council_id))


@pytest.mark.parametrize(
    ("counts", "outside", "expected"),
    [
        ({"a": 12, "b": 8}, 0, {"a": 12, "b": 8}),
        # b alone would be 3: hidden, and a too, or the total minus a would give b
        ({"a": 12, "b": 3}, 0, {"a": None, "b": None}),
        # two small councils hidden together reach 6: the big one stays shown
        ({"a": 12, "b": 3, "c": 3}, 0, {"a": 12, "b": None, "c": None}),
        # 2 responses from no listed council: the total minus the councils would give them
        ({"a": 12, "b": 8}, 2, {"a": 12, "b": None}),
        ({"a": 12, "b": 0}, 0, {"a": 12, "b": 0}),
    ],
)
def test_response_rates_never_isolate_a_small_group(
    counts: dict[str, int], outside: int, expected: dict[str, int | None]
) -> None:
    import datetime as dt

    from conseils_citoyens.formats.report.content import council_responses

    councils = [_council(cid, 20) for cid in counts]
    responses = [_from(cid) for cid, n in counts.items() for _ in range(n)]
    responses += [_from(None) for _ in range(outside)]
    rates = council_responses(councils, responses, 5, dt.date(2026, 1, 1))
    assert {r.name.split()[-1]: r.responses for r in rates} == expected
    assert {r.members for r in rates} == {20}
    # whatever is hidden adds up to 0 or at least 5 people
    hidden = sum(counts[c] for c, v in expected.items() if v is None) + outside
    assert hidden == 0 or hidden >= 5


def test_page_one_gives_the_response_rate_per_council(demo_analysis: Analysis) -> None:
    from conseils_citoyens.formats import CouncilResponses
    from conseils_citoyens.formats.report.tabular import markdown

    councils = (
        CouncilResponses(name="Alma", members=27, responses=20),
        CouncilResponses(name="Moulin", members=13, responses=None),
    )
    text = markdown(build_report(demo_analysis, ReportOptions(councils=councils)))
    page_one = text.split("## Synthèse")[0]
    assert "Alma : 20 réponses pour 27 membres (74\u00a0%)" in page_one
    assert "Moulin : nombre de réponses masqué (confidentialité), 13 membres" in page_one


def test_the_issuer_comes_from_the_overlay_and_is_named_on_page_one(
    tmp_path: Path, demo_analysis: Analysis
) -> None:
    from conseils_citoyens.formats.report.tabular import markdown
    from conseils_citoyens.survey.questionnaire.serialize import (
        dump_questionnaire,
        load_questionnaire,
    )

    overlay = {
        **data_files()["adaptation-locale.json"],
        "issuer": {"fr": "Métropole (exemple)", "en": "Metropolis (sample)"},
    }
    with isolated_plugins():
        questionnaire = build_questionnaire(overlay=overlay)
        plain = build_questionnaire(overlay=data_files()["adaptation-locale.json"])
    assert questionnaire.issuer is not None
    assert questionnaire.issuer.get("fr") == "Métropole (exemple)"
    assert plain.issuer != questionnaire.issuer
    saved = tmp_path / "q.json"
    saved.write_text(json.dumps(dump_questionnaire(questionnaire)), "utf-8")
    assert load_questionnaire(saved) == questionnaire
    text = markdown(build_report(demo_analysis, ReportOptions(issuer="Métropole (exemple)")))
    assert "Rapport établi le " in text.split("## Synthèse")[0]
    assert " par Métropole (exemple)." in text.split("## Synthèse")[0]


def test_a_hidden_practical_need_is_said_never_counted() -> None:
    from conseils_citoyens.formats.report.tabular import markdown
    from tests.training_fixture import QUESTIONNAIRE, response

    # all ten need childcare (sensitive: hidden, n - c = 0); five need an accessible venue
    responses = [
        response({"needs": {"meeting": "priority"}, "constraints": ["childcare", "accessibility"]})
    ] * 5 + [response({"needs": {"meeting": "useful"}, "constraints": ["childcare"]})] * 5
    text = markdown(build_report(analyze(QUESTIONNAIRE, responses), ReportOptions()))
    page_one = text.split("## Synthèse")[0]
    assert (
        "À prévoir : Accessibilité (50\u00a0%) ; et par précaution (chiffre masqué) : " in page_one
    )
    assert "Garde d'enfants" in page_one
    assert "Garde d'enfants (" not in page_one


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "À prévoir par précaution (chiffre masqué) : Garde d'enfants."),
        ("en", "To arrange as a precaution (figure hidden): childcare."),
    ],
)
def test_hidden_practical_needs_alone_read_as_a_sentence(lang: str, expected: str) -> None:
    from conseils_citoyens.formats.report.tabular import markdown
    from tests.training_fixture import QUESTIONNAIRE, response

    # every need is hidden: the line must not start « et par précaution »
    responses = [response({"needs": {"meeting": "priority"}, "constraints": ["childcare"]})] * 10
    text = markdown(build_report(analyze(QUESTIONNAIRE, responses), ReportOptions(lang=lang)))
    page_one = text.split("\n## ")[1]
    assert expected in page_one
    assert "prévoir : et" not in page_one
    assert "arrange: and" not in page_one


def test_a_sensitive_count_is_not_explained_as_fewer_than_five_people() -> None:
    """All ten need childcare: the count (10) is hidden as a sensitive answer's, not a small one."""
    from conseils_citoyens.formats.report.tabular import markdown
    from tests.training_fixture import QUESTIONNAIRE, response

    responses = [
        response({"needs": {"meeting": "priority"}, "constraints": ["childcare", "accessibility"]})
    ] * 5 + [response({"needs": {"meeting": "useful"}, "constraints": ["childcare"]})] * 5
    text = markdown(build_report(analyze(QUESTIONNAIRE, responses), ReportOptions()))
    tables = text.split("**Tableau ")[1:]
    constraints = next(t for t in tables if "| Garde d'enfants | masqué |" in t)
    assert "c'est le nombre d'une réponse sensible" in constraints
    assert "au moins 5 personnes l'ont donnée et au moins 5 non" in constraints
    others = [t for t in tables if "masqué" in t and t is not constraints]
    assert others, "the small counts of other tables keep the plain key"
    for table in others:
        assert "réponse sensible" not in table


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_synthesis_never_counts_what_nobody_chose(lang: str) -> None:
    """One topic ranked, no format chosen, nothing ranked: said so, never « Les 1 thèmes »."""
    from conseils_citoyens.formats.report.tabular import markdown
    from tests.training_fixture import QUESTIONNAIRE, response

    responses = [response({"needs": {"meeting": "priority"}})] * 5 + [
        response({"needs": {"meeting": "useful"}})
    ] * 5
    text = markdown(build_report(analyze(QUESTIONNAIRE, responses), ReportOptions(lang=lang)))
    synthesis = text.split("\n## ")[2]
    if lang == "fr":
        assert "Tableau 1 – Le thème le plus demandé**" in synthesis
        assert "Les 1 thèmes" not in synthesis
        assert synthesis.count("Personne n'a choisi de réponse.") == 2  # formats, slots
        assert "les plus choisies" not in synthesis
        assert "En tête du classement" not in synthesis  # 0 point is no first place
    else:
        assert "Table 1 – The most requested topic**" in synthesis
        assert synthesis.count("Nobody chose an answer.") == 2
        assert "First in the ranking" not in synthesis


def test_the_three_most_chosen_leave_out_an_answer_nobody_chose() -> None:
    from conseils_citoyens.formats.report.tabular import markdown
    from tests.training_fixture import QUESTIONNAIRE, response

    responses = [response({"needs": {"meeting": "priority"}, "formats": ["workshop"]})] * 6
    text = markdown(build_report(analyze(QUESTIONNAIRE, responses), ReportOptions()))
    synthesis = text.split("\n## ")[2]
    table = synthesis.split("**Tableau 2 – ")[1].split("**Tableau 3")[0]
    assert table.startswith("Les réponses choisies**"), table
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 2  # the header and the one answer chosen, no « 0 % » row
    assert "| 0 |" not in table


def test_a_question_too_few_answered_lists_no_most_chosen_answers() -> None:
    """One person chose « Le samedi »: no table ranking three other answers « most chosen »."""
    from conseils_citoyens.formats.report.tabular import markdown
    from tests.training_fixture import QUESTIONNAIRE, response

    responses = [response({"needs": {"meeting": "priority"}, "formats": ["workshop"]})] + [
        response({"needs": {"meeting": "useful"}})
    ] * 9
    text = markdown(build_report(analyze(QUESTIONNAIRE, responses), ReportOptions()))
    synthesis = text.split("\n## ")[2]
    formats = synthesis.split("### Formats préférés")[1].split("###")[0]
    assert "Moins de 5 réponses : non publié." in formats
    assert "Tableau" not in formats


def _key_points_text(analysis: Analysis, lang: str) -> str:
    document = build_report(analysis, ReportOptions(lang=lang))
    return "\n".join(getattr(b, "text", "") for b in document.blocks[:12])


def test_the_key_points_give_the_survey_period_when_known(demo_analysis: Analysis) -> None:
    import datetime as dt

    assert demo_analysis.period is None
    assert "Réponses du" not in _key_points_text(demo_analysis, "fr")
    spring = attrs.evolve(demo_analysis, period=(dt.date(2026, 3, 3), dt.date(2026, 4, 28)))
    assert "Réponses du 3 mars au 28 avril 2026." in _key_points_text(spring, "fr")
    assert "Responses from 3 March to 28 April 2026." in _key_points_text(spring, "en")
    winter = attrs.evolve(demo_analysis, period=(dt.date(2025, 12, 1), dt.date(2026, 1, 15)))
    assert "Réponses du 1er décembre 2025 au 15 janvier 2026." in _key_points_text(winter, "fr")
    one_day = attrs.evolve(demo_analysis, period=(dt.date(2026, 3, 3), dt.date(2026, 3, 3)))
    assert "Responses of 3 March 2026." in _key_points_text(one_day, "en")


def test_the_json_report_gives_the_period_as_a_range(demo_analysis: Analysis) -> None:
    import datetime as dt

    from conseils_citoyens.documents import schemas
    from conseils_citoyens.formats.report.tabular import report_data

    assert "period" not in report_data(demo_analysis, ReportOptions())["responses"]
    spring = attrs.evolve(demo_analysis, period=(dt.date(2026, 3, 3), dt.date(2026, 4, 28)))
    data = report_data(spring, ReportOptions())
    schemas.validate("report", data)
    assert data["responses"]["period"] == {"first": "2026-03-03", "last": "2026-04-28"}
