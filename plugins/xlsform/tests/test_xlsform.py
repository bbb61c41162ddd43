"""Tests of the XLSForm export plugin: pyxform (ODK's converter) judges every workbook."""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

# Run from a source checkout without installing the plugins.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "agglo-exemple" / "src"))

import attrs
import cc_xlsform
import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from conseils_citoyens import (
    AllOf,
    Answered,
    AnyOf,
    Choice,
    Date,
    Equals,
    ExportOptions,
    In,
    Includes,
    LongText,
    Matrix,
    MultipleChoice,
    Not,
    Number,
    Questionnaire,
    Ranking,
    Respondent,
    Scale,
    Section,
    ShortText,
    SingleChoice,
    Text,
    ValidationError,
    YesNo,
    isolated_plugins,
    questionnaire_ref,
)
from conseils_citoyens.testing import questionnaires

openpyxl = pytest.importorskip("openpyxl")
xls2xform = pytest.importorskip("pyxform.xls2xform")

XF = "{http://www.w3.org/2002/xforms}"
requires_java = pytest.mark.skipif(shutil.which("java") is None, reason="java absent")


def _choices(*codes: str) -> tuple[Choice, ...]:
    return tuple(Choice(code=c, label=Text.of(f"Choix {c}", f"Choice {c}")) for c in codes)


def _t(fr: str) -> Text:
    return Text.of(fr, f"EN {fr}")


#: Every question type, every condition kind, "other" choices, a section condition.
ALL_TYPES = Questionnaire(
    id="essai-xlsform",
    version="2.1",
    title=_t("Questionnaire d'essai"),
    introduction=_t("Bonjour"),
    contact=_t("Contact : mairie"),
    languages=("fr", "en"),
    sections=(
        Section(
            id="un",
            title=_t("Première partie"),
            introduction=_t("Quelques questions"),
            questions=(
                SingleChoice(
                    id="college",
                    label=_t("Collège"),
                    choices=_choices("hab", "act"),
                    other=_t("Autre collège"),
                    required=True,
                    help=_t("Une seule réponse"),
                ),
                MultipleChoice(
                    id="sujets",
                    label=_t("Sujets"),
                    choices=_choices("a", "b", "c", "9z"),
                    other=_t("Autre sujet"),
                    min_selections=1,
                    max_selections=2,
                    condition=Equals(question="college", value="hab"),
                ),
                YesNo(id="forme", label=_t("Déjà formé ?")),
                Scale(id="humeur", label=_t("Humeur"), levels=_choices("bas", "moyen", "haut")),
                Matrix(
                    id="themes",
                    label=_t("Thèmes"),
                    rows=_choices("emploi", "sante"),
                    columns=_choices("non", "oui"),
                    required=True,
                    help=_t("Une réponse par ligne"),
                ),
                Ranking(id="prio", label=_t("Priorités"), choices=_choices("x", "y", "z"), top=2),
            ),
        ),
        Section(
            id="deux",
            title=_t("Seconde partie"),
            condition=Answered(question="forme"),
            questions=(
                ShortText(id="nom", label=_t("Nom"), max_length=40),
                LongText(
                    id="avis",
                    label=_t("Avis"),
                    condition=In(question="college", values=("hab", "other")),
                ),
                Number(
                    id="heures",
                    label=_t("Heures"),
                    minimum=0,
                    maximum=40,
                    unit=_t("heures"),
                    condition=Includes(question="sujets", value="b"),
                ),
                Number(
                    id="taux",
                    label=_t("Taux"),
                    integer=False,
                    minimum=0.5,
                    condition=Includes(question="prio", value="y"),
                ),
                Date(
                    id="quand",
                    label=_t("Date"),
                    condition=Equals(question="themes", row="sante", value="oui"),
                ),
                ShortText(
                    id="pourquoi",
                    label=_t("Pourquoi"),
                    condition=AllOf(
                        conditions=(
                            Answered(question="nom", answered=False),
                            AnyOf(
                                conditions=(
                                    Equals(question="heures", value=3),
                                    Not(condition=Equals(question="forme", value="yes")),
                                )
                            ),
                        )
                    ),
                ),
                ShortText(
                    id="matrice_vide",
                    label=_t("Sans matrice"),
                    condition=Answered(question="themes", answered=False),
                ),
                ShortText(
                    id="matrice_pleine",
                    label=_t("Avec matrice"),
                    condition=Answered(question="themes"),
                ),
            ),
        ),
    ),
)

