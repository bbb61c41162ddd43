"""Synthetic scans of the printed forms: every box read right, or handed to a person.

The scans are made here from LibreOffice's prints of the .odt form (the PDF
form) and of the .docx form: pen-like ticks, crosses, light ticks, blackened
and scribbled-over boxes and handwriting drawn at the geometry's positions
with jitter, then rotated up to 5°, blurred, given noise, saved as JPEG at
150 to 300 dpi, in colour or grey, and shuffled into a multi-page PDF. The
QR code, in the forms' page header, does not say the page: the reader finds
it by comparing the page with the print.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path
from typing import Any

import pytest

from conseils_citoyens.demo.simulate import Simulator
from conseils_citoyens.formats.scan import synthetic
from conseils_citoyens.formats.scan.geometry import (
    MM,
    FormGeometry,
    GeometryError,
    Rect,
    geometry_from_pdf,
    page_furniture,
)
from conseils_citoyens.formats.scan.identity import decode
from conseils_citoyens.formats.scan.importer import Decision, FormPrints, import_scans
from conseils_citoyens.formats.scan.reader import (
    LocatedPage,
    Mark,
    PageError,
    PageImage,
    check_layout,
    identify,
    locate,
    read_page,
    reference_signatures,
    render_reference,
)
from conseils_citoyens.formats.slots import SlotKind, form_slots, slot_values_from_answers
from conseils_citoyens.survey.imports import Outcome, QuestionnaireCatalogue
from tests.formats.scan.conftest import Printed, require_scan_extra

require_scan_extra()


@pytest.fixture(scope="module")
def geometry(printed: Printed) -> FormGeometry:
    return geometry_from_pdf(printed.pdf("T1"), printed.questionnaire)


@pytest.mark.parametrize(
    ("dropped", "french", "english"),
    [
        (1, r"ne situe pas 1 zone de réponse \(cc\d+_\d+\) :", r"does not locate 1 answer zone \("),
        (7, r"ne situe pas 7 zones de réponse \((cc\d+_\d+, ){4}cc\d+_\d+…\) :", r"7 answer zones"),
    ],
)
def test_a_pdf_missing_zones_says_how_many_in_agreement(
    printed: Printed, monkeypatch: pytest.MonkeyPatch, dropped: int, french: str, english: str
) -> None:
    from conseils_citoyens.formats.scan import geometry as module

    real = module._destinations
    monkeypatch.setattr(
        module, "_destinations", lambda pdf: dict(list(real(pdf).items())[dropped:])
    )
    with pytest.raises(GeometryError) as caught:
        geometry_from_pdf(printed.pdf("T1"), printed.questionnaire)
    assert re.search(french, caught.value.message_in("fr")), caught.value.message_in("fr")
    assert re.search(english, caught.value.message_in("en"))


def test_geometry_places_every_slot_once(printed: Printed, geometry: FormGeometry) -> None:
    slots = form_slots(printed.questionnaire)
    assert [z.bookmark for z in geometry.zones] == [s.bookmark for s in slots]
    for zone in geometry.zones:
        width, height = geometry.page_sizes[zone.page - 1]
        assert 0 < zone.rect.x < zone.rect.right < width
        assert 0 < zone.rect.y < zone.rect.bottom < height
        if zone.kind is SlotKind.CHECK:
            assert zone.rect.width == pytest.approx(zone.rect.height, rel=0.1)
    boxes = [z for z in geometry.zones if z.kind is SlotKind.CHECK]
    for index, box in enumerate(boxes):  # no two boxes overlap
        for other in boxes[index + 1 :]:
            if other.page == box.page:
                assert (
                    box.rect.right <= other.rect.x
                    or other.rect.right <= box.rect.x
                    or box.rect.bottom <= other.rect.y
                    or other.rect.bottom <= box.rect.y
                )
    data = geometry.to_data()
    assert data["units"] == "pt"
    assert data["origin"] == "top-left"
    assert {"page", "x", "y", "width", "height", "question"} <= set(data["zones"][0])


def _furniture_codes(pdf_bytes: bytes) -> list[list[Any]]:
    """The QR codes of each page; checks that nothing is printed under the furniture."""
    import pypdfium2
    import zxingcpp

    pdf = pypdfium2.PdfDocument(pdf_bytes)
    codes = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            text = page.get_textpage()
            furniture = page_furniture(width, height)
            for char in range(text.count_chars()):  # nothing printed under the QR code or a mark
                left, bottom, right, top = text.get_charbox(char)
                for rect in (furniture.qr, *furniture.marks):
                    assert (
                        right <= rect.x
                        or left >= rect.right
                        or height - bottom <= rect.y
                        or height - top >= rect.bottom
                    )
            picture = page.render(scale=150 / 72, grayscale=True).to_numpy()
            codes.append(
                [c for c in (decode(b.text) for b in zxingcpp.read_barcodes(picture)) if c]
            )
            pixels = page.render(scale=2, grayscale=True).to_numpy()
            for mark in furniture.marks:  # black squares where the furniture says
                inside = pixels[
                    int(mark.y * 2) + 2 : int(mark.bottom * 2) - 2,
                    int(mark.x * 2) + 2 : int(mark.right * 2) - 2,
                ]
                assert inside.max() < 60
                ring = pixels[
                    int(mark.y * 2) - 6 : int(mark.bottom * 2) + 6,
                    int(mark.x * 2) - 6 : int(mark.x * 2) - 2,
                ]
                assert ring.min() > 200
    finally:
        pdf.close()
    return codes


@pytest.mark.parametrize("source", ["odt", "docx"])
def test_every_page_of_the_print_carries_the_marks_and_the_form_code(
    printed: Printed, source: str
) -> None:
    codes = _furniture_codes(printed.pdf("T1", source))
    assert len(codes) == 7
    for found in codes:  # the same header code on every page, naming the printed file
        assert [(c.page, c.token, c.source, c.numbered) for c in found] == [
            (None, "T1", source, False)
        ]


def test_the_pdf_form_is_libreoffice_s_print_of_the_odt(printed: Printed, tmp_path: Path) -> None:
    """What a person prints from LibreOffice is the tool's PDF: same pages, same text."""
    import pypdfium2

    from conseils_citoyens.formats import ExportOptions
    from conseils_citoyens.formats.odt.export import export_odt
    from conseils_citoyens.survey.questionnaire.model import Respondent
    from tests.lo import convert

    with (tmp_path / "form.odt").open("wb") as stream:
        export_odt(printed.questionnaire, stream, ExportOptions(respondent=Respondent(token="T1")))
    by_hand = convert(tmp_path / "form.odt", "pdf", tmp_path / "out").read_bytes()

    def pages(data: bytes) -> list[tuple[str, list[int]]]:
        pdf = pypdfium2.PdfDocument(data)
        try:
            out = []
            for index in range(len(pdf)):
                text = pdf[index].get_textpage()
                out.append((text.get_text_range(), [round(v) for v in text.get_charbox(0)]))
            return out
        finally:
            pdf.close()

    assert pages(by_hand) == pages(printed.pdf("T1"))
    assert _furniture_codes(by_hand) == _furniture_codes(printed.pdf("T1"))


