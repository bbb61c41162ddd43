"""The documentation keeps up with the code."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

from conseils_citoyens import hookspecs

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