#: The relevant expression expected for each element name, as an XLSForm author writes it.
EXPECTED_RELEVANT = {
    "sujets": "${college} = 'hab'",
    "college_other": "selected(${college}, 'other')",
    "sujets_other": "${college} = 'hab' and selected(${sujets}, 'other')",
    "section-deux": "${forme} != ''",
    "avis": "(${college} = 'hab' or ${college} = 'other')",
    "heures": "selected(${sujets}, 'b')",
    "taux": "(selected-at(${prio}, 0) = 'y' or selected-at(${prio}, 1) = 'y')",
    "quand": "${themes__sante} = 'oui'",
    "pourquoi": "(${nom} = '' and (${heures} = 3 or not(${forme} = 'yes')))",
    "matrice_vide": "(${themes__emploi} = '' and ${themes__sante} = '')",
    "matrice_pleine": "(${themes__emploi} != '' or ${themes__sante} != '')",
}


def _export(questionnaire: Questionnaire, options: ExportOptions | None = None) -> bytes:
    stream = io.BytesIO()
    cc_xlsform.export_xlsform(questionnaire, stream, options or ExportOptions())
    return stream.getvalue()


def _convert(
    questionnaire: Questionnaire,
    tmp_path: Path,
    options: ExportOptions | None = None,
    *,
    validate: bool = False,
) -> str:
    path = tmp_path / "form.xlsx"
    path.write_bytes(_export(questionnaire, options))
    warnings: list[str] = []
    result = xls2xform.convert(xlsform=str(path), warnings=warnings, validate=validate)
    return str(result.xform)


def _binds(xform: str) -> dict[str, dict[str, str]]:
    """Return ``{element name: bind attributes}`` of an XForm."""
    root = etree.fromstring(xform.encode("utf-8"))
    binds = {}
    for bind in root.iter(f"{XF}bind"):
        binds[bind.get("nodeset").rsplit("/", 1)[-1]] = dict(bind.attrib)
    return binds


def _instance(xform: str) -> etree._Element:
    root = etree.fromstring(xform.encode("utf-8"))
    return next(root.iter(f"{XF}instance"))[0]


def _element_paths(xform: str) -> dict[str, str]:
    """Return ``{element name: /data/... path}`` of the main instance."""
    paths: dict[str, str] = {}

    def walk(element: etree._Element, prefix: str) -> None:
        name = etree.QName(element).localname
        paths[name] = f"{prefix}/{name}"
        for child in element:
            walk(child, paths[name])

    walk(_instance(xform), "")
    return paths


def _texts(xform: str) -> set[str]:
    root = etree.fromstring(xform.encode("utf-8"))
    return {value.text for value in root.iter(f"{XF}value") if value.text}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_question_type_converts_and_keeps_its_name(tmp_path: Path) -> None:
    xform = _convert(ALL_TYPES, tmp_path)
    names = {etree.QName(e).localname for e in _instance(xform).iter()}
    expected = {q.id for q in ALL_TYPES.questions()} | {
        "themes__emploi",
        "themes__sante",
        "college_other",
        "sujets_other",
        "section-un",
        "section-deux",
        "cc-introduction",
        "cc-contact",
    }
    assert expected <= names


