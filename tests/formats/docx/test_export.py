"""The Word form exporter: structure, accessibility for people, and real rendering."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.docx import (
    EXPORTER,
    IMPORTER,
    register_exporters,
    register_importers,
)
from conseils_citoyens.formats.docx.export import (
    PROP_COUNCIL,
    PROP_HASH,
    PROP_ID,
    PROP_TOKEN,
    PROP_VERSION,
    export_docx,
    layout,
    layout_slots,
)
from conseils_citoyens.formats.slots import form_slots, question_numbers
from conseils_citoyens.i18n import typeset
from conseils_citoyens.survey.questionnaire.model import Questionnaire, Respondent
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
from conseils_citoyens.testing import questionnaires
from tests.conftest import requires_soffice
from tests.docx_sample import SAMPLE
from tests.lo import convert

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W, "w14": W14}


def _export(questionnaire: Questionnaire = SAMPLE, **options: object) -> bytes:
    stream = io.BytesIO()
    export_docx(questionnaire, stream, ExportOptions(**options))  # type: ignore[arg-type]
    return stream.getvalue()


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def test_every_slot_is_a_control_with_its_tag_and_bookmark_in_slot_order() -> None:
    root = _part(_export(), "word/document.xml")
    slots = form_slots(SAMPLE)
    controls = [
        sdt
        for sdt in root.iter(f"{{{W}}}sdt")
        if sdt.find("w:sdtPr/w14:checkbox", NS) is not None
        or sdt.find("w:sdtPr/w:text", NS) is not None
    ]
    assert [c.find("w:sdtPr/w:tag", NS).get(f"{{{W}}}val") for c in controls] == [
        s.tag for s in slots
    ]
    bookmarks = [b.get(f"{{{W}}}name") for b in root.iter(f"{{{W}}}bookmarkStart")]
    assert bookmarks == [s.bookmark for s in slots]
    # each bookmark starts right before its control and ends right after it
    for control, slot in zip(controls, slots, strict=True):
        before, after = control.getprevious(), control.getnext()
        assert before.tag == f"{{{W}}}bookmarkStart"
        assert before.get(f"{{{W}}}name") == slot.bookmark
        assert after.tag == f"{{{W}}}bookmarkEnd"
        assert after.get(f"{{{W}}}id") == before.get(f"{{{W}}}id")


def test_checkboxes_are_word_checkbox_controls_with_box_glyphs() -> None:
    data = _export()
    root = _part(data, "word/document.xml")
    assert "w14" in root.get(f"{{{MC}}}Ignorable").split()
    boxes = root.findall(".//w14:checkbox", NS)
    assert len(boxes) == sum(1 for s in form_slots(SAMPLE) if s.kind.value == "check")
    for box in boxes:
        assert box.find("w14:checked", NS).get(f"{{{W14}}}val") == "0"
        checked = box.find("w14:checkedState", NS)
        unchecked = box.find("w14:uncheckedState", NS)
        assert (checked.get(f"{{{W14}}}val"), checked.get(f"{{{W14}}}font")) == (
            "2612",
            "MS Gothic",
        )
        assert unchecked.get(f"{{{W14}}}val") == "2610"
        sdt = box.getparent().getparent()
        assert "".join(sdt.find("w:sdtContent", NS).itertext()) == "☐"


def test_text_boxes_show_a_placeholder_and_long_text_is_multiline_on_ruled_lines() -> None:
    root = _part(_export(), "word/document.xml")
    texts = [sdt for sdt in root.iter(f"{{{W}}}sdt") if sdt.find("w:sdtPr/w:text", NS) is not None]
    assert texts
    for sdt in texts:
        assert sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None
        # the same words as the LibreOffice form, meaningful on paper as on screen
        assert "".join(sdt.find("w:sdtContent", NS).itertext()) == "Écrivez ici"
    comments = next(
        sdt for sdt in texts if sdt.find("w:sdtPr/w:tag", NS).get(f"{{{W}}}val") == "cc|comments"
    )
    assert comments.find("w:sdtPr/w:text", NS).get(f"{{{W}}}multiLine") == "1"
    table = comments.xpath("ancestor::w:tbl[1]", namespaces=NS)[0]
    rows = table.findall("w:tr", NS)
    assert len(rows) >= 4  # four lines of 1 cm to write by hand
    for row in rows:
        assert int(row.find("w:trPr/w:trHeight", NS).get(f"{{{W}}}val")) >= 567
    borders = table.find("w:tblPr/w:tblBorders", NS)
    assert borders.find("w:insideH", NS).get(f"{{{W}}}val") == "single"  # a rule under each
    assert borders.find("w:bottom", NS).get(f"{{{W}}}val") == "single"
    assert borders.find("w:left", NS).get(f"{{{W}}}val") == "nil"


def test_matrix_is_a_table_with_a_repeated_header_that_fits_a4() -> None:
    root = _part(_export(), "word/document.xml")
    tables = root.findall(".//w:tbl", NS)
    matrix = next(t for t in tables if "Lire un budget" in "".join(t.itertext()))
    rows = matrix.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert len(rows) == 1 + 3
    assert ["".join(c.itertext()) for c in rows[0].findall("w:tc", NS)][1:] == [
        "Pas du tout",
        "Un peu",
        "Assez",
        "Beaucoup",
    ]
    widths = [int(g.get(f"{{{W}}}w")) for g in matrix.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) <= 11906 - 2 * 1134  # A4 width minus 2 cm margins
    assert widths[0] > 2 * max(widths[1:])  # the topic column is the wide one
    for row in rows[1:]:
        assert len(row.findall(".//w14:checkbox", NS)) == 4


def test_document_is_a_good_document_for_people() -> None:
    data = _export()
    root = _part(data, "word/document.xml")
    styles = _part(data, "word/styles.xml")
    paragraphs = {
        "".join(p.itertext()): p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val")
        for p in root.iter(f"{{{W}}}p")
        if p.find("w:pPr/w:pStyle", NS) is not None
    }
    assert paragraphs["Recensement des besoins de formation"] == "Title"
    assert paragraphs["Votre profil"] == "Heading1"
    assert paragraphs["Vos besoins"] == "Heading1"
    numbers = question_numbers(SAMPLE)
    for question in SAMPLE.questions():
        assert f"{numbers[question.id]}. {typeset(question.label.fr)}" in paragraphs
    # routing instruction for the conditional question, in its own (italic, bold) style
    routing = "Répondez à cette question seulement si vous avez répondu «\u00a0Oui\u00a0» à la question 2."
    assert paragraphs[routing] == "CcRouting"
    help_style = styles.find(".//w:style[@w:styleId='CcHelp']", NS)
    assert help_style.find("w:rPr/w:i", NS) is None  # no italics: hard to read for many
    assert help_style.find("w:rPr/w:color", NS).get(f"{{{W}}}val") == "333333"  # near black
    # French, Arial 11 pt
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{{{W}}}val") == "fr-FR"
    normal = styles.find(".//w:style[@w:styleId='Normal']", NS)
    assert int(normal.find("w:rPr/w:sz", NS).get(f"{{{W}}}val")) >= 24  # 12 pt
    assert normal.find("w:rPr/w:lang", NS).get(f"{{{W}}}val") == "fr-FR"
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(f"{{{W}}}ascii") == "Arial"
    # A4 portrait, 2 cm margins
    section = root.find("w:body/w:sectPr", NS)
    size = section.find("w:pgSz", NS)
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("11906", "16838")
    assert section.find("w:pgMar", NS).get(f"{{{W}}}left") == "1134"
    # page numbers in the footer
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        footers = [n for n in archive.namelist() if re.fullmatch(r"word/footer\d*\.xml", n)]
        instr = " ".join(
            f.get(f"{{{W}}}instr")
            for name in footers
            for f in etree.fromstring(archive.read(name)).iter(f"{{{W}}}fldSimple")
        )
        core = archive.read("docProps/core.xml").decode()
    assert "PAGE" in instr
    assert "<dc:title>Recensement des besoins de formation</dc:title>" in core
    assert "<dc:language>fr-FR</dc:language>" in core


def test_identity_and_respondent_go_in_custom_properties_and_on_the_first_page() -> None:
    data = _export(respondent=Respondent(token="K7-42", council_id="cc-lille-3"))
    props = _part(data, "docProps/custom.xml")
    values = {p.get("name"): "".join(p.itertext()) for p in props}
    ref = questionnaire_ref(SAMPLE)
    assert values[PROP_ID] == ref.id
    assert values[PROP_VERSION] == ref.version
    assert values[PROP_HASH] == ref.hash
    assert values[PROP_TOKEN] == "K7-42"
    assert values[PROP_COUNCIL] == "cc-lille-3"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("_rels/.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert "relationships/custom-properties" in rels
    assert "custom-properties+xml" in types
    text = "".join(_part(data, "word/document.xml").itertext())
    assert "Code du formulaire\u00a0: K7-42" in text
    assert "cc-lille-3" in text
    anonymous = _part(_export(), "docProps/custom.xml")
    assert PROP_TOKEN not in {p.get("name") for p in anonymous}


def test_english_wording() -> None:
    text = "".join(_part(_export(lang="en"), "word/document.xml").itertext())
    assert "Training needs survey" in text
    assert "Tick one box only." in text
    assert "Write here" in text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questionnaires())
def test_layout_places_fields_in_slot_order(questionnaire: Questionnaire) -> None:
    blocks = layout(questionnaire, ExportOptions())
    assert layout_slots(blocks) == list(form_slots(questionnaire))


def test_standard_questionnaire_exports() -> None:
    questionnaire = standard_questionnaire()
    root = _part(_export(questionnaire), "word/document.xml")
    assert len(root.findall(".//w:bookmarkStart", NS)) == len(form_slots(questionnaire))


def test_plugin_hooks_register_the_exporter_and_importer() -> None:
    exporters: list[object] = []
    importers: list[object] = []
    register_exporters(exporters.append)
    register_importers(importers.append)
    assert exporters == [EXPORTER]
    assert importers == [IMPORTER]
    stream = io.BytesIO()
    EXPORTER.export(SAMPLE, stream, ExportOptions())
    assert zipfile.is_zipfile(stream)


@requires_soffice
@pytest.mark.soffice
def test_libreoffice_renders_every_question(tmp_path: Path) -> None:
    questionnaire = standard_questionnaire()
    source = tmp_path / "formulaire.docx"
    source.write_bytes(_export(questionnaire))
    pdf = convert(source, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) >= 2
    # no pdftotext here: LibreOffice's own text export gives the rendered text
    text = convert(source, "txt:Text (encoded):UTF8", tmp_path / "txt").read_text("utf-8-sig")
    flat = " ".join(text.split())
    numbers = question_numbers(questionnaire)
    for question in questionnaire.questions():
        assert " ".join(f"{numbers[question.id]}. {typeset(question.label.fr)}".split()) in flat
    boxes = sum(1 for s in form_slots(questionnaire) if s.kind.value == "check")
    assert flat.count("☐") == boxes + 2  # + the example line of the ranking
    assert flat.count("☒") == 1


def _widest_header_word(table: etree._Element) -> float:
    from conseils_citoyens.formats._textwidth import widest_word_cm

    first_row = table.find("w:tr", NS)
    headers = ["".join(tc.itertext()) for tc in first_row.findall("w:tc", NS)[1:]]
    return widest_word_cm(headers, 10)


def test_table_columns_fill_the_text_width_and_no_header_word_breaks() -> None:
    from conseils_citoyens.formats.docx._oxml import CELL_MARGIN_CM, TEXT_WIDTH, TWIPS_PER_CM

    root = _part(_export(standard_questionnaire()), "word/document.xml")
    tables = root.findall(".//w:tbl", NS)
    assert tables
    matrix = next(t for t in tables if "Prioritaire" in "".join(t.itertext()))
    for table in tables:
        assert table.find("w:tblPr/w:tblLayout", NS).get(f"{{{W}}}type") == "fixed"
        grid = [int(col.get(f"{{{W}}}w")) for col in table.findall("w:tblGrid/w:gridCol", NS)]
        assert sum(grid) == TEXT_WIDTH  # 17 cm: A4 portrait, 2 cm margins
        for row in table.findall("w:tr", NS):
            cells = [
                int(tc.find("w:tcPr/w:tcW", NS).get(f"{{{W}}}w")) for tc in row.findall("w:tc", NS)
            ]
            assert cells == grid  # Word and LibreOffice read the same widths
    grid = [int(col.get(f"{{{W}}}w")) for col in matrix.findall("w:tblGrid/w:gridCol", NS)]
    level_cm = grid[1] / TWIPS_PER_CM
    assert len(grid) == 6
    assert len(set(grid[1:])) == 1
    assert level_cm - 2 * CELL_MARGIN_CM >= _widest_header_word(matrix)  # « Prioritaire » whole
    assert 2.1 <= level_cm <= 2.5
    assert grid[0] > 2 * grid[1]  # the topics keep most of the width


def test_required_questions_say_so_in_words() -> None:
    questionnaire = standard_questionnaire()
    text = "".join(_part(_export(questionnaire), "word/document.xml").itertext())
    numbers = question_numbers(questionnaire)
    required = [q for q in questionnaire.questions() if q.required]
    assert required  # the needs matrix
    for question in questionnaire.questions():
        heading = f"{numbers[question.id]}. {typeset(question.label.fr)}"
        if question.required:
            assert f"{heading} (réponse obligatoire)" in text
        else:
            assert f"{heading} (réponse obligatoire)" not in text


def test_placeholders_are_the_only_grey_and_filled_answers_lose_it(tmp_path: Path) -> None:
    from conseils_citoyens.formats.docx.fill import fill_docx

    root = _part(_export(), "word/document.xml")
    greys = {c.get(f"{{{W}}}val") for c in root.iter(f"{{{W}}}color")}
    assert greys == {"767676"}  # set directly on « Écrivez ici » (LibreOffice ignores the style)
    blank = tmp_path / "vierge.docx"
    blank.write_bytes(_export())
    filled = tmp_path / "rempli.docx"
    text_question = next(q for q in SAMPLE.questions() if q.type.value == "short_text")
    fill_docx(blank, {text_question.id: "Mon conseil"}, filled, questionnaire=SAMPLE)
    root = _part(filled.read_bytes(), "word/document.xml")
    run = next(t for t in root.iter(f"{{{W}}}t") if t.text == "Mon conseil").getparent()
    assert run.find("w:rPr/w:color", NS) is None
    assert run.find("w:rPr/w:rStyle", NS) is None


@pytest.mark.parametrize("easy_read", [False, True])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_return_instructions_and_the_notice_are_each_kept_in_one_piece(
    easy_read: bool, lang: str
) -> None:
    """Its heading and paragraphs each keep with the next (w:keepNext), and no paragraph
    splits (w:keepLines): the notice prints on one page (checked on LibreOffice's print in
    test_paper_forms)."""
    data = _export(lang=lang, easy_read=easy_read)
    styles = {
        style.get(f"{{{W}}}styleId"): style
        for style in _part(data, "word/styles.xml").iterfind("w:style", NS)
    }

    def has(paragraph: etree._Element, tag: str) -> bool:
        """The paragraph sets ``tag``, directly or through its style and the styles above."""
        if paragraph.find(f"w:pPr/w:{tag}", NS) is not None:
            return True
        name = paragraph.find("w:pPr/w:pStyle", NS)
        style_id = name.get(f"{{{W}}}val") if name is not None else None
        while style_id in styles:
            style = styles[style_id]
            if style.find(f"w:pPr/w:{tag}", NS) is not None:
                return True
            based = style.find("w:basedOn", NS)
            style_id = based.get(f"{{{W}}}val") if based is not None else None
        return False

    body = _part(data, "word/document.xml").find("w:body", NS)
    assert body is not None
    paragraphs = body.findall("w:p", NS)
    texts = ["".join(p.itertext()) for p in paragraphs]
    title = "Vos données personnelles" if lang == "fr" else "Your personal data"
    notice = paragraphs[texts.index(title) :]
    assert len(notice) >= 8
    assert all(has(p, "keepNext") for p in notice[:-1])
    assert all(has(p, "keepLines") for p in notice[1:])
    # so are the instructions to return the form, just before
    from conseils_citoyens.formats._formtext import words

    returning = paragraphs[texts.index(words(lang)["return_title"]) : texts.index(title)]
    assert len(returning) >= 4
    assert all(has(p, "keepNext") for p in returning[:-1])
