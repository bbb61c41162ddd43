"""Export by suffix: built-in JSON, registered exporters, unknown formats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from conseils_citoyens.errors import OutputExistsError, PluginError, ValidationError
from conseils_citoyens.formats import Exporter, ExportOptions
from conseils_citoyens.hookspecs import hookimpl
from conseils_citoyens.plugins import isolated_plugins
from conseils_citoyens.survey.questionnaire import export
from conseils_citoyens.survey.questionnaire.model import Questionnaire, Respondent
from conseils_citoyens.survey.questionnaire.serialize import load_questionnaire
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire


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


class _FormatPlugin:
    def __init__(self, exporter: Exporter) -> None:
        self.exporter = exporter

    @hookimpl
    def register_exporters(self, register: Callable[[Exporter], None]) -> None:
        register(self.exporter)


def test_a_plugin_exporter_is_used_by_suffix(tmp_path: Path) -> None:
    seen: list[ExportOptions] = []

    def write_text(q: Questionnaire, stream: IO[bytes], options: ExportOptions) -> None:
        seen.append(options)
        stream.write(q.title.get(options.lang).encode("utf-8"))

    text = Exporter(name="txt", suffixes=(".txt",), media_type="text/plain", export=write_text)
    respondent = Respondent(token="abc")
    with isolated_plugins(_FormatPlugin(text)):
        assert export.exporter_for("txt") is text
        assert ".txt" in export.export_suffixes()
        path = export.export_questionnaire(
            standard_questionnaire(), tmp_path / "Q.TXT", lang="en", respondent=respondent
        )
    assert path.read_text(encoding="utf-8").startswith("Survey of the training needs")
    assert seen == [ExportOptions(lang="en", respondent=respondent)]
    assert export.exporter_for("txt") is None  # the plugin is gone with its host


def test_failing_exporter_leaves_no_file_and_is_named(tmp_path: Path) -> None:
    def fail(q: Questionnaire, stream: IO[bytes], options: ExportOptions) -> None:
        stream.write(b"partial")
        raise RuntimeError("boom")

    bad = Exporter(name="bad", suffixes=(".bad",), media_type="x/y", export=fail)
    with isolated_plugins(_FormatPlugin(bad)), pytest.raises(PluginError) as caught:
        export.export_questionnaire(standard_questionnaire(), tmp_path / "q.bad")
    assert "_FormatPlugin" in caught.value.plugin
    assert "boom" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_json_suffix_taken_twice_needs_replace() -> None:
    other = Exporter(
        name="json", suffixes=(".json",), media_type="application/json", export=lambda q, s, o: None
    )
    with isolated_plugins(_FormatPlugin(other)) as host, pytest.raises(PluginError, match="json"):
        host.exporters()
