"""Reading scanned paper forms: 100 scanned pages in one PDF.

Target: under 60 s for 100 pages (the issue's 100 one-page forms) on the
project's 2-core machine. The scans are synthetic (tests/formats/scan): the
standard form printed once by LibreOffice, filled with simulated answers,
rotated, blurred, noisy, JPEG at 150–300 dpi; 20 seven-page forms, pages in
order (forms without a token are grouped as they come; each page is
recognised by comparing it with the print, its QR code does not say it). Printing the
reference form (LibreOffice, once per questionnaire) is measured apart.
Skipped (no row) without LibreOffice or the scan extra.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._timing import row


def run(quick: bool) -> list[dict[str, Any]]:
    """Time ``import_scans`` on 100 scanned pages (10 when quick)."""
    try:
        from conseils_citoyens.formats.scan import synthetic
        from conseils_citoyens.formats.scan._deps import require

        for module in ("numpy", "pypdfium2", "zxingcpp", "PIL"):
            require(module)
    except Exception:  # the scan extra is optional
        return []
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        return []
    from conseils_citoyens.demo.simulate import Simulator
    from conseils_citoyens.formats.scan.geometry import geometry_from_pdf
    from conseils_citoyens.formats.scan.importer import FormPrints, import_scans
    from conseils_citoyens.formats.scan.pdf import print_form
    from conseils_citoyens.survey.imports import QuestionnaireCatalogue
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    questionnaire = standard_questionnaire()
    start = time.perf_counter()
    pdf = print_form(questionnaire)
    printing = time.perf_counter() - start
    geometry = geometry_from_pdf(pdf, questionnaire)
    forms = 2 if quick else 20
    rng = random.Random(2026)
    simulator = Simulator(questionnaire, seed=2026)
    pages: list[Any] = []
    truths: list[dict[str, Any]] = []
    for _ in range(forms):
        truths.append(simulator.answers())
        marks = synthetic.marks_for_answers(questionnaire, geometry, truths[-1], rng)
        pages.extend(synthetic.scan_form(pdf, geometry, marks, rng, render_dpi=200))
    with tempfile.TemporaryDirectory(prefix="cc-bench-scan-") as work:
        scans = Path(work) / "scans.pdf"
        scans.write_bytes(synthetic.to_pdf(pages))
        catalogue = QuestionnaireCatalogue([questionnaire])
        prints = FormPrints(printer=lambda q, options, source: pdf)
        import_scans([scans], catalogue, prints=prints)  # warm: reference rendering, imports
        start = time.perf_counter()
        batch = import_scans(
            [scans], catalogue, prints=FormPrints(printer=lambda q, options, source: pdf)
        )
        elapsed = time.perf_counter() - start
    responses = [o.response for o in batch.outcomes if o.response is not None]
    imported = len(responses)
    right = wrong = left_out = 0
    for response, truth in zip(responses, truths, strict=False):
        for question, value in truth.items():
            got = response.answers.get(question)
            if isinstance(value, dict):  # a matrix: row by row (a doubtful row is left out)
                for topic, column in value.items():
                    if not isinstance(got, dict) or topic not in got:
                        left_out += 1
                    elif got[topic] == column:
                        right += 1
                    else:
                        wrong += 1
            elif got is None:
                left_out += 1
            elif got == value:
                right += 1
            else:
                wrong += 1
    review = sum(len(form.review) for form in batch.forms)
    per_page = elapsed / len(pages)
    return [
        row(
            f"import {len(pages)} scanned pages",
            elapsed,
            None,
            max_seconds=60 if not quick else None,
            note=f"{imported}/{forms} forms, {per_page * 1000:.0f} ms per page; answers: "
            f"{right} right, {wrong} wrong, {left_out} left for review ({review} zones); "
            "a matrix row counts as one answer",
        ),
        row(
            "print the reference form (LibreOffice)", printing, None, note="once per questionnaire"
        ),
    ]
