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