def _read(image: PageImage, pdf: bytes, geometry: FormGeometry) -> tuple[LocatedPage, Any]:
    """Locate, identify and check a scanned page as the importer does."""
    references = render_reference(pdf, 2.0)
    signatures = reference_signatures(references, 2.0, geometry.page_sizes)
    located = locate(image, lambda identity: geometry.page_sizes[0])
    located = identify(located, signatures, geometry.page_sizes[0])
    located = check_layout(located, geometry, references[located.number - 1], 2.0)
    return located, references[located.number - 1]


def _classification_run(pdf: bytes, geometry: FormGeometry, seeds: range) -> list[Any]:
    import numpy

    pictures = synthetic.render_pages(pdf, dpi=300)
    references = render_reference(pdf, 2.0)
    signatures = reference_signatures(references, 2.0, geometry.page_sizes)
    outcomes = []
    for seed in seeds:
        rng = random.Random(seed)
        page = seed % geometry.pages + 1  # every page, matrices and long texts too
        marks = synthetic.random_marks(geometry, rng)
        style = synthetic.random_style(rng)
        scan = synthetic.scan_page(
            pictures[page - 1], geometry, page, marks, style, rng, render_scale=300 / 72
        )
        image = PageImage(file=f"seed{seed}", index=0, pixels=numpy.asarray(scan.convert("L")))
        located = locate(image, lambda identity: geometry.page_sizes[0])
        assert located.identity.page is None  # the header code does not say the page
        located = identify(located, signatures, geometry.page_sizes[0])
        assert located.identity.page == page
        located = check_layout(located, geometry, references[page - 1], 2.0)
        for reading in read_page(located, geometry, references[page - 1], 2.0):
            outcomes.append((marks[reading.zone.bookmark], reading, style, seed))
    return outcomes


