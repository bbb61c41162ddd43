"""Synthetic scans of the printed form: every box read right, or handed to a person.

The scans are made here from the exported PDF: pen-like ticks, crosses,
light ticks, blackened and scribbled-over boxes and handwriting drawn at the
geometry's positions with jitter, then rotated up to 5°, blurred, given noise,
saved as JPEG at 150 to 300 dpi, in colour or grey, and shuffled into a
multi-page PDF.
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import pytest

from conseils_citoyens.demo.simulate import Simulator
from conseils_citoyens.formats.scan import synthetic
from conseils_citoyens.formats.scan.geometry import FormGeometry, geometry_from_pdf, page_furniture
from conseils_citoyens.formats.scan.identity import decode
from conseils_citoyens.formats.scan.importer import Decision, FormPrints, import_scans
from conseils_citoyens.formats.scan.reader import (
    Mark,
    PageError,
    PageImage,
    locate,
    read_page,
    render_reference,
)
from conseils_citoyens.formats.slots import SlotKind, form_slots, slot_values_from_answers
from conseils_citoyens.survey.imports import Outcome, QuestionnaireCatalogue
from tests.formats.scan.conftest import Printed, require_scan_extra

require_scan_extra()


@pytest.fixture(scope="module")
def geometry(printed: Printed) -> FormGeometry:
    return geometry_from_pdf(printed.pdf("T1"), printed.questionnaire)


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


def test_pdf_is_the_libreoffice_print_plus_marks(printed: Printed) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(printed.pdf("T1"))
    pages = len(pdf)
    for index in range(pages):
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
        import zxingcpp

        codes = [decode(b.text) for b in zxingcpp.read_barcodes(picture)]
        assert [(c.page, c.pages, c.token) for c in codes if c] == [(index + 1, pages, "T1")]


def _classification_run(printed: Printed, geometry: FormGeometry, seeds: range) -> list[Any]:
    pdf = printed.pdf("T1")
    pictures = synthetic.render_pages(pdf, dpi=300)
    references = render_reference(pdf, 2.0)
    outcomes = []
    for seed in seeds:
        rng = random.Random(seed)
        page = seed % geometry.pages + 1  # every page, matrices and long texts too
        marks = synthetic.random_marks(geometry, rng)
        style = synthetic.random_style(rng)
        scan = synthetic.scan_page(
            pictures[page - 1], geometry, page, marks, style, rng, render_scale=300 / 72
        )
        import numpy

        image = PageImage(file=f"seed{seed}", index=0, pixels=numpy.asarray(scan.convert("L")))
        located = locate(image, lambda identity: geometry.page_sizes[identity.page - 1])
        assert located.identity.page == page
        for reading in read_page(located, geometry, references[page - 1], 2.0):
            outcomes.append((marks[reading.zone.bookmark], reading, style, seed))
    return outcomes


def test_at_least_995_per_cent_right_and_never_silently_wrong(
    printed: Printed, geometry: FormGeometry
) -> None:
    outcomes = _classification_run(printed, geometry, range(12))
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
    tokens = ("T1", "T2")
    answers = {
        token: Simulator(printed.questionnaire, seed=n).answers(completeness=1.0)
        for n, token in enumerate(tokens)
    }
    scans: list[Any] = []
    rng = random.Random(7)
    for token in tokens:
        pdf = printed.pdf(token)
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
    assert sorted(f.identity.token for f in first.forms) == ["T1", "T2"]
    pages = geometry_from_pdf(printed.pdf("T1"), printed.questionnaire).pages
    assert all(len(f.pages) == pages for f in first.forms)
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
    located = locate(image, lambda identity: geometry.page_sizes[identity.page - 1])
    readings = read_page(located, geometry, render_reference(pdf, 2.0)[1], 2.0)
    assert len(readings) == len(geometry.zones_on(2))
    wrong = [r for r in readings if r.mark.value not in synthetic.EXPECTED[marks[r.zone.bookmark]]]
    assert [r for r in wrong if r.mark is not Mark.DOUBTFUL] == []
    assert len(wrong) <= 1


def test_a_page_of_a_form_laid_out_otherwise_is_refused(printed: Printed, tmp_path: Path) -> None:
    """A scan whose QR code counts other pages than today's print is never read."""
    import pypdfium2

    pdf = printed.pdf("T1")
    geometry = geometry_from_pdf(pdf, printed.questionnaire)
    last = geometry.pages
    assert not geometry.zones_on(last), "the closing page holds no answer zone"

    def shorter(questionnaire: Any, options: Any) -> bytes:
        document = pypdfium2.PdfDocument(printed.printer(questionnaire, options))
        try:
            document.del_page(last - 1)
            out = io.BytesIO()
            document.save(out)
            return out.getvalue()
        finally:
            document.close()

    marks = {z.bookmark: "empty" for z in geometry.zones}
    marks["cc1_0"] = "tick"
    (first,) = synthetic.scan_form(pdf, geometry, marks, random.Random(1))[:1]
    first.save(tmp_path / "p1.png")
    batch = import_scans(
        [tmp_path / "p1.png"],
        QuestionnaireCatalogue([printed.questionnaire]),
        prints=FormPrints(printer=shorter),
    )
    (outcome,) = batch.outcomes
    assert outcome.outcome is Outcome.REFUSED
    assert outcome.problems[0].code == "scan.other_layout"
    assert f"formulaire de {last} pages" in outcome.problems[0].texts["fr"]
    assert batch.forms == ()