def test_every_condition_kind_becomes_the_relevant_expression(tmp_path: Path) -> None:
    xform = _convert(ALL_TYPES, tmp_path)
    binds = _binds(xform)
    paths = _element_paths(xform)
    for name, expression in EXPECTED_RELEVANT.items():
        resolved = re.sub(r"\$\{(\w+)\}", lambda m: paths[m.group(1)], expression)
        assert _squash(binds[name]["relevant"]) == _squash(resolved), name
    unconditional = {"college", "forme", "humeur", "prio", "nom", "themes__emploi"}
    assert all("relevant" not in binds[name] for name in unconditional)


def test_types_constraints_and_requirements_reach_the_xform(tmp_path: Path) -> None:
    xform = _convert(ALL_TYPES, tmp_path)
    binds = _binds(xform)
    assert binds["college"]["required"] == "true()"
    assert binds["themes__sante"]["required"] == "true()"
    assert binds["prio"]["type"] == "odk:rank"
    assert binds["heures"]["type"] == "int"
    assert binds["taux"]["type"] == "decimal"
    assert binds["quand"]["type"] == "date"
    assert _squash(binds["sujets"]["constraint"]) == "count-selected(.)>=1andcount-selected(.)<=2"
    assert _squash(binds["heures"]["constraint"]) == ".>=0and.<=40"
    assert _squash(binds["taux"]["constraint"]) == ".>=0.5"
    assert _squash(binds["nom"]["constraint"]) == "string-length(.)<=40"
    root = etree.fromstring(xform.encode("utf-8"))
    appearances = {
        el.get("ref", "").rsplit("/", 1)[-1]: el.get("appearance")
        for el in root.iter()
        if el.get("appearance")
    }
    # pyxform expands table-list: a field-list group, a header row, rows without labels.
    assert appearances["themes"] == "field-list"
    assert appearances["themes__emploi"] == "list-nolabel"
    assert appearances["humeur"] == "likert"
    assert appearances["avis"] == "multiline"
    assert 'lang="English (en)"' in xform
    assert "Choisissez entre 1 et 2 réponses." in xform
    assert "Choose between 1 and 2 answers." in xform


def test_choice_lists_hold_other_and_yes_no() -> None:
    form = cc_xlsform.build_xlsform(ALL_TYPES)
    lists: dict[str, list[str]] = {}
    for record in form.choices.records():
        lists.setdefault(record["list_name"], []).append(record["name"])
    assert lists["college"] == ["hab", "act", "other"]
    assert lists["sujets"] == ["a", "b", "c", "9z", "other"]
    assert lists["forme"] == ["yes", "no"]
    assert lists["themes"] == ["non", "oui"]
    survey = {r["name"]: r for r in form.survey.records() if r["type"] != "end group"}
    assert survey["college_other"]["label::Français (fr)"] == "Autre collège : précisez"
    assert survey["college_other"]["label::English (en)"] == "EN Autre collège: please specify"


def test_settings_identify_the_questionnaire(tmp_path: Path) -> None:
    ref = questionnaire_ref(ALL_TYPES)
    digest = ref.hash.removeprefix("sha256:")
    settings = cc_xlsform.build_xlsform(ALL_TYPES).settings.records()[0]
    assert settings["form_id"] == "essai-xlsform"
    assert settings["version"] == f"2.1+{digest[:12]}"
    assert cc_xlsform.split_form_version(settings["version"]) == ("2.1", digest[:12])
    assert settings["default_language"] == "Français (fr)"
    xform = _convert(ALL_TYPES, tmp_path)
    data = _instance(xform)
    assert data.get("id") == "essai-xlsform"
    assert data.get("version") == f"2.1+{digest[:12]}"
    assert data.get("cc_hash") == ref.hash


def test_version_changes_with_the_content() -> None:
    reworded = attrs.evolve(ALL_TYPES, title=_t("Autre titre"))
    before = cc_xlsform.build_xlsform(ALL_TYPES).settings.records()[0]["version"]
    after = cc_xlsform.build_xlsform(reworded).settings.records()[0]["version"]
    assert before.startswith("2.1+")
    assert after.startswith("2.1+")
    assert before != after