@pytest.mark.parametrize("source", ["odt", "docx"])
def test_at_least_995_per_cent_right_and_never_silently_wrong(
    printed: Printed, source: str
) -> None:
    pdf = printed.pdf("T1", source)
    geometry = geometry_from_pdf(pdf, printed.questionnaire)
    outcomes = _classification_run(pdf, geometry, range(14))
    wrong = [o for o in outcomes if o[1].mark.value not in synthetic.EXPECTED[o[0]]]
    silent = [o for o in wrong if o[1].mark is not Mark.DOUBTFUL]
    kinds = {o[0] for o in outcomes}
    assert {"empty", "tick", "cross", "filled", "crossed_out", "light", "text", "blank"} <= kinds
    assert len(outcomes) > 250
    assert silent == []
    assert len(wrong) <= 0.005 * len(outcomes)


def _decide(
    forms_answers: dict[str, dict[str, Any]], printed: Printed, batch: Any
) -> list[Decision]:
    """A careful person: decides every reviewed zone from what the respondent meant."""
    decisions = []
    for form in batch.forms:
        answers = forms_answers[form.identity.token]
        values = {
            s.bookmark: v
            for s, v in slot_values_from_answers(printed.questionnaire, answers).items()
        }
        for item in form.review:
            value = values[item.zone.bookmark]
            decided = value if isinstance(value, str) else "ticked" if value else "empty"
            decisions.append(
                Decision(form=form.label, zone=item.zone.bookmark, value=decided, by="Test")
            )
    return decisions


def test_shuffled_multipage_scans_give_the_respondents_answers(
    printed: Printed, tmp_path: Path
) -> None:
    """Two personalised forms, one printed from the .odt, one from the .docx, pages mixed."""
    tokens = ("T1", "T2")
    sources = {"T1": "odt", "T2": "docx"}
    answers = {
        token: Simulator(printed.questionnaire, seed=n).answers(completeness=1.0)
        for n, token in enumerate(tokens)
    }
    scans: list[Any] = []
    rng = random.Random(7)
    for token in tokens:
        pdf = printed.pdf(token, sources[token])
        geometry = geometry_from_pdf(pdf, printed.questionnaire)
        marks = synthetic.marks_for_answers(
            printed.questionnaire, geometry, answers[token], rng, cancelled=0.03, light=0.05
        )
        scans.extend(synthetic.scan_form(pdf, geometry, marks, rng))
    rng.shuffle(scans)
    photo, rest = scans[0], scans[1:]
    (tmp_path / "scans.pdf").write_bytes(synthetic.to_pdf(rest))
    photo.save(tmp_path / "photo.jpg")
    blank = io.BytesIO()
    photo.convert("L").point(lambda v: 255).save(blank, "PNG")
    (tmp_path / "blank.png").write_bytes(blank.getvalue())
    catalogue = QuestionnaireCatalogue([printed.questionnaire])
    prints = FormPrints(printer=printed.printer)
    files = [tmp_path / "scans.pdf", tmp_path / "photo.jpg", tmp_path / "blank.png"]

    first = import_scans(files, catalogue, crops=tmp_path / "crops", prints=prints)
    refused = [o for o in first.outcomes if o.outcome is Outcome.REFUSED]
    assert [o.file for o in refused] == [Path(f"{tmp_path / 'blank.png'}, page 1")]
    assert refused[0].problems[0].code == "scan.no_qr"
    assert sorted((f.identity.token, f.identity.source) for f in first.forms) == [
        ("T1", "odt"),
        ("T2", "docx"),
    ]
    assert all(sorted(p.number for p in f.pages) == list(range(1, 8)) for f in first.forms)
    for form, outcome in zip(first.forms, [o for o in first.outcomes if o.response], strict=True):
        assert outcome.response is not None
        truth = answers[form.identity.token]
        # No silently wrong answer: what was read is what the respondent meant.
        for question, value in outcome.response.answers.items():
            if isinstance(value, dict):
                for row, column in value.items():
                    assert truth[question][row] == column, (question, row)
            else:
                assert truth[question] == value, question
        assert form.review, "the handwriting at least goes to a person"
        for item in form.review:
            assert item.crop is not None
            assert Path(item.crop).is_file()

    decisions = _decide(answers, printed, first)
    second = import_scans(files, catalogue, decisions=decisions, prints=prints)
    for form, outcome in zip(second.forms, [o for o in second.outcomes if o.response], strict=True):
        assert outcome.response is not None
        assert dict(outcome.response.answers) == answers[form.identity.token]
        assert not [p for p in outcome.problems if p.code.startswith("scan.")]
        assert all(item.decision is not None for item in form.review)
        recorded = form.to_data()["review"]
        assert {r["decided_by"] for r in recorded} == {"Test"}


