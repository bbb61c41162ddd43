"""The .odt form: structure, accessibility facts, and what LibreOffice makes of it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.odt import EXPORTER, register_exporters
from conseils_citoyens.formats.slots import SlotKind, form_slots
from conseils_citoyens.i18n import typeset
from conseils_citoyens.survey.questionnaire.model import Questionnaire, Ranking, Respondent
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from tests.conftest import requires_soffice
from tests.lo import convert
from tests.odt_helpers import SAMPLE, exported, part

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
}


def _xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(part(data, name))


def test_headings_use_outline_styles_and_questions_are_numbered() -> None:
    content = _xml(exported(), "content.xml")
    h1 = content.findall(".//text:h[@text:outline-level='1']", NS)
    h2 = content.findall(".//text:h[@text:outline-level='2']", NS)
    assert [h.get(f"{{{NS['text']}}}style-name") for h in h1] == ["Heading_20_1"] * 5
    assert ["".join(h.itertext()) for h in h1] == [
        "Vous et le conseil",
        "Précisions",
        "Merci",  # the closing block: thanks, how to return the form, personal data
        "Rendre le questionnaire",
        "Vos données personnelles",
    ]
    labels = ["".join(h.itertext()) for h in h2]
    assert labels[0] == "1. Votre collège (réponse obligatoire)"
    assert labels[-1] == "9. Remarques"
    assert len(labels) == 9


def test_every_slot_has_a_bookmark_around_a_content_control() -> None:
    content = _xml(exported(), "content.xml")
    starts = [
        b.get(f"{{{NS['text']}}}name") for b in content.iterfind(".//text:bookmark-start", NS)
    ]
    slots = form_slots(SAMPLE)
    assert starts == [slot.bookmark for slot in slots]
    controls = content.findall(".//loext:content-control", NS)
    assert len(controls) == len(slots)
    for slot, control in zip(slots, controls, strict=True):
        if slot.kind is SlotKind.CHECK:
            assert control.get(f"{{{NS['loext']}}}checkbox") == "true"
            assert control.get(f"{{{NS['loext']}}}checked") == "false"
            assert "".join(control.itertext()) == "☐"
        else:
            assert control.get(f"{{{NS['loext']}}}showing-place-holder") == "true"


def test_routing_help_and_matrix_header_are_present() -> None:
    content = _xml(exported(), "content.xml")
    paragraphs = ["".join(p.itertext()) for p in content.iterfind(".//text:p", NS)]
    assert "Le collège auquel vous appartenez." in paragraphs
    assert any("question 3" in p for p in paragraphs), paragraphs
    # the tables of boxes (lists of choices sit in borderless one-cell tables: « ccChoices »)
    tables = content.findall(".//table:table[@table:style-name='ccTable']", NS)
    assert len(tables) == 2
    for table in tables:
        header = table.find("table:table-header-rows/table:table-row", NS)
        assert header is not None
    header_text = [
        "".join(c.itertext()) for c in tables[0].find("table:table-header-rows/table:table-row", NS)
    ]
    assert header_text == ["Sujet", "Aucun", "Fort"]


def test_language_title_fonts_footer_and_identity() -> None:
    data = exported(SAMPLE, ExportOptions(respondent=Respondent(token="T-42", council_id="CC-1")))
    styles = _xml(data, "styles.xml")
    default = styles.find(
        ".//style:default-style[@style:family='paragraph']/style:text-properties", NS
    )
    assert default is not None
    assert default.get(f"{{{NS['fo']}}}language") == "fr"
    assert default.get(f"{{{NS['fo']}}}country") == "FR"
    sizes = [
        float(v.get(f"{{{NS['fo']}}}font-size").rstrip("pt"))
        for v in styles.iterfind(".//style:text-properties[@fo:font-size]", NS)
    ]
    assert sizes
    assert min(sizes) >= 11
    footer = styles.find(".//style:master-page/style:footer", NS)
    assert footer is not None
    assert footer.find(".//text:page-number", NS) is not None
    meta = _xml(data, "meta.xml")
    assert meta.findtext(".//dc:title", namespaces=NS) == "Recensement des besoins de formation"
    props = {
        e.get(f"{{{NS['meta']}}}name"): e.text for e in meta.iterfind(".//meta:user-defined", NS)
    }
    ref = questionnaire_ref(SAMPLE)
    assert props == {
        "cc_questionnaire_id": ref.id,
        "cc_questionnaire_version": ref.version,
        "cc_questionnaire_hash": ref.hash,
        "cc_respondent_token": "T-42",
        "cc_council_id": "CC-1",
    }
    paragraphs = [
        "".join(p.itertext()) for p in _xml(data, "content.xml").iterfind(".//text:p", NS)
    ]
    assert "Code du formulaire\u00a0: T-42" in paragraphs


def test_english_wording() -> None:
    content = _xml(exported(SAMPLE, ExportOptions(lang="en")), "content.xml")
    paragraphs = ["".join(p.itertext()) for p in content.iterfind(".//text:p", NS)]
    assert "Tick one box only." in paragraphs
    assert (
        _xml(exported(SAMPLE, ExportOptions(lang="en")), "meta.xml").findtext(
            ".//dc:title", namespaces=NS
        )
        == "Training needs survey"
    )


def test_package_starts_with_an_uncompressed_mimetype() -> None:
    import io

    with zipfile.ZipFile(io.BytesIO(exported())) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"


def test_the_exporter_is_registered_by_the_hook() -> None:
    registered = []
    register_exporters(registered.append)
    assert registered == [EXPORTER]
    assert EXPORTER.suffixes == (".odt",)


@requires_soffice
def test_libreoffice_prints_every_label(tmp_path: Path) -> None:
    form = tmp_path / "form.odt"
    form.write_bytes(exported())
    text = convert(form, "txt:Text", tmp_path / "txt").read_text(encoding="utf-8-sig")
    for question in SAMPLE.questions():
        assert typeset(question.label.fr) in text
    for label in (
        "Habitants",
        "Acteurs locaux",
        "En soirée",
        "Politique de la ville",
        "Fort",
        "2ᵉ choix",
        "Oui",
        "Non",
    ):
        assert label in text
    boxes = sum(1 for s in form_slots(SAMPLE) if s.kind is SlotKind.CHECK)
    # + the example line of the ranking: one ticked box, the others empty
    ranking = next(q for q in SAMPLE.questions() if isinstance(q, Ranking))
    assert text.count("☐") == boxes + ranking.top - 1
    assert text.count("☒") == 1
    pdf = convert(form, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


@requires_soffice
def test_libreoffice_saves_the_checkboxes_as_word_checkboxes(tmp_path: Path) -> None:
    form = tmp_path / "form.odt"
    form.write_bytes(exported())
    docx = convert(form, "docx", tmp_path / "docx")
    with zipfile.ZipFile(docx) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        custom = archive.read("docProps/custom.xml").decode()
    boxes = document.findall(".//w14:checkbox", NS)
    assert len(boxes) == sum(1 for s in form_slots(SAMPLE) if s.kind is SlotKind.CHECK)
    names = [b.get(f"{{{NS['w']}}}name") for b in document.iterfind(".//w:bookmarkStart", NS)]
    assert [n for n in names if n.startswith("cc")] == [s.bookmark for s in form_slots(SAMPLE)]
    assert questionnaire_ref(SAMPLE).hash in custom


def test_markup_and_control_characters_in_labels_are_escaped() -> None:
    import attrs

    from conseils_citoyens.survey.questionnaire.model import Text

    section = SAMPLE.sections[0]
    odd = attrs.evolve(
        section.questions[2], label=Text.of('Vous & « nous » <b>gras</b> "cité"\x01\x0b')
    )
    questionnaire = attrs.evolve(
        SAMPLE,
        sections=(attrs.evolve(section, questions=(odd,)),),
    )
    content = _xml(exported(questionnaire), "content.xml")
    labels = ["".join(h.itertext()) for h in content.iterfind(".//text:h", NS)]
    assert '1. Vous & «\u00a0nous\u00a0» <b>gras</b> "cité"' in labels


def test_the_benchmark_reports_every_row() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_odt", Path(__file__).resolve().parents[3] / "bench" / "bench_odt.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.run(quick=True)
    assert [row["operation"] for row in rows] == [
        "odt export, standard questionnaire",
        "odt import, one filled form",
    ]
    for row in rows:
        assert set(row) == {"operation", "ours_s", "baseline_s", "ratio", "target", "ok", "note"}
        assert row["ours_s"] > 0


def test_importing_the_format_loads_neither_odfpy_nor_lxml() -> None:
    import subprocess
    import sys

    code = (
        "import sys, conseils_citoyens.formats.odt as m; "
        "print(any(n == 'odf' or n.startswith(('odf.', 'lxml')) for n in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def _columns(table: etree._Element, styles: dict[str, etree._Element]) -> list[float]:
    widths = []
    for column in table.iter(f"{{{TABLE}}}table-column"):
        props = styles[column.get(f"{{{TABLE}}}style-name")]
        width = props.get(f"{{{STYLE}}}column-width")
        assert width.endswith("cm")
        assert props.get(f"{{{STYLE}}}rel-column-width").endswith("*")
        repeat = int(column.get(f"{{{TABLE}}}number-columns-repeated", "1"))
        widths.extend([float(width[:-2])] * repeat)
    return widths


def test_matrix_topic_column_is_wide_and_no_header_word_breaks() -> None:
    from conseils_citoyens.formats._textwidth import widest_word_cm
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    root = etree.fromstring(part(exported(standard_questionnaire()), "content.xml"))
    styles = {
        style.get(f"{{{STYLE}}}name"): style.find(f"{{{STYLE}}}table-column-properties")
        for style in root.iter(f"{{{STYLE}}}style")
        if style.get(f"{{{STYLE}}}family") == "table-column"
    }
    tables = [
        t for t in root.iter(f"{{{TABLE}}}table") if t.get(f"{{{TABLE}}}style-name") == "ccTable"
    ]
    # the needs matrix (18 rows), cut in three tables that each fit a page, and the ranking
    assert len(tables) == 4
    for table in tables:
        widths = _columns(table, styles)
        assert sum(widths) == pytest.approx(17, abs=0.02)
        assert all(widths[0] > level for level in widths[1:])
        header = next(table.iter(f"{{{TABLE}}}table-row"))
        words = ["".join(cell.itertext()) for cell in header][1:]
        assert table.find(f"{{{TABLE}}}table-header-rows") is not None  # repeated, announced
        assert len(words) == len(widths) - 1
        # 0.1 cm padding on each side of a cell, headers in 11 pt bold
        assert min(widths[1:]) - 0.2 >= widest_word_cm(words, 11)
    matrix = _columns(tables[0], styles)
    assert len(matrix) == 6
    assert matrix[0] >= 6


def test_both_forms_say_the_same_things_in_the_same_order() -> None:
    """The Word and LibreOffice forms print the same texts: instructions, routing, numbers."""
    from conseils_citoyens.formats.docx import export as word
    from conseils_citoyens.formats.odt import layout as odt
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    def word_texts(questionnaire: Questionnaire, options: ExportOptions) -> list[str]:
        texts: list[str] = []
        for block in word.layout(questionnaire, options):
            if isinstance(block, word.Para):
                texts.append(" ".join(p for p in block.parts if isinstance(p, str)))
            elif isinstance(block, word.Grid):
                texts.extend(block.header)
                texts.extend(label for label, _ in block.rows)
        return [t for t in map(odt.normalise, texts) if t]

    def odt_texts(questionnaire: Questionnaire, options: ExportOptions) -> list[str]:
        texts: list[str] = []
        for block in odt.form_blocks(questionnaire, options):
            if isinstance(block, odt.Para):
                texts.append(block.static_text)
            else:
                texts.extend(para.static_text for para in block.header)
                texts.extend(row[0].static_text for row in block.rows)
        return [t for t in texts if t]

    for questionnaire in (standard_questionnaire(), SAMPLE):
        for lang in ("fr", "en"):
            options = ExportOptions(
                lang=lang, respondent=Respondent(token="r01", council_id="cc-test")
            )
            texts = odt_texts(questionnaire, options)
            assert word_texts(questionnaire, options) == texts
            required = "(réponse obligatoire)" if lang == "fr" else "(answer required)"
            assert any(text.endswith(required) for text in texts)


def _paragraph_property(
    styles: dict[str, etree._Element], name: str | None, attribute: str
) -> str | None:
    """A paragraph property of a style, through its parents (None when nowhere set)."""
    while name is not None and name in styles:
        props = styles[name].find("style:paragraph-properties", NS)
        if props is not None and props.get(f"{{{NS['fo']}}}{attribute}") is not None:
            return props.get(f"{{{NS['fo']}}}{attribute}")
        name = styles[name].get(f"{{{STYLE}}}parent-style-name")
    return None


@pytest.mark.parametrize("easy_read", [False, True])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_return_instructions_and_the_notice_are_each_kept_in_one_piece(
    easy_read: bool, lang: str
) -> None:
    """Its heading and paragraphs each keep with the next, and no paragraph splits: the
    notice prints on one page (checked on LibreOffice's print in test_paper_forms)."""
    data = exported(SAMPLE, ExportOptions(lang=lang, easy_read=easy_read))
    styles = {
        style.get(f"{{{STYLE}}}name"): style
        for root in (_xml(data, "styles.xml"), _xml(data, "content.xml"))
        for style in root.iter(f"{{{STYLE}}}style")
        if style.get(f"{{{STYLE}}}family") == "paragraph"
    }
    body = _xml(data, "content.xml").find(
        ".//{urn:oasis:names:tc:opendocument:xmlns:office:1.0}text"
    )
    assert body is not None
    paragraphs = [p for p in body if p.tag in (f"{{{NS['text']}}}p", f"{{{NS['text']}}}h")]
    texts = ["".join(p.itertext()) for p in paragraphs]
    title = "Vos données personnelles" if lang == "fr" else "Your personal data"
    notice = paragraphs[texts.index(title) :]
    assert len(notice) >= 8
    style_of = [p.get(f"{{{NS['text']}}}style-name") for p in notice]
    assert [_paragraph_property(styles, s, "keep-with-next") for s in style_of[:-1]] == [
        "always"
    ] * (len(notice) - 1)
    assert all(_paragraph_property(styles, s, "keep-together") == "always" for s in style_of[1:])
    # so are the instructions to return the form, just before
    from conseils_citoyens.formats._formtext import words

    returning = paragraphs[texts.index(words(lang)["return_title"]) : texts.index(title)]
    assert len(returning) >= 4
    assert all(
        _paragraph_property(styles, p.get(f"{{{NS['text']}}}style-name"), "keep-with-next")
        == "always"
        for p in returning[:-1]
    )
