"""Counts in messages agree in number, in French and in English, for 0, 1 and 2 items."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conseils_citoyens.cli import main
from conseils_citoyens.i18n import ELLIPSIS_AND, and_more, counted
from tests.cli.test_report import _standard_responses


def _responses(tmp_path: Path, count: int, bad: int = 0) -> Path:
    entries: list[object] = list(_standard_responses(count))
    entries.extend(["pas une réponse"] * bad)
    path = tmp_path / f"r{count}-{bad}.json"
    path.write_text(json.dumps({"responses": entries}), encoding="utf-8")
    return path


def _run(lang: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--lang", lang, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("count", "french", "english"),
    [
        (0, "0 réponse exportée", "0 responses exported"),
        (1, "1 réponse exportée", "1 response exported"),
        (2, "2 réponses exportées", "2 responses exported"),
    ],
)
def test_responses_export_counts_agree(
    tmp_path: Path, count: int, french: str, english: str
) -> None:
    source = _responses(tmp_path, count, bad=count)
    out = _run("fr", "responses", "export", str(source), "-o", str(tmp_path / "fr.csv"))
    assert french in out
    unreadable = {0: "", 1: "1 entrée illisible non exportée", 2: "2 entrées illisibles"}[count]
    assert unreadable in out
    out = _run("en", "responses", "export", str(source), "-o", str(tmp_path / "en.csv"))
    assert english in out
    assert {0: "", 1: "1 unreadable entry not", 2: "2 unreadable entries"}[count] in out


@pytest.mark.parametrize(
    ("count", "french", "english"),
    [
        (1, "1 réponse analysée sur 2, 1 écartée", "1 of 2 responses analysed, 1 left out"),
        (2, "2 réponses analysées sur 4, 2 écartées", "2 of 4 responses analysed, 2 left out"),
    ],
)
def test_report_counts_agree(tmp_path: Path, count: int, french: str, english: str) -> None:
    source = _responses(tmp_path, count, bad=count)
    assert french in _run("fr", "report", str(source), "-o", str(tmp_path / "fr.md"))
    assert english in _run("en", "report", str(source), "-o", str(tmp_path / "en.md"))
    one = _responses(tmp_path / "", 1)
    assert "1 réponse analysée sur 1\n" in _run(
        "fr", "report", str(one), "-o", str(tmp_path / "1.md")
    )
    assert "1 of 1 response analysed\n" in _run(
        "en", "report", str(one), "-o", str(tmp_path / "e.md")
    )


def test_the_helper_follows_each_language_rule() -> None:
    forms = {"fr": ("réponse", "réponses"), "en": ("response", "responses")}
    assert [counted(n, forms, "fr") for n in (0, 1, 2)] == ["0 réponse", "1 réponse", "2 réponses"]
    assert [counted(n, forms, "en") for n in (0, 1, 2)] == [
        "0 responses",
        "1 response",
        "2 responses",
    ]


def test_no_hand_made_plural_is_left_in_the_cli() -> None:
    """Counts go through i18n.counted: no « (s) », no ``'s' if n > 1``."""
    root = Path(__file__).resolve().parents[2] / "src" / "conseils_citoyens"
    for path in [*(root / "cli").glob("*.py"), root / "demo" / "__init__.py"]:
        text = path.read_text(encoding="utf-8")
        # « fichier(s) », « entrée(s) »... (``str(s)`` is code, not a plural)
        assert not re.search(r"\w\(s\)", text.replace("str(s)", "")), path
        assert "'s' if" not in text, path
        assert '"s" if' not in text, path


@pytest.mark.parametrize(
    ("count", "fr", "en"),
    [
        (1, "et 1 autre problème dans ce fichier", "and 1 more problem in this file"),
        (2, "et 2 autres problèmes dans ce fichier", "and 2 more problems in this file"),
    ],
)
def test_what_a_list_cut_short_leaves_out_agrees_with_its_count(
    count: int, fr: str, en: str
) -> None:
    forms = {"fr": ("autre problème", "autres problèmes"), "en": ("more problem", "more problems")}
    tails = {"fr": " dans ce fichier", "en": " in this file"}
    assert and_more(count, forms, tails) == {"fr": fr, "en": en}
    assert and_more(count, forms, tails, lead=ELLIPSIS_AND)["fr"] == "… " + fr


def test_a_report_with_no_response_analysed_agrees_in_both_languages(tmp_path: Path) -> None:
    source = _responses(tmp_path, 0, bad=1)
    french = _run("fr", "report", str(source), "-o", str(tmp_path / "fr.md"))
    assert "0 réponse analysée sur 1, 1 écartée" in french
    english = _run("en", "report", str(source), "-o", str(tmp_path / "en.md"))
    assert "0 of 1 response analysed, 1 left out" in english
