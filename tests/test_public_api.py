"""The public API is what ``conseils_citoyens`` exports, and every name resolves."""

from __future__ import annotations

import pytest

import conseils_citoyens as cc


def test_every_exported_name_resolves() -> None:
    for name in cc.__all__:
        assert getattr(cc, name) is not None, name


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        cc.no_such_thing  # type: ignore[attr-defined]  # noqa: B018 - the access is the test


def test_quickstart_from_the_readme_works() -> None:
    council = cc.load("examples/conseil-citoyen-conforme.json", cc.Council)
    report = cc.check_council(council, as_of=__import__("datetime").date(2025, 6, 1))
    assert report.ok
    questionnaire = cc.build_questionnaire()
    assert cc.questionnaire_ref(questionnaire).hash.startswith("sha256:")


def test_load_knows_questionnaires_and_checks_them(tmp_path: object) -> None:
    import json
    from pathlib import Path

    folder = Path(str(tmp_path))
    questionnaire = cc.build_questionnaire()
    cc.export_questionnaire(questionnaire, folder / "q.json")
    assert cc.load(folder / "q.json", cc.Questionnaire) == questionnaire
    data = json.loads((folder / "q.json").read_text(encoding="utf-8"))
    data["sections"][0]["questions"][0]["condition"] = {
        "question": "commentaires",
        "answered": True,
    }
    (folder / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(cc.ValidationError) as caught:
        cc.load(folder / "bad.json", cc.Questionnaire)
    assert caught.value.problems[0].source == str(folder / "bad.json")