def test_english_columns_only_when_the_questionnaire_has_english() -> None:
    french_only = attrs.evolve(ALL_TYPES, languages=("fr",))
    headers = cc_xlsform.build_xlsform(french_only).survey.headers
    assert "label::Français (fr)" in headers
    assert not any("English" in h for h in headers)
    english = cc_xlsform.build_xlsform(ALL_TYPES, ExportOptions(lang="en"))
    assert "label::English (en)" in english.survey.headers
    settings = english.settings.records()[0]
    assert settings["default_language"] == "English (en)"
    assert settings["form_title"] == "EN Questionnaire d'essai"


def _tiny(label: str) -> Questionnaire:
    return Questionnaire(
        id="tiny",
        version="1",
        title=Text.of(label),
        sections=(
            Section(id="s", title=Text.of(label), questions=(YesNo(id="q", label=Text.of(label)),)),
        ),
    )


@pytest.mark.parametrize(
    "label",
    ["=1+1", '=HYPERLINK("http://x")', "Coût en ${q} euros", 'l\'avis "des" habitants'],
)
def test_labels_stay_literal_texts(tmp_path: Path, label: str) -> None:
    content = _export(_tiny(label))
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    survey = workbook["survey"]
    header = [c.value for c in survey[1]]
    cell = survey.cell(row=3, column=header.index("label::Français (fr)") + 1)
    assert cell.data_type == "s"
    xform = _convert(_tiny(label), tmp_path)
    assert label.replace("${", "$\u2060{") in _texts(xform)


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("abc", "'abc'"),
        ("l'eau", '"l\'eau"'),
        ('l\'"x"', "concat('l', \"'\", '\"x\"')"),
        (3, "3"),
        (0.00001, "0.00001"),
        (2.5, "2.5"),
        (True, "'true'"),
    ],
)
def test_xpath_literals(value: str | int | float | bool, literal: str) -> None:
    assert cc_xlsform.xpath_literal(value) == literal


def test_a_text_condition_with_quotes_converts(tmp_path: Path) -> None:
    questionnaire = Questionnaire(
        id="quotes",
        version="1",
        title=Text.of("Guillemets"),
        sections=(
            Section(
                id="s",
                title=Text.of("S"),
                questions=(
                    ShortText(id="a", label=Text.of("A")),
                    ShortText(
                        id="b",
                        label=Text.of("B"),
                        condition=Equals(question="a", value='l\'"x"'),
                    ),
                ),
            ),
        ),
    )
    binds = _binds(_convert(questionnaire, tmp_path))
    assert "concat('l', \"'\", '\"x\"')" in binds["b"]["relevant"]


def test_name_collisions_are_refused() -> None:
    clash = Questionnaire(
        id="clash",
        version="1",
        title=Text.of("Collision"),
        sections=(
            Section(
                id="s",
                title=Text.of("S"),
                questions=(
                    Matrix(
                        id="m", label=Text.of("M"), rows=_choices("a"), columns=_choices("x", "y")
                    ),
                    ShortText(id="m__a", label=Text.of("Même nom qu'une ligne")),
                ),
            ),
        ),
    )
    with pytest.raises(ValidationError) as caught:
        cc_xlsform.build_xlsform(clash)
    assert [p.code for p in caught.value.problems] == ["xlsform.name_collision"]
    assert "m__a" in caught.value.problems[0].texts["fr"]


def test_a_condition_on_an_unknown_question_is_a_validation_error() -> None:
    broken = attrs.evolve(
        _tiny("x"),
        sections=(
            Section(
                id="s",
                title=Text.of("S"),
                questions=(
                    YesNo(id="q", label=Text.of("Q"), condition=Answered(question="absente")),
                ),
            ),
        ),
    )
    with pytest.raises(ValidationError) as caught:
        cc_xlsform.build_xlsform(broken)
    assert caught.value.problems[0].code == "xlsform.unknown_question"