def test_missing_and_duplicate_pages_are_reported(printed: Printed, tmp_path: Path) -> None:
    pdf = printed.pdf("T1")
    geometry = geometry_from_pdf(pdf, printed.questionnaire)
    rng = random.Random(3)
    marks = {z.bookmark: "empty" for z in geometry.zones}
    marks["cc1_0"] = "tick"
    style = synthetic.ScanStyle(dpi=150, rotation=-3.0)
    pages = synthetic.scan_form(pdf, geometry, marks, rng, style=style)
    (tmp_path / "s.pdf").write_bytes(synthetic.to_pdf([pages[0], pages[0], pages[2]], dpi=150))
    batch = import_scans(
        [tmp_path / "s.pdf"],
        QuestionnaireCatalogue([printed.questionnaire]),
        prints=FormPrints(printer=printed.printer),
    )
    (outcome,) = batch.outcomes
    codes = [p.code for p in outcome.problems]
    assert codes.count("scan.duplicate_page") == 1
    # Every page holding answer zones but the two scanned (1 and 3): 2, 4, 5…
    missing = [n for n in range(2, geometry.pages + 1) if n != 3 and geometry.zones_on(n)]
    assert len(missing) >= 3
    assert codes.count("scan.missing_page") == len(missing)
    assert outcome.response is not None
    assert outcome.response.answers["college"] == "residents"


def test_a_page_without_its_marks_is_refused_with_the_reason(
    printed: Printed, geometry: FormGeometry
) -> None:
    import numpy

    picture = synthetic.render_pages(printed.pdf("T1"), dpi=150)[0]
    pixels = numpy.asarray(picture).copy()
    pixels[:150, :] = 255  # the top marks cut off by the scanner
    with pytest.raises(PageError) as caught:
        locate(PageImage(file="x", index=0, pixels=pixels))
    assert caught.value.code == "scan.no_marks"
    assert "marques d'angle" in caught.value.texts["fr"]


@pytest.mark.parametrize(
    "style",
    [
        synthetic.ScanStyle(dpi=600, rotation=4.9, blur=1.0),
        synthetic.ScanStyle(dpi=200, rotation=183.0),  # fed upside down
        synthetic.ScanStyle(dpi=150, rotation=-5.0, blur=1.2, noise=10.0, jpeg_quality=40),
    ],
    ids=["600dpi-tiff", "upside-down", "150dpi-poor"],
)
def test_extreme_scans_are_read(
    printed: Printed, geometry: FormGeometry, style: synthetic.ScanStyle, tmp_path: Path
) -> None:
    from conseils_citoyens.formats.scan.reader import load_pages

    pdf = printed.pdf("T1")
    rng = random.Random(5)
    marks = synthetic.random_marks(geometry, rng)
    picture = synthetic.render_pages(pdf, dpi=300)[1]
    scan = synthetic.scan_page(picture, geometry, 2, marks, style, rng, render_scale=300 / 72)
    scan.save(tmp_path / "page.tif")
    (image,) = load_pages(tmp_path / "page.tif")
    assert max(image.pixels.shape) <= 4000
    located, reference = _read(image, pdf, geometry)
    assert located.number == 2
    readings = read_page(located, geometry, reference, 2.0)
    assert len(readings) == len(geometry.zones_on(2))
    wrong = [r for r in readings if r.mark.value not in synthetic.EXPECTED[marks[r.zone.bookmark]]]
    assert [r for r in wrong if r.mark is not Mark.DOUBTFUL] == []
    assert len(wrong) <= 1


