"""The documentation keeps up with the code."""

from __future__ import annotations

import inspect
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from conseils_citoyens import hookspecs
from tests.conftest import requires_soffice

ROOT = Path(__file__).resolve().parents[1]


def _hook_names() -> list[str]:
    return [
        name
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(function, "conseils_citoyens_spec")
    ]


def test_every_hook_is_documented_with_its_signature() -> None:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    names = _hook_names()
    assert len(names) >= 6
    for name in names:
        assert f"### {name}" in text, f"docs/plugins.md lacks a section for {name}"
        assert f"def {name}(" in text, f"docs/plugins.md lacks the signature of {name}"


def test_every_hook_has_a_docstring_naming_its_parameters() -> None:
    for name in _hook_names():
        function = getattr(hookspecs, name)
        doc = inspect.getdoc(function) or ""
        for parameter in inspect.signature(function).parameters:
            assert f":param {parameter}:" in doc, f"{name} does not document {parameter}"


def test_the_overlay_guide_shows_the_example_file_as_it_is() -> None:
    """docs/fr/adapter-le-questionnaire.md walks through examples/adaptation-locale.json."""
    page = (ROOT / "docs" / "fr" / "adapter-le-questionnaire.md").read_text(encoding="utf-8")
    example = (ROOT / "examples" / "adaptation-locale.json").read_text(encoding="utf-8")
    assert f"```json\n{example}```" in page
    overlay_id = json.loads(example)["id"]
    assert f"`1.0+{overlay_id}`" in page


# -- the census guide reproduces ----------------------------------------------------------------

#: The guide pages whose console examples are run, in order, in one campaign folder.
GUIDE_PAGES = ("docs/fr/adapter-le-questionnaire.md", "docs/fr/recensement.md")
#: Commands the guide says end with a non-zero code although they print nothing (or print
#: an outcome table): the import of retours/ refuses the damaged form.
GUIDE_EXIT = {"responses import retours/ -o reponses.json": 1, "retours/ anciens/": 1}


def console_examples(text: str) -> list[tuple[str, list[str]]]:
    """Each ``$ conseils-citoyens …`` line of the console blocks, with the lines printed under it.

    A block indented in an admonition is read dedented; a printed line belongs to a
    command of its own block.
    """
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        current: list[str] | None = None
        for line in textwrap.dedent(block).splitlines():
            if line.startswith("$ "):
                current = []
                examples.append((line[2:], current))
            elif current is not None:
                current.append(line.rstrip())
    return [(c, out) for c, out in examples if c.startswith("conseils-citoyens ")]


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A campaign folder as the guide describes it: the example files, the demo's forms."""
    from conseils_citoyens.demo import run_demo
    from conseils_citoyens.demo.simulate import Simulator
    from conseils_citoyens.plugins import isolated_plugins
    from conseils_citoyens.survey.questionnaire.export import export_questionnaire
    from conseils_citoyens.survey.workflow import build_questionnaire, fill_form

    folder = tmp_path_factory.mktemp("campagne")
    for example in (ROOT / "examples").glob("*.json"):
        shutil.copy(example, folder / example.name)
    printed: list[str] = []
    with isolated_plugins():
        run_demo(folder / "demo", respondents=40, echo=printed.append)
        (folder / "demo-affichage.txt").write_text("\n".join(printed), encoding="utf-8")
        shutil.copytree(folder / "demo" / "3-formulaires-remplis", folder / "retours")
        (folder / "vide").mkdir()
        older = build_questionnaire(overlay=folder / "adaptation-2024.json")
        blank = folder / "demo" / "vierge-2024.docx"
        export_questionnaire(older, blank)
        (folder / "anciens").mkdir()
        simulator = Simulator(older, seed=2024)
        for number in (1, 2):
            target = folder / "anciens" / f"reponse-2024-{number:02d}.docx"
            fill_form(blank, simulator.answers(), target, questionnaire=older)
    return folder


@pytest.mark.slow
def test_the_welcome_page_shows_what_the_demo_prints(campaign: Path) -> None:
    """docs/fr/index.md quotes the demo's output: every line, as printed."""
    page = (ROOT / "docs" / "fr" / "index.md").read_text(encoding="utf-8")
    block = page.split("Voici ce\nqu'elle affiche :\n\n```text\n", 1)[1].split("\n```", 1)[0]
    printed = (campaign / "demo-affichage.txt").read_text(encoding="utf-8")
    assert block == printed.replace(f"{campaign / 'demo'}/", "demo-conseils-citoyens/")