def test_respondent_becomes_hidden_fields(tmp_path: Path) -> None:
    options = ExportOptions(respondent=Respondent(token="AB12-CD34", council_id="cc-lille"))
    xform = _convert(_tiny("x"), tmp_path, options)
    binds = _binds(xform)
    assert binds["cc-token"]["calculate"] == "'AB12-CD34'"
    assert binds["cc-council"]["calculate"] == "'cc-lille'"
    assert "cc-commune" not in binds


@requires_java
@pytest.mark.slow
def test_odk_validate_accepts_every_type(tmp_path: Path) -> None:
    # ODK Validate (JavaRosa, shipped with pyxform) parses every expression.
    xform = _convert(ALL_TYPES, tmp_path, validate=True)
    assert "section-deux" in xform


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(questionnaires())
def test_random_questionnaires_convert(tmp_path: Path, questionnaire: Questionnaire) -> None:
    xform = _convert(questionnaire, tmp_path)
    names = {etree.QName(e).localname for e in _instance(xform).iter()}
    assert {q.id for q in questionnaire.questions()} <= names
    binds = _binds(xform)
    for question in questionnaire.questions():
        if question.condition is not None:
            assert binds.get(question.id, {}).get("relevant"), question.id


def test_standard_questionnaire_with_the_agglo_section(tmp_path: Path) -> None:
    import cc_agglo_exemple

    from conseils_citoyens import standard_questionnaire

    standard = standard_questionnaire()
    assembled = attrs.evolve(
        standard, sections=(*standard.sections, cc_agglo_exemple.LOCAL_SECTION)
    )
    xform = _convert(assembled, tmp_path)
    names = {etree.QName(e).localname for e in _instance(xform).iter()}
    assert {q.id for q in assembled.questions()} <= names
    binds = _binds(xform)
    paths = _element_paths(xform)
    assert _squash(binds["ae_table_utile"]["relevant"]) == _squash(
        f"{paths['ae_table_quartier']} = 'yes'"
    )
    assert "section-agglo_exemple" in names


@requires_java
@pytest.mark.slow
def test_odk_validate_accepts_the_standard_questionnaire(tmp_path: Path) -> None:
    from conseils_citoyens import standard_questionnaire

    xform = _convert(standard_questionnaire(), tmp_path, validate=True)
    assert "recensement-besoins-formation" in xform


def test_plugin_registers_the_exporter() -> None:
    with isolated_plugins(cc_xlsform, builtins=False) as host:
        exporter = host.exporters()["xlsform"]
        assert host.exporter_for_suffix(".xlsx") is exporter
        assert host.exporter_for_suffix(".XLSX") is exporter
    assert exporter.media_type == cc_xlsform.MEDIA_TYPE
    assert exporter.export is cc_xlsform.export_xlsform
    assert set(exporter.description) == {"fr", "en"}


@pytest.mark.parametrize(
    ("low", "high", "french"),
    [
        (None, 1, "Choisissez au plus 1 réponse."),
        (None, 3, "Choisissez au plus 3 réponses."),
        (1, None, "Choisissez au moins 1 réponse."),
        (2, None, "Choisissez au moins 2 réponses."),
    ],
)
def test_selection_message_agrees_with_its_number(
    low: int | None, high: int | None, french: str
) -> None:
    from conseils_citoyens import Choice, MultipleChoice, Text

    question = MultipleChoice(
        id="q",
        label=Text.of("Q"),
        choices=tuple(Choice(code=c, label=Text.of(c)) for c in "abcd"),
        min_selections=low,
        max_selections=high,
    )
    found = cc_xlsform._selections(question)
    assert found is not None
    assert found[1].get("fr") == french