def _moved(
    picture: Any, geometry: FormGeometry, dx_mm: float, dy_mm: float, stretch: float = 1.0
) -> Any:
    """A page whose content sits ``dx_mm``, ``dy_mm`` away from its marks and QR code, and
    is ``stretch`` times taller from the top margin down (another layout: lines a little
    further apart, drifting down the page), at 300 dpi."""
    import numpy
    from PIL import Image

    scale = 300 / 72
    pixels = numpy.asarray(picture).copy()
    furniture = page_furniture(*geometry.page_sizes[0])
    areas = []
    for rect in (*furniture.marks, furniture.qr):
        grown = rect.grown(2)
        areas.append(
            (
                slice(int(grown.y * scale), int(grown.bottom * scale)),
                slice(int(grown.x * scale), int(grown.right * scale)),
            )
        )
    content = pixels.copy()
    for area in areas:
        content[area] = 255
    if stretch != 1.0:
        top = int(20 * MM * scale)
        body = Image.fromarray(content[top:])
        body = body.resize((body.width, int(body.height * stretch)), Image.Resampling.BILINEAR)
        content[top:] = numpy.asarray(body)[: content.shape[0] - top]
    dx, dy = round(dx_mm * MM * scale), round(dy_mm * MM * scale)
    height, width = pixels.shape
    moved = numpy.full_like(pixels, 255)
    moved[max(dy, 0) : height + min(dy, 0), max(dx, 0) : width + min(dx, 0)] = content[
        max(-dy, 0) : height + min(-dy, 0), max(-dx, 0) : width + min(-dx, 0)
    ]
    for area in areas:
        moved[area] = pixels[area]
    return Image.fromarray(moved)


def _moved_geometry(
    geometry: FormGeometry, dx_mm: float, dy_mm: float, stretch: float = 1.0
) -> FormGeometry:
    import attrs

    top = 20 * MM

    def move(rect: Rect) -> Rect:
        return Rect(
            x=rect.x + dx_mm * MM,
            y=top + (rect.y - top) * stretch + dy_mm * MM,
            width=rect.width,
            height=rect.height * stretch,
        )

    return attrs.evolve(
        geometry, zones=tuple(attrs.evolve(z, rect=move(z.rect)) for z in geometry.zones)
    )


@pytest.mark.parametrize(
    ("page", "dx", "dy", "stretch"),
    [
        (3, 0.8, 0.0, 1.0),
        (3, 1.5, 1.0, 1.0),
        (3, -2.5, 0.5, 1.0),
        (3, 0.0, 2.5, 1.0),
        (2, 0.0, 0.0, 1.015),  # lines further apart: 0 at the top, 4 mm at the bottom
        (5, 0.5, 0.0, 1.02),
    ],
    ids=str,
)
def test_a_small_drift_of_the_layout_is_read_right(
    printed: Printed, geometry: FormGeometry, page: int, dx: float, dy: float, stretch: float
) -> None:
    """Boxes and write-in zones a few millimetres from their place (another printer,
    another LibreOffice) are found and read where they are."""
    import numpy

    pdf = printed.pdf("T1")
    rng = random.Random(11)
    marks = synthetic.random_marks(geometry, rng)
    picture = _moved(synthetic.render_pages(pdf, dpi=300)[page - 1], geometry, dx, dy, stretch)
    style = synthetic.ScanStyle(dpi=200, rotation=-2.0)
    drawn = _moved_geometry(geometry, dx, dy, stretch)
    scan = synthetic.scan_page(picture, drawn, page, marks, style, rng, render_scale=300 / 72)
    image = PageImage(file="moved", index=0, pixels=numpy.asarray(scan.convert("L")))
    located, reference = _read(image, pdf, geometry)
    assert located.number == page
    assert located.offsets is not None
    moved = {z.bookmark: z.rect for z in drawn.zones}
    for zone in geometry.zones_on(page):
        found = located.offsets.get(zone.bookmark)
        if found is not None:  # where the box was drawn, within 0.5 mm
            assert abs(found[0] - (moved[zone.bookmark].x - zone.rect.x)) < 0.5 * MM
            assert abs(found[1] - (moved[zone.bookmark].y - zone.rect.y)) < 0.5 * MM
    readings = read_page(located, geometry, reference, 2.0)
    wrong = [r for r in readings if r.mark.value not in synthetic.EXPECTED[marks[r.zone.bookmark]]]
    assert [r for r in wrong if r.mark is not Mark.DOUBTFUL] == []
    assert len(wrong) <= 1


