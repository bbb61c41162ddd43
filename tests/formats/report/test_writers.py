"""Training-needs report formats: registration, content, and every format opened in its client."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree

from conseils_citoyens.documents import schemas
from conseils_citoyens.errors import ValidationError
from conseils_citoyens.formats import ReportFormat, ReportOptions
from conseils_citoyens.formats.report import (
    SUBJECT,
    format_for_suffix,
    register_report_formats,
    report_formats,
)
from conseils_citoyens.formats.report.content import Bar, Table, build_report
from conseils_citoyens.formats.report.tabular import markdown, report_data
from conseils_citoyens.survey.analysis import Analysis, analyze
from tests.conftest import requires_soffice
from tests.lo import convert
from tests.plain_text import plain
from tests.survey.test_analysis import ANSWERS
from tests.table_checks import check_docx_tables, check_odt_tables, docx_footer_fields
from tests.training_fixture import QUESTIONNAIRE, response

TOKEN = "JETON-SECRET-42"


def _analysis(by: str | None = "college", min_group: int = 5) -> Analysis:
    # one token each (a token given twice is one person counted twice: refused)
    responses = [response(a, token=f"{TOKEN}-{n}") for n, a in enumerate(ANSWERS * 3)]
    responses += [response({"college": "residents", "needs": {"budget": "priority"}})] * 2
    responses.append(response({"mood": "ravi"}, source="Dupont.docx"))
    return analyze(QUESTIONNAIRE, responses, by=by, min_group=min_group)


def _write(analysis: Analysis, suffix: str, **options: object) -> bytes:
    report_format = format_for_suffix(suffix)
    assert report_format is not None
    stream = io.BytesIO()
    report_format.write(analysis, stream, ReportOptions(**options))  # type: ignore[arg-type]
    return stream.getvalue()


def test_formats_are_registered_through_the_hook() -> None:
    registered: list[ReportFormat] = []
    register_report_formats(registered.append)
    assert {f.name for f in registered} == {"docx", "odt", "csv", "json", "markdown"}
    assert all(f.subject == SUBJECT for f in registered)
    assert {s for f in report_formats() for s in f.suffixes} == {
        ".docx",
        ".odt",
        ".csv",
        ".json",
        ".md",
    }


def test_report_refuses_something_else_than_an_analysis() -> None:
    report_format = format_for_suffix(".md")
    assert report_format is not None
    with pytest.raises(ValidationError):
        report_format.write({"not": "an analysis"}, io.BytesIO(), ReportOptions())


def test_summary_comes_first_with_top_needs_formats_slots_constraints() -> None:
    document = build_report(_analysis(), ReportOptions())
    headings = [b.text for b in document.blocks if hasattr(b, "level")]
    assert headings[1:3] == ["À retenir", "Synthèse"]
    summary = headings[: headings.index("Annexe : tableaux détaillés")]
    assert "Les besoins les plus forts" in summary
    assert "Formats préférés" in summary
    assert "Disponibilités" in summary
    assert "Contraintes pratiques à prévoir" in summary
    top = next(b for b in document.blocks if isinstance(b, Table) and b.bar_columns)
    assert top.rows[0][:2] == ("1", "Politique de la ville")
    # 12 of 18 rated it important or priority: 67 %, a bar two thirds of a full one
    cell = top.rows[0][2]
    assert isinstance(cell, Bar)
    assert cell == "67\u00a0%"
    assert cell.fraction == pytest.approx(12 / 18)


def test_excluded_count_is_written() -> None:
    text = markdown(build_report(_analysis(), ReportOptions()))
    assert "21 réponses reçues, 20 analysées, 1 écartée car invalide" in text
    assert "réponse n° 21 : réponse invalide à « mood »" in text
    assert "Dupont" not in text
    assert "1 réponse ne correspondant pas au questionnaire, comptée dans aucun chiffre :" in text
    english = markdown(build_report(_analysis(), ReportOptions(lang="en")))
    assert "1 response does not fit the questionnaire and is left out of every figure:" in english


def test_several_excluded_responses_are_written_in_the_plural() -> None:
    invalid = [response({"mood": "ravi"}), response({"mood": "furieux"})]
    analysis = analyze(QUESTIONNAIRE, [response(a) for a in ANSWERS] + invalid)
    text = markdown(build_report(analysis, ReportOptions()))
    assert "2 réponses ne correspondant pas au questionnaire, comptées dans aucun chiffre :" in text
    english = markdown(build_report(analysis, ReportOptions(lang="en")))
    assert "2 responses do not fit the questionnaire and are left out of every figure:" in english


def test_suppressed_cells_are_marked_and_explained() -> None:
    text = markdown(build_report(_analysis(), ReportOptions()))
    assert "chaque chiffre porte sur un ensemble d'au moins 5 personnes" in text
    # two councils of 3 and 2 people: merged into one group of 5
    responses = [response(a, council="grand") for a in ANSWERS * 2]
    responses += [response(a, council="petit") for a in ANSWERS[:3]]
    responses += [response(a, council="mini") for a in ANSWERS[3:5]]
    text = markdown(build_report(analyze(QUESTIONNAIRE, responses, by="council"), ReportOptions()))
    assert "Autres groupes (moins de 5 personnes chacun)" in text
    assert "La colonne « Autres groupes (moins de 5 personnes chacun) » réunit" in text
    assert "mini (2), petit (3)" in text
    # one mark, never « < 5 » (it reads as "under 5 %" in a percentage column)
    assert "< 5" not in text
    # explained under every table that holds it
    for table in text.split("**Tableau ")[1:]:
        body = table.split("\n\n**")[0]
        if "| masqué" in body:
            assert "« masqué » : chiffre non publié pour protéger l'anonymat" in body


def test_comments_only_when_asked_and_never_tokens() -> None:
    analysis = _analysis()
    for suffix in (".md", ".csv", ".json"):
        plain = _write(analysis, suffix).decode("utf-8-sig")
        assert "Plus de soirées" not in plain
        assert TOKEN not in plain
        with_comments = _write(analysis, suffix, with_comments=True).decode("utf-8-sig")
        assert "Plus de soirées" in with_comments
        assert TOKEN not in with_comments


def test_report_threshold_above_the_analysis_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        build_report(_analysis(min_group=3), ReportOptions(min_group=5))
    assert caught.value.problems[0].code == "report.threshold_above_analysis"


def test_english_report() -> None:
    text = markdown(build_report(_analysis(), ReportOptions(lang="en")))
    assert "## Summary" in text
    assert "67%" in text


# --- CSV -------------------------------------------------------------------------------


def _csv_rows(data: bytes, *, delimiter: str, encoding: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(encoding), newline=""), delimiter=delimiter))


def test_csv_excel_fr_dialect() -> None:
    data = _write(_analysis(), ".csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(data, delimiter=";", encoding="utf-8-sig")
    share = next(
        r
        for r in rows
        if r["code"] == "city_policy"
        and r["groupe"] == "ensemble"
        and r["indicateur"].startswith("part")
    )
    assert share["valeur"] == "66,7"
    mean = next(
        r
        for r in rows
        if r["code"] == "budget"
        and r["groupe"] == "ensemble"
        and r["indicateur"].startswith("score")
    )
    # budget: 3 trained (apart), 3 none, 3 important, 5 priority: 14 people, all shown
    assert mean["valeur"] == "1,9091"
    assert mean["note"] == ""
    assert not [r for r in rows if r["valeur"] == "< 5"]
    received = next(r for r in rows if r["indicateur"] == "écartées (invalides)")
    assert received["valeur"] == "1"


def test_csv_note_says_why_a_figure_is_hidden() -> None:
    # a sensitive question: 9 confident and 3 worried; 3 is too few, and with the
    # 12 who answered, 9 would give it back: both hidden, with the same mark
    responses = [response({"mood": "confident", "college": "residents"})] * 9
    responses += [response({"mood": "worried", "college": "actors"})] * 3
    rows = _csv_rows(
        _write(analyze(QUESTIONNAIRE, responses), ".csv"), delimiter=";", encoding="utf-8-sig"
    )
    counts = {r["code"]: r for r in rows if r["question"] == "mood" and r["indicateur"] == "nombre"}
    assert counts["worried"]["valeur"] == "masqué"
    assert counts["confident"]["valeur"] == "masqué"
    assert counts["worried"]["note"].startswith("réponse sensible : nombre masqué")
    # an ordinary question: 3 of 12 are local actors, and the report says so
    college = {
        r["code"]: r["valeur"]
        for r in rows
        if r["question"] == "college" and r["indicateur"] == "nombre"
    }
    assert college == {"residents": "9", "actors": "3"}
    english = _write(analyze(QUESTIONNAIRE, responses), ".csv", lang="en", csv_dialect="rfc4180")
    assert b"sensitive answer: count hidden" in english
    data = report_data(analyze(QUESTIONNAIRE, responses), ReportOptions())
    mood = next(d for d in data["distributions"] if d["question"] == "mood")
    assert [c.get("hidden") for c in mood["choices"]] == ["sensitive", "sensitive"]
    assert mood["sensitive"] is True
    schemas.validate("report", data)


@pytest.mark.parametrize("suffix", [".md", ".docx", ".odt"])
def test_documents_never_show_a_small_count(suffix: str) -> None:
    # a sensitive answer given by 3 of 12 people is never shown, nor its complement
    responses = [response({"mood": "confident", "needs": {"meeting": "useful"}})] * 9 + [
        response({"mood": "worried", "needs": {"meeting": "useful"}})
    ] * 3
    analysis = analyze(QUESTIONNAIRE, responses)
    report = build_report(analysis, ReportOptions())
    tables = [b for b in report.blocks if isinstance(b, Table) and b.caption.endswith("Humeur")]
    assert tables[0].rows == (
        ("Confiant", "masqué", "masqué"),
        ("Inquiet", "masqué", "masqué"),
    )
    text = _document_text(_write(analysis, suffix), suffix)
    assert "réponses sensibles" in text
    assert "chiffre non publié pour protéger l'anonymat" in text
    assert "| 3 |" not in text
    assert " 3 personnes" not in text


def _document_text(data: bytes, suffix: str) -> str:
    if suffix == ".md":
        return data.decode("utf-8")
    part = "word/document.xml" if suffix == ".docx" else "content.xml"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read(part))
    return plain(" ".join(t for t in root.itertext()))  # the words, typography aside


def test_summary_never_reveals_a_hidden_figure() -> None:
    # 6 rate the topic priority, 3 useful: the share (6 of 9) would reveal the 3
    responses = [response({"needs": {"meeting": "priority"}, "constraints": ["transport"]})] * 6
    responses += [response({"needs": {"meeting": "useful"}, "constraints": ["childcare"]})] * 3
    text = markdown(build_report(analyze(QUESTIONNAIRE, responses), ReportOptions()))
    # 6 of 9 rate it priority: an ordinary answer among 9 people, shown
    assert "Thème le plus demandé : Animer une réunion (67\u00a0% le jugent" in text
    # childcare is sensitive: 3 of 9 is hidden
    assert "Garde d'enfants : chiffre masqué (confidentialité)\n" in text
    assert "Transport : 6 personnes (67\u00a0%)" in text


def test_csv_rfc4180_dialect() -> None:
    data = _write(_analysis(), ".csv", csv_dialect="rfc4180")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = _csv_rows(data, delimiter=",", encoding="utf-8")
    share = next(
        r
        for r in rows
        if r["code"] == "city_policy"
        and r["groupe"] == "ensemble"
        and r["indicateur"].startswith("part")
    )
    assert share["valeur"] == "66.7"
    assert len({len(r) for r in rows}) == 1


def test_csv_unknown_dialect_is_refused() -> None:
    with pytest.raises(ValidationError):
        _write(_analysis(), ".csv", csv_dialect="tsv")


# --- JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize("by", [None, "college", "council"])
@pytest.mark.parametrize("with_comments", [False, True])
def test_json_validates_against_its_schema(by: str | None, with_comments: bool) -> None:
    data = json.loads(_write(_analysis(by=by), ".json", with_comments=with_comments))
    schemas.validate("report", data)
    assert data["responses"] == {"received": 21, "analysed": 20, "excluded": 1}
    assert ("texts" in data["texts"][0]) is with_comments


def test_json_suppressed_figures_are_null() -> None:
    data = report_data(_analysis(), ReportOptions())
    groups = data["needs"][0]["topics"][0]["groups"]
    assert all(not g["suppressed"] for g in groups)
    budget = next(t for t in data["needs"][0]["topics"] if t["code"] == "budget")
    # 14 answered: 3 actors are not enough for the actors' own figures
    by_group = {g["group"]: g for g in budget["groups"]}
    assert by_group["actors"]["suppressed"] is False or by_group["actors"]["answered"] >= 5
    responses = [response({"mood": "confident"})] * 8 + [response({"mood": "worried"})] * 2
    data = report_data(analyze(QUESTIONNAIRE, responses), ReportOptions())
    mood = next(d for d in data["distributions"] if d["question"] == "mood")
    assert mood["answered"] == 10
    assert [c["count"] for c in mood["choices"]] == [None, None]
    assert {c["hidden"] for c in mood["choices"]} == {"sensitive"}


# --- Word and OpenDocument -----------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_docx_structure() -> None:
    import docx

    data = _write(_analysis(), ".docx")
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title.startswith("Besoins de formation")
    assert document.core_properties.language == "fr-FR"
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    for table in document.tables:
        header = table.rows[0]._tr
        assert header.find(f"{W}trPr/{W}tblHeader") is not None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles_xml = ElementTree.fromstring(archive.read("word/styles.xml"))
        document_xml = archive.read("word/document.xml")
        footers = [archive.read(n) for n in archive.namelist() if n.startswith("word/footer")]
    langs = {e.get(f"{W}val") for e in styles_xml.iter(f"{W}lang")}
    assert langs == {"fr-FR"}
    sizes = [int(e.get(f"{W}val") or 0) for e in styles_xml.iter(f"{W}sz")]
    sizes += [
        int(e.get(f"{W}val") or 0) for e in ElementTree.fromstring(document_xml).iter(f"{W}sz")
    ]
    assert min(sizes) >= 22  # half-points: 11 pt
    assert any(b"PAGE" in f for f in footers)
    assert TOKEN.encode() not in data


def test_odt_structure() -> None:
    data = _write(_analysis(), ".odt")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml").decode()
        styles = archive.read("styles.xml").decode()
        meta = archive.read("meta.xml").decode()
    assert "<dc:title>Besoins de formation" in meta
    assert "<dc:language>fr-FR</dc:language>" in meta
    assert 'fo:language="fr"' in styles
    assert 'fo:country="FR"' in styles
    assert "text:page-number" in styles
    assert 'text:outline-level="1"' in content
    assert content.count("<table:table-header-rows>") == content.count("<table:table ")
    font_sizes = [
        float(part.split('"', 1)[0].removesuffix("pt"))
        for xml in (content, styles)
        for part in xml.split('fo:font-size="')[1:]
    ]
    assert min(font_sizes) >= 11
    assert TOKEN not in content


@requires_soffice
@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_documents_open_in_libreoffice(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / f"rapport{suffix}"
    source.write_bytes(_write(_analysis(), suffix, with_comments=True))
    pdf = convert(source, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = convert(source, "txt:Text (encoded):UTF8", tmp_path / "txt").read_text("utf-8-sig")
    assert "Synthèse" in text
    assert "Politique de la ville" in text
    assert "█" not in text
    assert "À retenir" in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_docx_tables_fill_the_text_width_without_breaking_a_header_word(lang: str) -> None:
    data = _write(_analysis(), ".docx", lang=lang)
    assert check_docx_tables(data) >= 5
    assert docx_footer_fields(data) == ["PAGE", "NUMPAGES"]


def test_docx_footer_says_page_n_of_m() -> None:
    import docx

    for lang, words in (("fr", "Page  sur "), ("en", "Page  of ")):
        document = docx.Document(io.BytesIO(_write(_analysis(), ".docx", lang=lang)))
        assert document.sections[0].footer.paragraphs[0].text == words  # numbers are fields


def test_odt_tables_have_column_widths_and_page_count() -> None:
    data = _write(_analysis(), ".odt")
    assert check_odt_tables(data) >= 5
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("styles.xml").decode()
        content = archive.read("content.xml").decode()
    assert "text:page-count" in styles
    assert " sur " in styles
    assert 'fo:keep-together="always"' in content
    # bars are grey pictures, each with a title and a description giving its figure
    assert "<draw:image" in content
    assert "<svg:desc>" in content


def test_percentages_round_half_up() -> None:
    from conseils_citoyens.formats.report.content import Wording

    w = Wording("fr", 5)
    # 29 of 40 is 72.5 %: a French reader expects 73, not round()'s 72
    assert w.percent(29 / 40) == "73\u00a0%"
    assert w.percent(1 / 8) == "13\u00a0%"
    assert w.percent(0.724) == "72\u00a0%"
    assert Wording("en", 5).percent(5 / 8) == "63%"
    from conseils_citoyens.formats.report.tabular import _Values

    # the CSV keeps one decimal, rounded half up too (71.25 -> 71.3, not 71.2)
    assert _Values("excel-fr", w).percent(0.7125) == "71,3"
    assert _Values("rfc4180", w).percent(0.5) == "50"


def test_markdown_tables_align_numbers_right_and_only_numbers() -> None:
    """``---:`` for the columns of numbers the Word and ODT reports align right, ``---`` else."""
    from markdown_it import MarkdownIt

    from conseils_citoyens.formats.report.layout import numeric_columns

    report = build_report(_analysis(), ReportOptions())
    text = markdown(report)
    tables = [block for block in report.blocks if isinstance(block, Table)]
    rules = [line for line in text.splitlines() if line.startswith("|---")]
    assert len(rules) == len(tables)
    some_right = False
    for table, rule in zip(tables, rules, strict=True):
        right = numeric_columns(table, bars_as_text=True)
        some_right |= bool(right)
        assert rule.strip("|").split("|") == [
            "---:" if index in right else "---" for index in range(len(table.header))
        ]
    assert some_right
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert '<td style="text-align:right">' in html
    assert '<th style="text-align:right">' in html
    # a label is never aligned; percentages (bars in Word) are numbers here
    assert "<td>Politique de la ville</td>" in html
    assert '<td style="text-align:right">67\u00a0%</td>' in html
