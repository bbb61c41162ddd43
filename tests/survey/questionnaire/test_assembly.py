"""Assembly: base, plugin extensions, overlay; errors name the plugin or the file."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from conseils_citoyens.errors import PluginError, ValidationError
from conseils_citoyens.survey.questionnaire.assembly import QuestionnaireExtension, assemble
from conseils_citoyens.survey.questionnaire.model import Questionnaire, Section, Text, YesNo
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire


def local_section(question_id: str = "maison_projet", **kwargs: object) -> Section:
    return Section(
        id="local",
        title=Text.of("Questions locales"),
        questions=(
            YesNo(id=question_id, label=Text.of("Connaissez-vous la Maison du projet ?"), **kwargs),
        ),  # type: ignore[arg-type]
    )


def test_default_is_the_standard_questionnaire() -> None:
    assert assemble() == standard_questionnaire()


def test_order_is_sections_then_adjust_then_overlay() -> None:
    seen: list[str] = []

    def adjust(q: Questionnaire) -> Questionnaire:
        seen.append(q.sections[-1].id)
        return attrs.evolve(q, title=Text.of("Titre ajusté"))

    q = assemble(
        extensions=[
            QuestionnaireExtension(plugin="lille", sections=(local_section(),), adjust=adjust)
        ],
        overlay={"id": "lille-2025", "contact": {"fr": "Mairie"}},
    )
    assert seen == ["local"]
    assert q.sections[-1].origin == "lille"
    assert q.title.fr == "Titre ajusté"
    assert q.version == "1.0+lille-2025"
    assert questionnaire_ref(q) != questionnaire_ref(standard_questionnaire())


def test_adjust_returning_none_changes_nothing() -> None:
    assert assemble(extensions=[QuestionnaireExtension(plugin="p", adjust=lambda q: None)]) == (
        standard_questionnaire()
    )


def test_plugin_section_with_a_duplicate_id_names_the_plugin() -> None:
    extension = QuestionnaireExtension(plugin="lille", sections=(local_section("college"),))
    with pytest.raises(PluginError) as caught:
        assemble(extensions=[extension])
    assert caught.value.plugin == "lille"
    assert caught.value.hook == "register_questionnaire_sections"
    assert "college" in caught.value.message


def test_plugin_adjust_breaking_a_condition_names_the_plugin() -> None:
    def drop_first_section(q: Questionnaire) -> Questionnaire:
        vous = q.sections[0]
        return attrs.evolve(
            q, sections=(attrs.evolve(vous, questions=vous.questions[4:]), *q.sections[1:])
        )

    with pytest.raises(PluginError) as caught:
        assemble(extensions=[QuestionnaireExtension(plugin="roubaix", adjust=drop_first_section)])
    assert caught.value.hook == "adjust_questionnaire"
    assert "deja_forme" in caught.value.message


def test_plugin_adjust_raising_is_wrapped() -> None:
    def boom(q: Questionnaire) -> Questionnaire:
        raise RuntimeError("oops")

    with pytest.raises(PluginError, match="oops") as caught:
        assemble(extensions=[QuestionnaireExtension(plugin="p", adjust=boom)])
    assert caught.value.plugin == "p"


def test_plugin_adjust_returning_garbage_is_refused() -> None:
    with pytest.raises(PluginError, match="Questionnaire"):
        assemble(extensions=[QuestionnaireExtension(plugin="p", adjust=lambda q: "x")])  # type: ignore[arg-type,return-value]


def test_overlay_problem_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "o.json"
    path.write_text('{"id": "x", "hide": ["deja_forme"]}', encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        assemble(overlay=path)
    assert caught.value.source == str(path)
    assert caught.value.problems[0].path == "$.hide[0]"


def test_invalid_base_is_refused() -> None:
    base = attrs.evolve(standard_questionnaire(), title=Text({"en": "No French"}))
    with pytest.raises(ValidationError):
        assemble(base)
