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


def _checks() -> list[tuple[object, object]]:
    from pathlib import Path

    examples = Path("examples")
    return [
        (cc.check_council, cc.load(examples / "conseil-citoyen-conforme.json", cc.Council)),
        (cc.check_diagnostic, cc.load(examples / "diagnostic-exemple.json", cc.Diagnostic)),
        (cc.check_cycle, cc.load(examples / "cycle-exemple.json", cc.Cycle)),
    ]


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"subject": "raw"}, "$"),
        ({"as_of": "2025-06-01"}, "$.as_of"),
        ({"as_of": __import__("datetime").datetime(2025, 6, 1, 12)}, "$.as_of"),
        ({"options": ["parity_tolerance"]}, "$.options"),
    ],
)
def test_a_check_given_the_wrong_arguments_says_so_at_the_call(
    arguments: dict[str, object], path: str
) -> None:
    """Not a rule failing inside a plugin (PluginError), nor an AttributeError."""
    import datetime as dt
    import json
    from pathlib import Path

    for check, subject in _checks():
        given = dict(arguments)
        if given.pop("subject", None) == "raw":  # the dict, not yet loaded
            subject = json.loads(Path("examples/conseil-citoyen-conforme.json").read_text("utf-8"))
        given.setdefault("as_of", dt.date(2025, 6, 1))
        with pytest.raises(cc.ModelError) as caught:
            check(subject, **given)  # type: ignore[operator]
        assert isinstance(caught.value, TypeError)
        assert caught.value.problems[0].path == path
        assert "load(" in caught.value.message_in("en") or path != "$"


@pytest.mark.parametrize(
    ("change", "path", "named"),
    [
        ({"qpv_codes": {"QN05921M"}}, "$.qpv_codes", "set"),
        ({"name": b"Alma"}, "$.name", "bytes"),
        ({"mandate_years": 3 + 0j}, "$.mandate_years", "complex"),
        ({"rules_document": object()}, "$.rules_document", "object"),
        ({b"name": "Alma"}, "$", "bytes"),
        ({("a", "b"): "Alma"}, "$", "tuple"),
    ],
)
def test_data_json_cannot_hold_is_a_validation_error_with_its_path(
    change: dict[object, object], path: str, named: str
) -> None:
    """Not json's TypeError, nor jsonschema comparing a complex number with an int."""
    import json
    from pathlib import Path

    data = json.loads(Path("examples/conseil-citoyen-conforme.json").read_text("utf-8"))
    with pytest.raises(cc.ValidationError) as caught:
        cc.load({**data, **change}, cc.Council)
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == (path, "json.type")
    assert f"type {named}" in problem.message_in("fr")
    assert f"type {named}" in problem.message_in("en")
    assert caught.value.kind == "council"


@pytest.mark.parametrize("data", [{"id": {"cc-1"}}, {b"id": "cc-1"}])
def test_validate_reports_python_data_json_cannot_hold(data: dict[object, object]) -> None:
    with pytest.raises(cc.ValidationError):
        cc.validate("council", data)


def test_fill_form_refuses_a_set_of_choices_with_its_path(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    questionnaire = cc.build_questionnaire()
    blank = cc.export_questionnaire(questionnaire, folder / "vierge.odt")
    with pytest.raises(cc.ValidationError) as caught:
        cc.fill_form(blank, {"formats": {"atelier"}}, folder / "f.odt", questionnaire=questionnaire)
    assert [p.path for p in caught.value.problems] == ["$.formats"]
    assert not (folder / "f.odt").exists()


def test_write_report_names_an_unknown_report_and_the_known_ones(tmp_path: object) -> None:
    """Not « extension .md non prise en charge (possibles : ) »: the subject is what is wrong."""
    from pathlib import Path

    analysis = cc.analyze(cc.build_questionnaire(), [], min_group=5)
    target = Path(str(tmp_path)) / "rapport.md"
    with pytest.raises(cc.ValidationError) as caught:
        cc.write_report(analysis, "besoins", target)
    (problem,) = caught.value.problems
    assert problem.code == "report.unknown_subject"
    assert "« besoins »" in problem.message_in("fr")
    for subject in ("training_needs", "diagnostic", "cycle"):
        assert subject in problem.message_in("en")
    assert not target.exists()