def _shown(lines: list[str]) -> list[str]:
    """The lines printed under a command that must appear as they are (not the « … » cuts).

    A line the tool prints with an ellipsis of its own (a shortened hash,
    ``fe17bf34faff…``) is compared too: only a line that is just « … » marks a cut.
    """
    return [line.strip() for line in lines if line.strip() and line.strip() != "…"]


def replay(
    page: str,
    cwd: Path,
    exits: dict[str, int],
    before: dict[str, Callable[[Path], None]] | None = None,
) -> dict[str, str]:
    """Run each console example of ``page`` in ``cwd``; check what it prints, or its exit code.

    The lines printed under a command must all appear in its output; a command shown
    without output must end with the code ``exits`` gives for it (a part of the
    command), 0 otherwise. ``before`` maps a part of a command to what a person does
    before running it (fill in a file the guide asks for). Returns each command's output.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LANG")}
    env["CONSEILS_CITOYENS_PLUGINS"] = ""  # the guide's outputs must not depend on local plugins
    outputs: dict[str, str] = {}
    for command, printed in console_examples((ROOT / page).read_text(encoding="utf-8")):
        for key, step in (before or {}).items():
            if key in command:
                step(cwd)
        words = shlex.split(command)
        redirect = words.index(">") if ">" in words else None
        arguments = words[1:redirect]
        done = subprocess.run(
            [sys.executable, "-m", "conseils_citoyens", *arguments],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        said = [line.strip() for line in (done.stdout + done.stderr).splitlines()]
        assert "Traceback" not in done.stderr, (page, command, done.stderr)
        for line in _shown(printed):
            assert line in said, f"{page}: {command}\nexpected: {line}\ngot:\n" + "\n".join(said)
        if not _shown(printed):
            expected = next((c for key, c in exits.items() if key in command), 0)
            assert done.returncode == expected, (page, command, done.stdout, done.stderr)
        outputs[command] = done.stdout
    return outputs


@pytest.mark.slow
def test_every_console_example_of_the_census_guide_reproduces(campaign: Path) -> None:
    ran = 0
    for page in GUIDE_PAGES:
        ran += len(replay(page, campaign, GUIDE_EXIT))
    assert ran >= 25


@pytest.mark.slow
def test_every_console_example_of_the_other_guide_pages_reproduces(tmp_path: Path) -> None:
    """The welcome page, composition, diagnostics and reading the report, as a newcomer runs them.

    From a folder holding the project's ``examples/``; the welcome page's ``demo`` makes
    ``demo-conseils-citoyens/``, which the diagnostics page reads, and the report page runs
    inside it. The demo's output shown on the welcome page is what it prints.
    """
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    welcome = replay("docs/fr/index.md", tmp_path, {})
    ran = len(welcome)
    printed = welcome["conseils-citoyens demo"].splitlines()
    page = (ROOT / "docs" / "fr" / "index.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(1\. Territoire.*?)```", page, flags=re.S)
    assert shown is not None
    assert shown.group(1).splitlines() == printed
    # Composition: the non-compliant council has errors, with a wider parity tolerance too.
    ran += len(replay("docs/fr/composition.md", tmp_path, {"parity_tolerance=3": 1}))
    ran += len(replay("docs/fr/diagnostics.md", tmp_path, {}))
    ran += len(replay("docs/fr/lire-le-rapport.md", tmp_path / "demo-conseils-citoyens", {}))
    assert ran >= 20


def _decide_as_the_scan_guide_says(folder: Path) -> None:
    """What a person writes in revue-decisions.csv: each box ticked or empty, each text read."""
    import csv
    import io

    path = folder / "revue-decisions.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert len(rows) == 6  # the six zones the guide lists
    assert all(row["decision"] == "" for row in rows)
    for row in rows:
        if row["type"] in ("case", "box"):
            row["decision"] = "vide" if "légère" in row["lecture"] else "cochée"
        else:
            row["decision"] = "Conseil citoyen de l'Alma"
        row["par"] = "Agent de la préfecture"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")


@pytest.mark.slow
@requires_soffice
def test_every_console_example_of_the_scan_guide_reproduces(tmp_path: Path) -> None:
    """The scan guide on the simulated scan it tells readers to make: print, import, review,
    decide, import again, with every printed line and hash as the page shows them."""
    from tests.formats.scan.conftest import require_scan_extra

    require_scan_extra()
    made = subprocess.run(
        [sys.executable, str(ROOT / "docs/fr/images/scan_pictures.py"), "--scans-only", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr
    outputs = replay(
        "docs/fr/formulaires-scannes.md",
        tmp_path,
        {},
        before={"--decisions": _decide_as_the_scan_guide_says},
    )
    assert len(outputs) >= 5
    data = json.loads((tmp_path / "reponses.json").read_text(encoding="utf-8"))
    (response,) = data["responses"]
    assert response["answers"]["conseil"] == "Conseil citoyen de l'Alma"


def test_the_census_guide_quotes_the_damaged_form_message_as_printed(tmp_path: Path) -> None:
    """The guide's import table shows, word for word, what a truncated form gets."""
    from conseils_citoyens.survey.imports import QuestionnaireCatalogue, import_forms
    from conseils_citoyens.survey.questionnaire.export import export_questionnaire
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    questionnaire = standard_questionnaire()
    whole = export_questionnaire(questionnaire, tmp_path / "formulaire.docx").read_bytes()
    damaged = tmp_path / "formulaire-abime.docx"
    damaged.write_bytes(whole[: len(whole) // 2])  # as the demo damages it
    outcome = import_forms([damaged], QuestionnaireCatalogue([questionnaire])).outcomes[0]
    page = (ROOT / "docs" / "fr" / "recensement.md").read_text(encoding="utf-8")
    assert f"- {outcome.problems[0].message_in('fr')}\n" in page


def test_the_census_guide_quotes_the_same_respondent_message_as_printed(tmp_path: Path) -> None:
    """The guide shows, word for word, what two batches holding one respondent get."""
    from click.testing import CliRunner

    from conseils_citoyens.cli import main
    from conseils_citoyens.demo.simulate import Simulator
    from conseils_citoyens.survey.questionnaire.model import Respondent, Response
    from conseils_citoyens.survey.questionnaire.serialize import (
        dump_questionnaire,
        dump_response,
        questionnaire_ref,
    )
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    questionnaire = standard_questionnaire()
    simulator = Simulator(questionnaire, seed=12)
    for lot, form in (("lot-1", "repondant-12.docx"), ("lot-2", "repondant-12-corrige.docx")):
        response = Response(
            questionnaire=questionnaire_ref(questionnaire),
            answers=simulator.answers(),
            respondent=Respondent(token="r12"),
            source=f"{lot}/{form}",
        )
        data = {
            "responses": [dump_response(response)],
            "questionnaires": [dump_questionnaire(questionnaire)],
        }
        (tmp_path / f"{lot}.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        result = CliRunner().invoke(
            main, ["--lang", "fr", "report", "lot-1.json", "lot-2.json", "-o", "r.docx"]
        )
    assert result.exit_code == 1
    page = (ROOT / "docs" / "fr" / "recensement.md").read_text(encoding="utf-8")
    quoted = re.search(r"```text\n(erreur : lot-1\.json.*?)```", page, flags=re.S)
    assert quoted is not None
    assert quoted.group(1) == result.stderr


def test_the_docs_quote_the_placeholder_the_forms_show(tmp_path: Path) -> None:
    """« Écrivez ici » (« Write here » in English): the grey words a person clicks in a form."""
    import zipfile

    from lxml import etree

    from conseils_citoyens.survey.questionnaire.export import export_questionnaire
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    shown = {}
    for lang in ("fr", "en"):
        form = export_questionnaire(standard_questionnaire(), tmp_path / f"{lang}.docx", lang=lang)
        body = etree.fromstring(zipfile.ZipFile(form).read("word/document.xml"))
        texts = [
            "".join(sdt.find(f"{{{word}}}sdtContent").itertext())
            for sdt in body.iter(f"{{{word}}}sdt")
            if sdt.find(f"{{{word}}}sdtPr/{{{word}}}showingPlcHdr") is not None
            and sdt.find(f"{{{word}}}sdtPr/{{{word}}}text") is not None
        ]
        assert len(set(texts)) == 1, texts
        shown[lang] = texts[0]
    odt = export_questionnaire(standard_questionnaire(), tmp_path / "fr.odt")
    assert shown["fr"] in zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    for page in ("docs/fr/recensement.md", "docs/word-forms.md", "docs/odt-forms.md"):
        assert f"« {shown['fr']} »" in (ROOT / page).read_text(encoding="utf-8"), page
    assert f"« {shown['en']} » in English" in (ROOT / "docs/word-forms.md").read_text("utf-8")