@pytest.mark.parametrize(
    ("dx", "dy", "stretch"),
    [(0.0, 4.5, 1.0), (0.0, 7.5, 1.0), (9.0, 0.0, 1.0), (0.0, 0.0, 1.05)],
    ids=str,
)
def test_a_page_laid_out_otherwise_is_refused_naming_the_fix(
    printed: Printed, geometry: FormGeometry, dx: float, dy: float, stretch: float
) -> None:
    import numpy

    pdf = printed.pdf("T1")
    rng = random.Random(12)
    marks = synthetic.random_marks(geometry, rng)
    picture = _moved(synthetic.render_pages(pdf, dpi=300)[2], geometry, dx, dy, stretch)
    scan = synthetic.scan_page(
        picture, _moved_geometry(geometry, dx, dy, stretch), 3, marks, synthetic.ScanStyle(), rng,
        render_scale=300 / 72,
    )  # fmt: skip
    image = PageImage(file="moved", index=0, pixels=numpy.asarray(scan.convert("L")))
    with pytest.raises(PageError) as caught:
        _read(image, pdf, geometry)
    assert caught.value.code == "scan.other_layout"
    message = caught.value.texts["fr"]
    assert "Microsoft Word" in message
    assert "imprimez plutôt le formulaire PDF de l'outil" in message
    assert "depuis LibreOffice" in message


def test_a_form_laid_out_by_another_program_is_refused_page_by_page(
    printed: Printed, tmp_path: Path
) -> None:
    """The .docx form laid out otherwise than the reference (as Microsoft Word would, which
    is not here: LibreOffice's own print of the .odt stands for the 'other' layout)."""
    pdf = printed.pdf("T1", "docx")
    geometry = geometry_from_pdf(pdf, printed.questionnaire)
    rng = random.Random(4)
    marks = synthetic.random_marks(geometry, rng)
    pages = synthetic.scan_form(pdf, geometry, marks, rng)
    (tmp_path / "word.pdf").write_bytes(synthetic.to_pdf(pages))

    def other_layout(questionnaire: Any, options: Any, source: str) -> bytes:
        assert source == "docx"
        return printed.printer(questionnaire, options, "odt")

    batch = import_scans(
        [tmp_path / "word.pdf"],
        QuestionnaireCatalogue([printed.questionnaire]),
        prints=FormPrints(printer=other_layout),
    )
    assert batch.forms == ()
    assert len(batch.outcomes) == 7
    for outcome in batch.outcomes:
        assert outcome.outcome is Outcome.REFUSED
        (problem,) = outcome.problems
        assert problem.code == "scan.other_layout", problem.texts["fr"]
        assert "ses cases ne sont pas lues" in problem.texts["fr"]


