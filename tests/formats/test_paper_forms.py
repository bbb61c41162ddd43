"""Forms judged on LibreOffice's PDF, as a person holding a pen sees them.

Every question stays on one page with all its choices and row labels (a long
matrix is cut into tables, each under the repeated question); boxes are 4.5 mm
squares at least with a dark outline; body text is 12 pt (14 pt on the
easy-read form); placeholders are grey and typed answers are not.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.survey.questionnaire.model import Questionnaire
from tests.conftest import requires_soffice
from tests.lo import convert

pytest.importorskip("pypdfium2")

from tests.pdf_pages import glyphs, page_texts, text_colors, text_sizes

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [requires_soffice, pytest.mark.soffice]


def _standard() -> Questionnaire:
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    return standard_questionnaire()


def _overlaid() -> Questionnaire:
    from conseils_citoyens.survey.questionnaire.overlay import apply_overlay, load_overlay

    return apply_overlay(_standard(), load_overlay(ROOT / "examples" / "adaptation-locale.json"))


VARIANTS = {
    "standard": (_standard, False),
    "overlaid": (_overlaid, False),
    "easy-read": (_standard, True),
}


def _export(questionnaire: Questionnaire, fmt: str, options: ExportOptions) -> bytes:
    stream = io.BytesIO()
    if fmt == "docx":
        from conseils_citoyens.formats.docx.export import export_docx

        export_docx(questionnaire, stream, options)
    else:
        from conseils_citoyens.formats.odt.export import export_odt

        export_odt(questionnaire, stream, options)
    return stream.getvalue()


@functools.cache
def _pdf(variant: str, fmt: str, folder: Path) -> Path:
    make, easy = VARIANTS[variant]
    source = folder / f"{variant}.{fmt}"
    source.write_bytes(_export(make(), fmt, ExportOptions(easy_read=easy)))
    return convert(source, "pdf", folder / f"pdf-{fmt}")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    folder = tmp_path_factory.mktemp("paper")
    yield lambda variant, fmt: _pdf(variant, fmt, folder)
    _pdf.cache_clear()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _prefix(text: str, words: int = 6) -> str:
    return " ".join(_flat(text).split()[:words])


def _sequence(questionnaire: Questionnaire, fmt: str, easy: bool) -> list[tuple[str, str]]:
    """What the form prints, in order: ("heading", text) for a question or a topic of the
    easy-read form (and a continued question), ("item", text) for a choice or row label."""
    options = ExportOptions(easy_read=easy)
    out: list[tuple[str, str]] = []
    if fmt == "docx":
        from conseils_citoyens.formats.docx import export as word

        for block in word.layout(questionnaire, options):
            if isinstance(block, word.Para):
                text = "".join(p for p in block.parts if isinstance(p, str))
                if block.style in (word.QUESTION, word.TOPIC):
                    out.append(("heading", text))
                elif block.style == word.CHOICE:  # a choice, or a row of levels
                    out.extend(("item", p) for p in block.parts if isinstance(p, str) and _flat(p))
            elif isinstance(block, word.Grid):
                out.extend(("item", label) for label, _ in block.rows)
    else:
        from conseils_citoyens.formats.odt import layout as odt

        for block in odt.form_blocks(questionnaire, options):
            if isinstance(block, odt.Para):
                text = block.static_text
                if block.style in (odt.STYLE_HEADING[2], odt.STYLE_HEADING[3]):
                    out.append(("heading", text))
                elif block.style in (odt.STYLE_CHOICE, odt.STYLE_CHOICE_KEEP):
                    out.extend(
                        ("item", i) for i in block.inlines if isinstance(i, str) and _flat(i)
                    )
            else:
                out.extend(("item", row[0].static_text) for row in block.rows)
    return out


@pytest.mark.parametrize("fmt", ["docx", "odt"])
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_question_is_on_one_page_with_all_its_choices(
    pdfs: object, variant: str, fmt: str
) -> None:
    make, easy = VARIANTS[variant]
    pages = page_texts(pdfs(variant, fmt))  # type: ignore[operator]
    sequence = _sequence(make(), fmt, easy)
    assert sum(1 for kind, _ in sequence if kind == "item") > 20
    page, position = 0, 0
    heading_page, heading = -1, ""
    split: list[str] = []
    for kind, text in sequence:
        wanted = _prefix(text)
        while page < len(pages):
            found = pages[page].find(wanted, position)
            if found >= 0:
                position = found + len(wanted)
                break
            page, position = page + 1, 0
        assert page < len(pages), f"{variant} {fmt}: « {wanted} » not found in order"
        if kind == "heading":
            heading_page, heading = page, wanted
        elif page != heading_page:
            split.append(f"« {wanted} » (page {page + 1}) away from « {heading} »")
    assert split == []


@pytest.mark.parametrize("fmt", ["docx", "odt"])
@pytest.mark.parametrize(("variant", "least_mm"), [("standard", 4.5), ("easy-read", 6.5)])
def test_boxes_are_big_squares_with_a_dark_outline(
    pdfs: object, variant: str, least_mm: float, fmt: str
) -> None:
    import pypdfium2 as pdfium

    pdf = pdfs(variant, fmt)  # type: ignore[operator]
    boxes = list(glyphs(pdf, "☐☒"))
    assert len(boxes) > 40
    for box in boxes:
        assert box.width_mm >= least_mm, box
        assert box.height_mm >= least_mm, box
        assert abs(box.width_mm - box.height_mm) < 0.5  # a square
    # the outline: every side of a box is drawn dark on the printed page (300 dpi)
    document = pdfium.PdfDocument(str(pdf))
    scale = 300 / 72
    try:
        page = document[0]
        bitmap = page.render(scale=scale, grayscale=True)
        pixels, stride = bitmap.buffer, bitmap.stride
        height_pt = page.get_height()
        px_per_mm = 72 / 25.4 * scale
        for box in [b for b in boxes if b.page == 1][:5]:
            left, right = round(box.left * px_per_mm), round(box.right * px_per_mm)
            top = round((height_pt - box.top * 72 / 25.4) * scale)
            bottom = round((height_pt - box.bottom * 72 / 25.4) * scale)

            def darkest(xs: range, ys: range) -> int:
                return min(pixels[y * stride + x] for x in xs for y in ys)

            sides = {
                "left": [
                    darkest(range(left, left + 4), range(y, y + 1)) for y in range(top, bottom)
                ],
                "right": [
                    darkest(range(right - 4, right), range(y, y + 1)) for y in range(top, bottom)
                ],
                "top": [darkest(range(x, x + 1), range(top, top + 4)) for x in range(left, right)],
                "bottom": [
                    darkest(range(x, x + 1), range(bottom - 4, bottom)) for x in range(left, right)
                ],
            }
            for side, values in sides.items():
                dark = sum(1 for value in values if value < 100)
                assert dark >= 0.8 * len(values), (side, box)
    finally:
        document.close()


@pytest.mark.parametrize("fmt", ["docx", "odt"])
@pytest.mark.parametrize(("variant", "body_pt"), [("standard", 12), ("easy-read", 14)])
def test_body_text_is_large_and_help_is_readable(
    pdfs: object, variant: str, body_pt: float, fmt: str
) -> None:
    pdf = pdfs(variant, fmt)  # type: ignore[operator]
    choice = "Je ne sais pas"
    assert min(text_sizes(pdf, choice)) >= body_pt - 0.1
    if fmt == "odt":
        # « Écrivez ici » in the instructions is help text; in the fields it is grey. (A Word
        # form's plain-text controls become input fields in LibreOffice 7.4, printed in the
        # paragraph's colour: there only Word shows the grey, checked on the XML elsewhere.)
        assert (0x76, 0x76, 0x76) in text_colors(pdf, "Écrivez ici")
    help_colors = text_colors(pdf, "Cochez")
    assert help_colors
    assert all(max(color) <= 0x33 for color in help_colors)  # near black, not pale grey


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_typed_answers_print_in_the_text_colour(tmp_path: Path, fmt: str) -> None:
    from conseils_citoyens.survey.workflow import fill_form

    questionnaire = _standard()
    form = tmp_path / f"form.{fmt}"
    form.write_bytes(_export(questionnaire, fmt, ExportOptions()))
    filled = tmp_path / f"filled.{fmt}"
    fill_form(
        form,
        {"conseil": "Conseil du Pile", "commentaires": "Merci pour la formation"},
        filled,
        questionnaire=questionnaire,
    )
    pdf = convert(filled, "pdf", tmp_path / "pdf")
    assert text_colors(pdf, "Conseil du Pile") == [(0, 0, 0)]
    assert text_colors(pdf, "Merci pour la formation") == [(0, 0, 0)]
