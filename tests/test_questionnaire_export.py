"""Export by suffix: built-in JSON, registered exporters, unknown formats."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from conseils_citoyens.errors import OutputExistsError, ValidationError
from conseils_citoyens.formats import Exporter, ExportOptions
from conseils_citoyens.questionnaire import export
from conseils_citoyens.questionnaire.model import Questionnaire, Respondent
from conseils_citoyens.questionnaire.serialize import load_questionnaire
from conseils_citoyens.questionnaire.standard import standard_questionnaire


@pytest.fixture
def clean_registry() -> Iterator[None]:
    saved = dict(export._exporters)
    yield
    export._exporters.clear()
    export._exporters.update(saved)
    export.set_exporter_resolver(None)


def test_json_export_loads_back(tmp_path: Path) -> None:
    path = export.export_questionnaire(standard_questionnaire(), tmp_path / "q.json")
    assert load_questionnaire(path) == standard_questionnaire()


def test_existing_file_is_kept_without_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "q.json"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        export.export_questionnaire(standard_questionnaire(), path)
    assert path.read_text(encoding="utf-8") == "old"
    export.export_questionnaire(standard_questionnaire(), path, overwrite=True)
    assert path.read_text(encoding="utf-8").startswith("{")


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        export.export_questionnaire(standard_questionnaire(), tmp_path / "q.xyz")
    assert caught.value.problems[0].code == "export.unknown_format"
    assert not (tmp_path / "q.xyz").exists()


def test_registered_exporter_and_resolver_are_used(tmp_path: Path, clean_registry: None) -> None:
    seen: list[ExportOptions] = []

    def write_text(q: Questionnaire, stream: IO[bytes], options: ExportOptions) -> None:
        seen.append(options)
        stream.write(q.title.get(options.lang).encode("utf-8"))

    text = Exporter(name="txt", suffixes=(".txt",), media_type="text/plain", export=write_text)
    export.register_exporter(text)
    respondent = Respondent(token="abc")
    path = export.export_questionnaire(
        standard_questionnaire(), tmp_path / "Q.TXT", lang="en", respondent=respondent
    )
    assert path.read_text(encoding="utf-8").startswith("Survey of the training needs")
    assert seen == [ExportOptions(lang="en", respondent=respondent)]

    md = Exporter(name="md", suffixes=(".md",), media_type="text/markdown", export=write_text)
    export.set_exporter_resolver(lambda suffix: md if suffix == ".md" else None)
    assert export.exporter_for("md") is md
    export.export_questionnaire(standard_questionnaire(), tmp_path / "q.md")
    assert (tmp_path / "q.md").read_text(encoding="utf-8").startswith("Recensement")


def test_failing_exporter_leaves_no_file(tmp_path: Path, clean_registry: None) -> None:
    def fail(q: Questionnaire, stream: IO[bytes], options: ExportOptions) -> None:
        stream.write(b"partial")
        raise RuntimeError("boom")

    export.register_exporter(
        Exporter(name="bad", suffixes=(".bad",), media_type="x/y", export=fail)
    )
    with pytest.raises(RuntimeError):
        export.export_questionnaire(standard_questionnaire(), tmp_path / "q.bad")
    assert list(tmp_path.iterdir()) == []


def test_suffix_conflict_needs_replace(clean_registry: None) -> None:
    other = Exporter(
        name="other-json",
        suffixes=(".json",),
        media_type="application/json",
        export=lambda q, s, o: None,
    )
    with pytest.raises(ValueError, match="already handled"):
        export.register_exporter(other)