def _legacy_pdf(pdf_bytes: bytes, codes: list[str]) -> bytes:
    """A PDF form as earlier versions printed it: each page's own numbered QR code stamped
    (vector squares) in the QR code's place, over a white square hiding the header's code."""
    import pypdfium2
    import pypdfium2.raw as raw
    import segno

    pdf = pypdfium2.PdfDocument(pdf_bytes)
    try:
        for index, text in enumerate(codes):
            page = pdf[index]
            width, height = (float(v) for v in page.get_size())
            area = page_furniture(width, height).qr
            matrix = segno.make_qr(text, error="m", boost_error=False).matrix
            module = area.width / len(matrix)
            for colour, cells in (
                (255, [(0, 0, len(matrix), len(matrix))]),
                (0, [(r, c, 1, 1) for r, row in enumerate(matrix) for c, v in enumerate(row) if v]),
            ):
                path = raw.FPDFPageObj_CreateNewPath(0, 0)
                for row, column, rows, columns in cells:
                    x = area.x + column * module
                    bottom = height - (area.y + (row + rows) * module)
                    raw.FPDFPath_MoveTo(path, x, bottom)
                    raw.FPDFPath_LineTo(path, x + columns * module, bottom)
                    raw.FPDFPath_LineTo(path, x + columns * module, bottom + rows * module)
                    raw.FPDFPath_LineTo(path, x, bottom + rows * module)
                    raw.FPDFPath_Close(path)
                raw.FPDFPageObj_SetFillColor(path, colour, colour, colour, 255)
                raw.FPDFPath_SetDrawMode(path, raw.FPDF_FILLMODE_WINDING, False)
                raw.FPDFPage_InsertObject(page.raw, path)
            raw.FPDFPage_GenerateContent(page.raw)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    finally:
        pdf.close()


def test_pages_of_earlier_pdf_forms_with_numbered_codes_are_still_read(
    printed: Printed, geometry: FormGeometry, tmp_path: Path
) -> None:
    from conseils_citoyens.formats.scan.identity import PageIdentity
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    pdf = printed.pdf("T1")
    ref = questionnaire_ref(printed.questionnaire)
    rng = random.Random(8)
    marks = {z.bookmark: "empty" for z in geometry.zones}
    marks["cc1_0"] = "tick"
    numbers = [(1, 7), (2, 5), (3, 7)]  # the second: a page of a 5-page form
    codes = [
        PageIdentity.for_page(ref, lang="fr", page=n, pages=pages, token="T1").encode()
        for n, pages in numbers
    ]
    legacy = _legacy_pdf(pdf, codes)
    pictures = synthetic.render_pages(legacy, dpi=300)
    scans = [
        synthetic.scan_page(
            pictures[index], geometry, index + 1, marks, synthetic.ScanStyle(), rng,
            render_scale=300 / 72,
        )
        for index in (0, 1, 2)
    ]  # fmt: skip
    (tmp_path / "old.pdf").write_bytes(synthetic.to_pdf(scans))
    batch = import_scans(
        [tmp_path / "old.pdf"],
        QuestionnaireCatalogue([printed.questionnaire]),
        prints=FormPrints(printer=printed.printer),
    )
    refused = [o for o in batch.outcomes if o.outcome is Outcome.REFUSED]
    assert [p.code for o in refused for p in o.problems] == ["scan.other_layout"]
    assert "formulaire de 5 pages" in refused[0].problems[0].texts["fr"]
    (form,) = batch.forms
    assert [p.number for p in form.pages] == [1, 3]
    assert all(p.identity.numbered for p in form.pages)
    response = next(o.response for o in batch.outcomes if o.response is not None)
    assert response.answers["college"] == "residents"


def test_a_page_alike_two_pages_of_the_print_is_not_guessed(
    printed: Printed, geometry: FormGeometry
) -> None:
    import numpy

    pdf = printed.pdf("T1")
    references = render_reference(pdf, 2.0)
    signatures = reference_signatures(references, 2.0, geometry.page_sizes)
    picture = synthetic.render_pages(pdf, dpi=300)[1]
    scan = synthetic.scan_page(
        picture, geometry, 2, {}, synthetic.ScanStyle(), random.Random(1), render_scale=300 / 72
    )
    located = locate(
        PageImage(file="x", index=0, pixels=numpy.asarray(scan.convert("L"))),
        lambda identity: geometry.page_sizes[0],
    )
    twice = [signatures[1], signatures[1], *signatures[2:]]  # a print with two alike pages
    with pytest.raises(PageError) as caught:
        identify(located, twice, geometry.page_sizes[0])
    assert caught.value.code == "scan.ambiguous_page"
    assert "saisissez-la à la main" in caught.value.texts["fr"]
    assert identify(located, signatures, geometry.page_sizes[0]).number == 2


