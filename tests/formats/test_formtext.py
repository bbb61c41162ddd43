"""The shared wording of forms: header, closing block (return, data protection), ranking."""

from __future__ import annotations

import attrs

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats import _formtext as formtext
from conseils_citoyens.formats.docx import export as word
from conseils_citoyens.formats.odt import layout as odt
from conseils_citoyens.survey.questionnaire.model import PrivacyNotice, ReturnInfo, Text
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

FILLED = PrivacyNotice(
    controller=Text.of("Ville de Roubaix, 17 Grand-Place"),
    purpose=Text.of("organiser des formations"),
    legal_basis=Text.of("mission d'intérêt public"),
    recipients=Text.of("l'équipe politique de la ville"),
    retention=Text.of("un an"),
    contact=Text.of("dpo@ville-roubaix.fr"),
)


def _texts(questionnaire: object, lang: str = "fr") -> list[str]:
    return [line.text for line in formtext.closing_lines(questionnaire, lang)]  # type: ignore[arg-type]


def test_missing_parts_tell_the_territory_what_to_fill_in() -> None:
    texts = _texts(standard_questionnaire())
    missing = [t for t in texts if "à compléter par le territoire" in t]
    fields = ("return_info.to", "return_info.place", "return_info.deadline", "privacy.controller")
    for field in fields:
        assert any(field in t for t in missing), field
    # the standard questionnaire says why it collects answers; rights have a default
    assert not any("privacy.purpose" in t for t in missing)
    assert any(t.startswith("Vos droits : vous pouvez demander") for t in texts)


def test_given_parts_are_printed_and_the_privacy_sentence_is_true() -> None:
    questionnaire = attrs.evolve(
        standard_questionnaire(),
        return_info=ReturnInfo(
            to=Text.of("Mme Martin, animatrice"),
            place=Text.of("la boîte aux lettres du centre social"),
            deadline="2026-05-01",
        ),
        privacy=FILLED,
    )
    texts = _texts(questionnaire)
    assert not [t for t in texts if "à compléter" in t]
    assert "Avant le : 1er mai 2026" in texts
    assert "Destinataires : l'équipe politique de la ville" in texts
    truth = next(t for t in texts if t.startswith("Les questionnaires remplis sont lus par"))
    assert f"au moins {formtext.REPORT_MIN_GROUP} personnes" in truth


def test_header_names_the_issuer_and_the_campaign() -> None:
    questionnaire = attrs.evolve(
        standard_questionnaire(), issuer=Text.of("Ville de Roubaix"), campaign=Text.of("2026")
    )
    assert formtext.header_lines(questionnaire, "fr") == [
        "Questionnaire proposé par Ville de Roubaix",
        "Campagne : 2026",
    ]
    for options in (ExportOptions(), ExportOptions(easy_read=True)):
        blocks = word.layout(questionnaire, options)
        texts = ["".join(p for p in b.parts if isinstance(p, str)) for b in blocks[:4]]  # type: ignore[union-attr]
        assert "Questionnaire proposé par Ville de Roubaix" in texts
        odt_texts = [b.static_text for b in odt.form_blocks(questionnaire, options)[:4]]  # type: ignore[union-attr]
        assert "Campagne : 2026" in odt_texts


def test_ranking_columns_and_instruction_in_plain_words() -> None:
    assert [formtext.rank_column(n, "fr") for n in (1, 2, 3)] == [
        "1er choix",
        "2e choix",
        "3e choix",
    ]
    instruction = formtext.ranking_instruction(3, "fr")
    assert "Un seul rang par choix" not in instruction
    assert "« 1er choix »" in instruction
    blocks = word.layout(standard_questionnaire(), ExportOptions())
    ranking = next(b for b in blocks if isinstance(b, word.Grid) and b.example is not None)
    assert ranking.header[1:] == ("1ᵉʳ choix", "2ᵉ choix", "3ᵉ choix")
    label, ticked = ranking.example
    assert label.startswith("Exemple")
    assert ticked == 0


def test_english_closing_block() -> None:
    texts = _texts(standard_questionnaire(), "en")
    assert "Thank you" in texts
    assert any(t.startswith("Data controller: [to be filled in by the territory") for t in texts)
