"""Errors are also the built-in exceptions Python code expects, and speak the library's language."""

from __future__ import annotations

import ast
import errno
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import conseils_citoyens as cc
from conseils_citoyens.documents.jsonio import write_atomic
from conseils_citoyens.documents.safety import open_package
from conseils_citoyens.errors import (
    ConseilsCitoyensError,
    FileNotReadableError,
    MissingFileError,
    NotADocumentError,
    OutputError,
    OutputExistsError,
    ValidationError,
)
from conseils_citoyens.i18n import language

SRC = Path(cc.__file__).parent
SCHEMAS = Path(__file__).parents[1] / "schemas"


def test_a_missing_json_file_is_a_file_not_found_error(tmp_path: Path) -> None:
    missing = tmp_path / "absent.json"
    with pytest.raises(FileNotFoundError) as caught:
        cc.load(missing, cc.Council)
    error = caught.value
    assert isinstance(error, MissingFileError)
    assert isinstance(error, FileNotReadableError)
    assert isinstance(error, ConseilsCitoyensError)
    assert error.errno == errno.ENOENT
    assert error.filename == str(missing)
    assert str(error) == f"{missing} : fichier introuvable"


def test_a_missing_form_is_a_file_not_found_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        open_package(tmp_path / "absent.docx")


def test_a_folder_is_unreadable_but_not_missing(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="n'est pas un fichier") as caught:
        cc.load(tmp_path, cc.Council)
    assert isinstance(caught.value, FileNotReadableError)
    assert not isinstance(caught.value, FileNotFoundError)


def test_invalid_data_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="invalide") as caught:
        cc.validate("overlay", {"id": "Lille 2025"})
    assert isinstance(caught.value, ValidationError)


def test_a_file_that_is_not_a_document_is_a_value_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.docx"
    notes.write_text("du texte", encoding="utf-8")
    with pytest.raises(ValueError, match=r"notes\.docx") as caught:
        open_package(notes)
    assert isinstance(caught.value, NotADocumentError)


def test_an_existing_output_is_a_file_exists_error_without_cli_advice(tmp_path: Path) -> None:
    target = tmp_path / "rapport.md"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError) as caught:
        write_atomic(target, "new", overwrite=False)
    error = caught.value
    assert isinstance(error, OutputExistsError)
    assert isinstance(error, OutputError)
    assert error.errno == errno.EEXIST
    assert error.filename == str(target)
    assert str(error) == f"{target} existe déjà"
    assert error.message_in("en") == f"{target} already exists"
    assert target.read_text(encoding="utf-8") == "mine"


def test_an_unwritable_output_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="dossier") as caught:
        write_atomic(tmp_path, "x")  # a folder as target
    assert isinstance(caught.value, OutputError)


def test_the_cli_adds_its_own_advice_to_an_existing_output(tmp_path: Path) -> None:
    from conseils_citoyens.cli import main

    target = tmp_path / "q.json"
    target.write_text("{}", encoding="utf-8")
    args = ["questionnaire", "export", "-o", str(target)]
    french = CliRunner().invoke(main, ["--lang", "fr", *args])
    assert french.exit_code == 5
    assert "existe déjà (utilisez --force pour le remplacer)" in french.output
    english = CliRunner().invoke(main, ["--lang", "en", *args])
    assert "already exists (use --force to overwrite)" in english.output


_FLAG = re.compile(r"(?<![\w-])--[a-z]")


def _texts(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [part for value in node.values for part in _texts(value)]
    if isinstance(node, ast.BinOp):
        return _texts(node.left) + _texts(node.right)
    return []


def test_library_messages_never_mention_command_line_flags() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if "cli" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict):
                continue
            languages = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if not languages & {"fr", "en"}:
                continue
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in ("fr", "en"):
                    offenders += [
                        f"{path.relative_to(SRC)}:{node.lineno}: {text}"
                        for text in _texts(value)
                        if _FLAG.search(text)
                    ]
    assert offenders == []


def _titled(node: object, where: str) -> list[tuple[str, dict[str, object]]]:
    found: list[tuple[str, dict[str, object]]] = []
    if isinstance(node, dict):
        if isinstance(node.get("title"), str):
            found.append((where, node))
        for key, value in node.items():
            found += _titled(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _titled(value, f"{where}/{index}")
    return found


def test_every_schema_title_has_its_english_name() -> None:
    missing = []
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        for where, node in _titled(json.loads(path.read_text(encoding="utf-8")), path.name):
            # Every field's title; a whole schema's title only when it is not English already.
            inner = "/" in where or not str(node["title"]).isascii()
            if inner and "x-title-en" not in node:
                missing.append(f"{where}: {node['title']}")
    assert missing == []


def test_english_messages_name_fields_in_english() -> None:
    member = {"id": "m1", "college": "habitants"}
    with pytest.raises(ValidationError) as caught:
        cc.load(member, cc.Member)
    (problem,) = caught.value.problems
    assert "collège" in problem.message_in("fr")
    english = problem.message_in("en")
    assert "college" in english
    assert "collège" not in english
    with language("en"):
        assert problem.message == english


def test_the_cli_names_its_option_for_a_demo_into_a_foreign_folder(tmp_path: Path) -> None:
    from conseils_citoyens.cli import main

    (tmp_path / "mes-notes.txt").write_text("à garder", encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", "fr", "demo", str(tmp_path)])
    assert result.exit_code == 5
    assert "si vous forcez" in result.output
    assert result.output.rstrip().endswith("(option --force)")
    with pytest.raises(OutputError) as caught:
        cc.run_demo(tmp_path, respondents=1, echo=lambda line: None)
    assert caught.value.forcible
    assert "--force" not in str(caught.value)
