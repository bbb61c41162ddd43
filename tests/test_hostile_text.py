"""Respondents' text is data in every output: never a formula in CSV, never markup in Markdown.

The texts are those of :data:`tests.hostile_forms.HOSTILE_TEXTS`; they reach
the outputs through a responses file (as written by hand or by another tool)
and through real filled forms (where the import strips leading white space:
``\\t=1+1`` arrives as ``=1+1``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conseils_citoyens.cli import main
from conseils_citoyens.documents.csvio import neutralise
from conseils_citoyens.survey.questionnaire.model import Matrix, Response, Text
from conseils_citoyens.survey.questionnaire.serialize import dump_response, questionnaire_ref
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
from tests.hostile_forms import CONTROL_TEXTS, HOSTILE_TEXTS

QUESTIONNAIRE = standard_questionnaire()
#: The free-text questions of the standard questionnaire that take the hostile texts.
TEXT_QUESTIONS = ("commentaires", "autres_themes", "conseil")
#: A cell a spreadsheet may read as a formula (OWASP), also behind white space.
FORMULA = re.compile(r"^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]|^\s+[=+\-@\uff1d\uff0b\uff0d\uff20]")
#: A number as the library writes it in CSV (decimal comma or point).
NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def hostile_responses() -> list[dict[str, Any]]:
    """One response per hostile text, in every free-text question."""
    ref = questionnaire_ref(QUESTIONNAIRE)
    matrix = next(q for q in QUESTIONNAIRE.questions() if isinstance(q, Matrix))
    result = []
    for number, text in enumerate(HOSTILE_TEXTS.values()):
        answers: dict[str, Any] = {
            "college": "residents" if number % 2 else "local_actors",
            matrix.id: {matrix.rows[0].code: "priority", matrix.rows[1].code: "useful"},
            "humeur": QUESTIONNAIRE_LEVEL,
        }
        answers.update(dict.fromkeys(TEXT_QUESTIONS, text))
        result.append(dump_response(Response(questionnaire=ref, answers=answers)))
    return result


QUESTIONNAIRE_LEVEL = next(q for q in QUESTIONNAIRE.questions() if q.id == "humeur").levels[0].code  # type: ignore[attr-defined]


@pytest.fixture
def responses_file(tmp_path: Path) -> Path:
    path = tmp_path / "reponses.json"
    path.write_text(json.dumps({"responses": hostile_responses()}), encoding="utf-8")
    return path


def _run(*args: str) -> None:
    result = CliRunner().invoke(main, ["--lang", "fr", *args])
    assert result.exit_code == 0, result.output


def _cells(path: Path, dialect: str) -> list[list[str]]:
    encoding = "utf-8-sig" if dialect == "excel-fr" else "utf-8"
    text = path.read_bytes().decode(encoding)  # not read_text: a CR inside a cell stays
    return list(
        csv.reader(io.StringIO(text, newline=""), delimiter=";" if dialect == "excel-fr" else ",")
    )


def _assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            if NUMBER.match(cell):
                continue  # a number the library computed
            assert not FORMULA.match(cell), f"formula-like cell {cell!r} in {row}"


# --------------------------------------------------------------------------- CSV


def test_neutralise_follows_owasp() -> None:
    for text in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "  =1", "\n@x", "\uff1d1",
                 "\u2028=1", "\u200b=1", "\ufeff+1", "\u3000-1"):  # fmt: skip
        assert neutralise(text) == "'" + text
    for text in ("", "Bonjour", "1 234", "'=déjà", "a=b", "é-@"):
        assert neutralise(text) == text


@pytest.mark.parametrize("dialect", ["excel-fr", "rfc4180"])
def test_report_csv_neutralises_respondents_text_and_keeps_numbers(
    responses_file: Path, tmp_path: Path, dialect: str
) -> None:
    output = tmp_path / "rapport.csv"
    _run("report", str(responses_file), "-o", str(output), "--with-comments", "--min-group", "1",
         "--csv-dialect", dialect)  # fmt: skip
    rows = _cells(output, dialect)
    _assert_no_formula(rows)
    comments = {row[6] for row in rows if row[5] == "texte"}
    # The analysis strips the white space around an answer: "\t=1+1" is counted as "=1+1".
    assert comments == {neutralise(text.strip()) for text in HOSTILE_TEXTS.values()}
    assert "'=1+1" in comments
    received = next(row for row in rows if row[5] == "reçues")
    assert received[6] == str(len(HOSTILE_TEXTS))  # a number stays a number
    shares = [row[6] for row in rows if row[5].startswith("part") and NUMBER.match(row[6])]
    assert shares, "the shares are written as numbers"
    assert all(("," in s) == (dialect == "excel-fr") for s in shares if not s.isdigit())


@pytest.mark.parametrize("labels", [False, True])
@pytest.mark.parametrize("dialect", ["excel-fr", "rfc4180"])
def test_raw_export_neutralises_respondents_text(
    responses_file: Path, tmp_path: Path, labels: bool, dialect: str
) -> None:
    output = tmp_path / "brut.csv"
    _run("responses", "export", str(responses_file), "-o", str(output), "--csv-dialect", dialect,
         *(["--labels"] if labels else []))  # fmt: skip
    rows = _cells(output, dialect)
    _assert_no_formula(rows)
    header = rows[0]
    comments = next(q for q in QUESTIONNAIRE.questions() if q.id == "commentaires")
    column = header.index(comments.label.get("fr") if labels else "commentaires")
    assert [row[column] for row in rows[1:]] == [neutralise(t) for t in HOSTILE_TEXTS.values()]
    numbers = [row[0] for row in rows[1:]]
    assert numbers == [str(n) for n in range(1, len(HOSTILE_TEXTS) + 1)]


# --------------------------------------------------------------------------- Markdown


def _rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def test_markdown_report_shows_respondents_text_as_text(
    responses_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "rapport.md"
    _run("report", str(responses_file), "-o", str(output), "--with-comments", "--min-group", "1")
    markdown = output.read_text(encoding="utf-8")
    assert "\r" not in markdown
    html = _rendered(markdown)
    for forbidden in ("<script", "<img", "<a ", "javascript:alert(1)\"", "<!--", "<code>",
                      "<strong>gras", "<em>italique", "<hr", "<ol"):  # fmt: skip
        assert forbidden not in html, forbidden
    headings = re.findall(r"<h\d>(.*?)</h\d>", html)
    assert not [h for h in headings if "RÉSULTAT OFFICIEL" in h]
    # Every text is still there, as text (HTML-escaped by the renderer, on one line).
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "![](http://traceur.example/pixel.png)" in html
    assert "[cliquez ici](javascript:alert(1))" in html
    assert "rien # RÉSULTAT OFFICIEL : le conseil est dissous" in html
    assert "&amp;lt;script&amp;gt;" in html  # an entity the respondent typed stays visible


def test_markdown_rendered_by_python_markdown_too(responses_file: Path, tmp_path: Path) -> None:
    markdown_module = pytest.importorskip("markdown")
    output = tmp_path / "rapport.md"
    _run("report", str(responses_file), "-o", str(output), "--with-comments", "--min-group", "1")
    html = markdown_module.markdown(output.read_text(encoding="utf-8"), extensions=["tables"])
    for forbidden in ("<script", "<img", "<a ", "<!--", "<code>", "<strong>gras"):
        assert forbidden not in html, forbidden
    assert not [h for h in re.findall(r"<h\d>(.*?)</h\d>", html) if "RÉSULTAT" in h]


# --------------------------------------------------------------------------- through real forms


def test_formulas_typed_in_filled_forms_are_neutralised(tmp_path: Path) -> None:
    """The import strips leading white space: ``\\t=1+1`` becomes ``=1+1``, still neutralised."""
    from conseils_citoyens.survey.imports import QuestionnaireCatalogue, import_forms
    from conseils_citoyens.survey.raw_export import write_csv
    from tests.hostile_forms import filled_form, marked_answers

    forms = []
    cases = ("formula_tab", "formula_spaces", "formula_hyperlink", "html_script")
    for number, case in enumerate(cases):
        answers = marked_answers(seed=200 + number)
        answers["commentaires"] = HOSTILE_TEXTS[case]
        suffix = ".docx" if number % 2 else ".odt"
        forms.append(filled_form(tmp_path, f"formulaire-{number}{suffix}", answers))
    batch = import_forms(forms, QuestionnaireCatalogue([QUESTIONNAIRE]))
    assert len(batch.responses) == len(cases)
    typed = [r.answers.get("commentaires") for r in batch.responses]
    assert "=1+1" in typed  # what the import made of "\t=1+1" and "   =1+1"
    buffer = io.BytesIO()
    write_csv(QUESTIONNAIRE, batch.responses, buffer, dialect="rfc4180")
    rows = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8"), newline="")))
    _assert_no_formula(rows)
    column = rows[0].index("commentaires")
    assert "'=1+1" in [row[column] for row in rows[1:]]


# --------------------------------------------------------------------------- control characters

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REPORT_SUFFIXES = (".docx", ".odt", ".md", ".csv", ".json")


def _with_text(data: Any, text: str) -> tuple[Any, str]:
    """``data`` (a diagnostic) with ``text`` put in its first long string; the JSON path."""
    stack: list[tuple[Any, str]] = [(data, "$")]
    while stack:
        item, path = stack.pop(0)
        children = item.items() if isinstance(item, dict) else enumerate(item)
        for key, value in children:
            step = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"
            if isinstance(value, str) and " " in value:
                item[key] = value + text
                return data, step
            if isinstance(value, dict | list):
                stack.append((value, step))
    raise AssertionError("no text to change")


def _run_code(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--lang", "fr", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("case", sorted(CONTROL_TEXTS))
@pytest.mark.parametrize("suffix", REPORT_SUFFIXES)
def test_report_refuses_control_characters_at_load_naming_the_path(
    tmp_path: Path, case: str, suffix: str
) -> None:
    entries = hostile_responses()[:3]
    entries[2]["answers"]["commentaires"] = CONTROL_TEXTS[case]
    source = tmp_path / "reponses.json"
    source.write_text(json.dumps({"responses": entries}), encoding="utf-8")
    output = tmp_path / f"rapport{suffix}"
    code, out = _run_code("report", str(source), "-o", str(output), "--with-comments")
    assert code == 3, out
    assert "Traceback" not in out
    assert "caractère de contrôle U+" in out
    assert "$.responses[2].answers.commentaires" in out
    assert not output.exists()


@pytest.mark.parametrize("case", sorted(CONTROL_TEXTS))
@pytest.mark.parametrize("suffix", [".docx", ".odt"])
@pytest.mark.parametrize("command", ["diagnostic summary", "cycle programme"])
def test_diagnostic_and_cycle_documents_refuse_control_characters(
    tmp_path: Path, case: str, suffix: str, command: str
) -> None:
    example = (
        "diagnostic-exemple.json" if command.startswith("diagnostic") else "cycle-exemple.json"
    )
    data, path = _with_text(json.loads((EXAMPLES / example).read_text(encoding="utf-8")),
                            CONTROL_TEXTS[case])  # fmt: skip
    source = tmp_path / example
    source.write_text(json.dumps(data), encoding="utf-8")
    output = tmp_path / f"synthese{suffix}"
    code, out = _run_code(*command.split(), str(source), "-o", str(output))
    assert code == 3, out
    assert "Traceback" not in out
    assert f"en {path} :" in out
    assert not output.exists()


@pytest.mark.parametrize("suffix", REPORT_SUFFIXES)
def test_models_built_in_python_are_refused_before_any_writer(tmp_path: Path, suffix: str) -> None:
    """An app that builds responses itself gets the same rule, with the model's path."""
    from conseils_citoyens.errors import ValidationError
    from conseils_citoyens.survey.analysis import analyze
    from conseils_citoyens.survey.questionnaire.serialize import load_response
    from conseils_citoyens.survey.workflow import write_report

    responses = [load_response(entry) for entry in hostile_responses()[:6]]
    responses[3] = Response(
        questionnaire=responses[3].questionnaire,
        answers={**responses[3].answers, "commentaires": "a\x0bb"},
    )
    analysis = analyze(QUESTIONNAIRE, responses, min_group=1)
    target = tmp_path / f"rapport{suffix}"
    with pytest.raises(ValidationError) as caught:
        write_report(analysis, "training_needs", target)
    (problem,) = caught.value.problems
    assert problem.code == "text.control_character"
    assert "U+000B" in problem.message_in("fr")
    assert problem.path.startswith("$.texts[")
    assert not target.exists()


