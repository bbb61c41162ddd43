"""Forms judged on LibreOffice's PDF, as a person holding a pen sees them.

Every question stays on one page with all its choices and row labels (a long
matrix is cut into tables, each under the repeated question), and so does the
data-protection notice, heading and paragraphs; boxes are 4.5 mm
squares at least with a dark outline; body text is 12 pt (14 pt on the
easy-read form); placeholders are grey and typed answers are not.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterator
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


#: name: (questionnaire, easy read, language)
VARIANTS = {
    "standard": (_standard, False, "fr"),
    "overlaid": (_overlaid, False, "fr"),
    "easy-read": (_standard, True, "fr"),
    "english": (_standard, False, "en"),
    "english-easy-read": (_standard, True, "en"),
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
    make, easy, lang = VARIANTS[variant]
    source = folder / f"{variant}.{fmt}"
    source.write_bytes(_export(make(), fmt, ExportOptions(lang=lang, easy_read=easy)))
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


def _finder(pages: list[str], form: str) -> Callable[[str], int]:
    """A function giving the page (0-based) of each text looked for, in reading order."""
    page, position = 0, 0

    def find(wanted: str) -> int:
        nonlocal page, position
        while page < len(pages):
            found = pages[page].find(wanted, position)
            if found >= 0:
                position = found + len(wanted)
                return page
            page, position = page + 1, 0
        raise AssertionError(f"{form}: « {wanted} » not found in order")

    return find


def _sequence(
    questionnaire: Questionnaire, fmt: str, easy: bool, lang: str
) -> list[tuple[str, str]]:
    """What the form prints, in order: ("heading", text) for a question or a topic of the
    easy-read form (and a continued question), ("item", text) for a choice or row label."""
    options = ExportOptions(lang=lang, easy_read=easy)
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


#: LibreOffice 7.4 lays this Word form out with question 3 split: « Less than a year » at the
#: foot of page 1, the other choices on page 2, though every choice but the last keeps with
#: the next (w:keepNext; without the checkbox controls it splits too). The .odt forms work
#: around this LibreOffice fault with a one-cell table per list of choices; the Word form
#: does not yet. Strict: fixing it fails this mark.
_LIBREOFFICE_SPLITS = pytest.mark.xfail(
    strict=True, reason="LibreOffice 7.4 ignores w:keepNext along this list of choices"
)


@pytest.mark.parametrize(
    ("variant", "fmt"),
    [
        pytest.param(
            variant,
            fmt,
            marks=[_LIBREOFFICE_SPLITS] if (variant, fmt) == ("english-easy-read", "docx") else [],
        )
        for variant in VARIANTS
        for fmt in ("docx", "odt")
    ],
)
def test_every_question_is_on_one_page_with_all_its_choices(
    pdfs: object, variant: str, fmt: str
) -> None:
    make, easy, lang = VARIANTS[variant]
    pages = page_texts(pdfs(variant, fmt))  # type: ignore[operator]
    sequence = _sequence(make(), fmt, easy, lang)
    assert sum(1 for kind, _ in sequence if kind == "item") > 20
    find = _finder(pages, f"{variant} {fmt}")
    heading_page, heading = -1, ""
    split: list[str] = []
    for kind, text in sequence:
        wanted = _prefix(text)
        page = find(wanted)
        if kind == "heading":
            heading_page, heading = page, wanted
        elif page != heading_page:
            split.append(f"« {wanted} » (page {page + 1}) away from « {heading} »")
    assert split == []


@pytest.mark.parametrize("fmt", ["docx", "odt"])
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_the_data_protection_notice_is_on_one_page(pdfs: object, variant: str, fmt: str) -> None:
    """Heading and every paragraph of « Vos données personnelles » on one page, read in one
    piece (it used to start at the foot of page 6 and end alone at the top of page 7); so are
    the instructions to return the form (« Rendre le questionnaire »)."""
    from conseils_citoyens.formats._formtext import closing_lines, words
    from conseils_citoyens.i18n import typeset

    make, easy, lang = VARIANTS[variant]
    pages = page_texts(pdfs(variant, fmt))  # type: ignore[operator]
    lines = [typeset(line.text, lang) for line in closing_lines(make(), lang, easy_read=easy)]
    start = lines.index(typeset(words(lang)["privacy_title"], lang))
    notice = lines[start:]
    returning = lines[lines.index(typeset(words(lang)["return_title"], lang)) : start]
    assert len(notice) >= 8  # the heading, who reads the forms, controller… contact
    assert len(returning) >= 4  # the heading, to whom, where, by when
    find = _finder(pages, f"{variant} {fmt}")
    on: dict[str, set[int]] = {}
    for block, name in ((returning, "return"), (notice, "notice")):
        where: dict[str, set[int]] = {}
        for text in block:
            # the first and last words of each paragraph: a paragraph split at a page foot shows
            words_ = _flat(text).split()
            ends = [words_[:6], words_[max(6, len(words_) - 6) :]]
            for wanted in (" ".join(end) for end in ends if end):
                where.setdefault(_prefix(text, 4), set()).add(find(wanted) + 1)
        on[name] = set().union(*where.values())
        assert len(on[name]) == 1, f"{variant} {fmt}: {name} pages {where}"
    assert on["notice"] == {len(pages)}  # the notice ends the form


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
