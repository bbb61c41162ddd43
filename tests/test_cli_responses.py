"""``responses import`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conseils_citoyens.cli import main
from conseils_citoyens.demo.simulate import Simulator
from conseils_citoyens.formats.docx.fill import fill_docx
from conseils_citoyens.formats.odt.fill import fill_odt
from conseils_citoyens.plugins import isolated_plugins
from conseils_citoyens.questionnaire.export import export_questionnaire
from conseils_citoyens.questionnaire.standard import standard_questionnaire


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    questionnaire = standard_questionnaire()
    export_questionnaire(questionnaire, tmp_path / "q.docx")
    export_questionnaire(questionnaire, tmp_path / "q.odt")
    simulator = Simulator(questionnaire, seed=5)
    forms = tmp_path / "formulaires"
    forms.mkdir()
    fill_docx(
        tmp_path / "q.docx", simulator.answers(), forms / "a.docx", questionnaire=questionnaire
    )
    fill_odt(tmp_path / "q.odt", simulator.answers(), forms / "b.odt", questionnaire=questionnaire)
    return tmp_path


def _run(*args: str) -> object:
    with isolated_plugins():
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_import_a_folder_writes_validated_responses(folder: Path) -> None:
    out = folder / "reponses.json"
    result = _run("responses", "import", str(folder / "formulaires"), "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "2 réponse(s) écrite(s)" in result.output  # type: ignore[attr-defined]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [i["outcome"] for i in data["imports"]] == ["imported", "imported"]
    assert len(data["responses"]) == 2


def test_a_refused_file_exits_1_and_is_listed(folder: Path) -> None:
    (folder / "formulaires" / "c.docx").write_bytes(b"%PDF-1.7 ceci est un PDF")
    out = folder / "reponses.json"
    result = _run(
        "responses", "import", str(folder / "formulaires"), "-o", str(out), "--format", "json"
    )
    assert result.exit_code == 1  # type: ignore[attr-defined]
    summary = json.loads(result.output)  # type: ignore[attr-defined]
    assert summary["counts"]["refused"] == 1
    assert summary["counts"]["imported"] == 2
    assert out.exists()  # the valid forms are kept


def test_an_existing_output_needs_force(folder: Path) -> None:
    out = folder / "reponses.json"
    out.write_text("[]", encoding="utf-8")
    result = _run("responses", "import", str(folder / "formulaires"), "-o", str(out))
    assert result.exit_code == 5  # type: ignore[attr-defined]
    assert out.read_text(encoding="utf-8") == "[]"
    forced = _run("responses", "import", str(folder / "formulaires"), "-o", str(out), "--force")
    assert forced.exit_code == 0  # type: ignore[attr-defined]