def test_data_from_an_app_and_questionnaires_are_checked_too(tmp_path: Path) -> None:
    import attrs

    from conseils_citoyens.documents.convert import load
    from conseils_citoyens.errors import ValidationError
    from conseils_citoyens.survey.questionnaire.export import export_questionnaire

    entry = hostile_responses()[0]
    entry["answers"]["commentaires"] = "x\x00y"
    with pytest.raises(ValidationError, match=r"U\+0000") as caught:
        load(entry, Response)
    assert caught.value.problems[0].path == "$.answers.commentaires"

    title = Text.of("Questionnaire\x1b[31m", "Survey")
    broken = attrs.evolve(QUESTIONNAIRE, title=title)
    for suffix in (".docx", ".odt"):
        with pytest.raises(ValidationError, match=r"U\+001B"):
            export_questionnaire(broken, tmp_path / f"q{suffix}")
        assert not (tmp_path / f"q{suffix}").exists()


# --------------------------------------------------------------------------- fuzzing

_ANY_TEXT = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=60),
    st.sampled_from([*HOSTILE_TEXTS.values(), *CONTROL_TEXTS.values()]),
    st.lists(
        st.sampled_from(
            [
                "=",
                "+",
                "-",
                "@",
                "\t",
                "\r",
                "\n",
                " ",
                "<",
                ">",
                "&",
                "#",
                "!",
                "[",
                "]",
                "(",
                ")",
                "|",
                "\\",
                "`",
                "*",
                "_",
                "~",
                "1.",
                "a",
                "é",
                "\u2028",
            ]
        ),
        max_size=12,
    ).map("".join),
)
_RENDER = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def _shown(text: str) -> str:
    """What a reader should see of ``text`` in Markdown: one line, trimmed."""
    return " ".join(re.sub(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+", " ", text).strip().split(" "))


@settings(max_examples=400, deadline=None)
@given(text=_ANY_TEXT)
def test_markdown_text_renders_as_exactly_the_text(text: str) -> None:
    """CommonMark shows the escaped text as the text itself: no markup, in a list or a cell."""
    from html import unescape

    from conseils_citoyens.formats.report.tabular import markdown_text

    expected = _shown(text).replace("\x00", "\ufffd")  # CommonMark replaces NUL
    item = _RENDER.render(f"- {markdown_text(text)}\n")
    body = re.fullmatch(r"<ul>\n<li>(.*)</li>\n</ul>\n", item, re.DOTALL)
    if not expected:
        return
    assert body is not None, item
    assert "<" not in body.group(1), item  # no tag at all inside the item
    assert " ".join(unescape(body.group(1)).split(" ")) == expected
    table = _RENDER.render(f"| a |\n|---|\n| {markdown_text(text, cell=True)} |\n")
    cell = re.search(r"<tbody>\n<tr>\n<td>(.*)</td>\n</tr>\n</tbody>", table, re.DOTALL)
    assert cell is not None, table
    assert "<" not in cell.group(1), table
    assert unescape(cell.group(1)) == expected


@settings(max_examples=400, deadline=None)
@given(text=_ANY_TEXT)
def test_csv_cells_are_never_formulas(text: str) -> None:
    from conseils_citoyens.documents.csvio import open_csv

    cell = neutralise(text)
    assert cell in (text, "'" + text)
    assert not FORMULA.match(cell)
    for dialect in ("excel-fr", "rfc4180"):
        buffer = io.BytesIO()
        wrapper, writer = open_csv(buffer, dialect)
        writer.writerow([text, 7, -2.5])
        wrapper.flush()
        wrapper.detach()
        (row,) = list(
            csv.reader(
                io.StringIO(buffer.getvalue().decode("utf-8-sig"), newline=""),
                delimiter=";" if dialect == "excel-fr" else ",",
            )
        )
        assert row == [cell, "7", "-2,5" if dialect == "excel-fr" else "-2.5"]


def _analysis_with(text: str) -> Any:
    from conseils_citoyens.survey.analysis import analyze
    from conseils_citoyens.survey.questionnaire.serialize import load_response

    entries = hostile_responses()[:2]
    responses = [load_response(entry) for entry in entries]
    responses[1] = Response(
        questionnaire=responses[1].questionnaire,
        answers={**responses[1].answers, "commentaires": text, "conseil": text[:200]},
    )
    return responses, analyze(QUESTIONNAIRE, responses, min_group=1)


@pytest.mark.parametrize("suffix", REPORT_SUFFIXES)
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_ANY_TEXT)
def test_every_report_format_takes_any_text_or_refuses_it_clearly(
    suffix: str, text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any respondent text: a report that reads back, or a ValidationError naming the text."""
    from conseils_citoyens.documents.jsonio import unwritable_text
    from conseils_citoyens.documents.safety import open_package
    from conseils_citoyens.errors import ValidationError
    from conseils_citoyens.formats import ReportOptions
    from conseils_citoyens.survey.workflow import write_report

    _, analysis = _analysis_with(text)
    target = tmp_path_factory.mktemp("fuzz") / f"rapport{suffix}"
    options = ReportOptions(lang="fr", min_group=1, with_comments=True)
    if unwritable_text(analysis) is not None:  # the analysis strips white space around texts
        with pytest.raises(ValidationError, match="caractère de contrôle"):
            write_report(analysis, "training_needs", target, options=options)
        assert not target.exists()
        return
    write_report(analysis, "training_needs", target, options=options)
    if suffix in (".docx", ".odt"):
        package = open_package(target)
        package.parse_xml("word/document.xml" if suffix == ".docx" else "content.xml")
    elif suffix == ".json":
        data = json.loads(target.read_text(encoding="utf-8"))
        if text.strip():
            assert text.strip() in [t for q in data["texts"] for t in q.get("texts", [])]
    elif suffix == ".csv":
        _assert_no_formula(_cells(target, "excel-fr"))
    else:
        html = _RENDER.render(target.read_text(encoding="utf-8"))
        # no tag but these, and no attribute but the report's own right alignment of numbers
        assert not re.search(
            r"<(?!/?(h\d|p|ul|li|table|thead|tbody|tr|th|td|strong|em)>)"
            r'(?!(th|td) style="text-align:right">)',
            html,
        )


@settings(max_examples=60, deadline=None)
@given(text=_ANY_TEXT)
def test_raw_export_takes_any_text(text: str) -> None:
    from conseils_citoyens.survey.raw_export import export_data, write_csv

    responses, _ = _analysis_with(text)
    buffer = io.BytesIO()
    write_csv(QUESTIONNAIRE, responses, buffer, dialect="rfc4180")
    rows = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8"), newline="")))
    _assert_no_formula(rows)
    column = rows[0].index("commentaires")
    assert rows[2][column] == neutralise(text)
    assert export_data(QUESTIONNAIRE, responses)["rows"][1]["commentaires"] == text
