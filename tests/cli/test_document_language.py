"""The global --lang sets the language of messages and of documents written."""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner

from conseils_citoyens.cli import ExitCode, main
from conseils_citoyens.plugins import isolated_plugins


def _text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _export(tmp_path: Path, name: str, before: str | None, after: str | None) -> tuple[str, str]:
    """Export a Word form with ``--lang before`` the command and ``--lang after`` it."""
    output = tmp_path / name
    args = ["--lang", before] if before else []
    args += ["questionnaire", "export", "-o", str(output)]
    args += ["--lang", after] if after else []
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitCode.OK, result.output
    return _text(output), result.stdout


def test_the_global_lang_sets_the_form_language_unless_the_command_says_otherwise(
    tmp_path: Path,
) -> None:
    french, french_says = _export(tmp_path, "q-fr.docx", "fr", None)
    english, english_says = _export(tmp_path, "q-en.docx", "en", None)
    assert english != french
    assert "questionnaire '" in english_says
    assert "questionnaire « " in french_says
    # The command's own --lang: the form in that language, messages in the global one.
    sub, sub_says = _export(tmp_path, "q-sub.docx", "fr", "en")
    assert sub == english
    assert "questionnaire « " in sub_says
    back, back_says = _export(tmp_path, "q-back.docx", "en", "fr")
    assert back == french
    assert "questionnaire '" in back_says


def test_the_demo_writes_its_report_in_the_global_language(tmp_path: Path) -> None:
    with isolated_plugins():
        result = CliRunner().invoke(
            main, ["--lang", "en", "demo", str(tmp_path / "d"), "--respondents", "3"]
        )
    assert result.exit_code == ExitCode.OK, result.output
    report = (tmp_path / "d" / "5-rapports" / "rapport-besoins.md").read_text(encoding="utf-8")
    assert report.startswith("# Training needs")