def _blacken_and_erase(
    picture: Any, geometry: FormGeometry, page: int, blackened: list[str], erased: list[str]
) -> Any:
    """The page with some boxes inked over solid, a little past their outline (the
    outline can no longer be told from the inside), and others erased (not printed)."""
    from PIL import ImageDraw

    scale = 300 / 72
    picture = picture.copy()
    draw = ImageDraw.Draw(picture)
    rects = {z.bookmark: z.rect for z in geometry.zones_on(page)}
    for bookmark in blackened:
        grown = rects[bookmark].grown(0.8 * MM)
        draw.rectangle(
            [grown.x * scale, grown.y * scale, grown.right * scale, grown.bottom * scale], fill=40
        )
    for bookmark in erased:
        grown = rects[bookmark].grown(0.6 * MM)
        draw.rectangle(
            [grown.x * scale, grown.y * scale, grown.right * scale, grown.bottom * scale], fill=255
        )
    return picture


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_box_inked_over_solid_is_doubtful_as_blackened_not_misaligned(
    printed: Printed, geometry: FormGeometry, seed: int
) -> None:
    """A box filled solid is never read ticked or empty, and the reason says it is
    blackened (a person would re-scan for nothing if told the page is misaligned);
    a box truly missing from its place keeps the misalignment reason."""
    import numpy

    pdf = printed.pdf("T1")
    page = 3
    boxes = [z for z in geometry.zones_on(page) if z.kind is SlotKind.CHECK]
    rng = random.Random(seed)
    chosen = rng.sample(boxes, 4)
    blackened = [z.bookmark for z in chosen[:3]]
    erased = [chosen[3].bookmark]
    marks = {z.bookmark: rng.choice(("empty", "tick")) for z in boxes}
    for bookmark in (*blackened, *erased):
        marks[bookmark] = "empty"
    picture = _blacken_and_erase(
        synthetic.render_pages(pdf, dpi=300)[page - 1], geometry, page, blackened, erased
    )
    style = synthetic.ScanStyle(dpi=200, rotation=rng.uniform(-4, 4), shift=(2.0, -3.0))
    scan = synthetic.scan_page(picture, geometry, page, marks, style, rng, render_scale=300 / 72)
    image = PageImage(file="blackened", index=0, pixels=numpy.asarray(scan.convert("L")))
    located, reference = _read(image, pdf, geometry)
    readings = {r.zone.bookmark: r for r in read_page(located, geometry, reference, 2.0)}
    for bookmark in blackened:
        assert (readings[bookmark].mark, readings[bookmark].reason) == (
            Mark.DOUBTFUL,
            "blackened",
        ), bookmark
    (missing,) = erased
    assert (readings[missing].mark, readings[missing].reason) == (Mark.DOUBTFUL, "outline")
    for bookmark, reading in readings.items():
        if bookmark not in (*blackened, *erased):
            assert reading.mark.value in synthetic.EXPECTED[marks[bookmark]], bookmark
    from conseils_citoyens.formats.scan.reader import REASONS

    assert REASONS["blackened"] == (
        "case noircie en entier (cochée ou raturée ?)",
        "box inked over entirely (ticked or crossed out?)",
    )


def test_a_huge_pdf_page_is_rasterised_within_the_pixel_bound(tmp_path: Path) -> None:
    """A 5 m square page at 200 dpi would be 40,000 pixels a side (1.6 GB of grey)."""
    import pypdfium2 as pdfium

    from conseils_citoyens.formats.scan.reader import MAX_SIDE, load_pages

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(14400, 14400)  # the largest page PDF allows, in points
    pdf.new_page(595, 842)  # A4
    path = tmp_path / "immense.pdf"
    pdf.save(str(path))
    pdf.close()
    huge, a4 = load_pages(path)
    assert max(huge.pixels.shape) <= MAX_SIDE
    assert max(a4.pixels.shape) == round(842 * 200 / 72)  # an A4 scan keeps its resolution
