"""The paper form as PDF: LibreOffice's print of the ODT form, with marks and QR codes.

:func:`print_form` exports the ODT form, has LibreOffice print it to PDF
(slot bookmarks kept as named destinations, so that :mod:`.geometry` can find
every box), then stamps on every page four corner marks for alignment and a
QR code naming the questionnaire, the page and the respondent
(:mod:`.identity`). The PDF is thus the same print as the ODT/DOCX form.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import IO, Any, Final

from conseils_citoyens.errors import ConseilsCitoyensError
from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.scan._deps import require, soffice
from conseils_citoyens.formats.scan.geometry import Rect, page_furniture
from conseils_citoyens.formats.scan.identity import PageIdentity
from conseils_citoyens.survey.questionnaire.model import Questionnaire

MEDIA_TYPE: Final = "application/pdf"
#: LibreOffice's PDF filter, asked to keep bookmarks as named destinations.
_PDF_FILTER: Final = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)
_TIMEOUT: Final = 240.0


class PrintError(ConseilsCitoyensError):
    """LibreOffice could not print the form to PDF."""

    code = "scan.print_failed"


class EasyReadPdfError(ConseilsCitoyensError):
    """The easy-read form is not printed as a PDF for scanning."""

    code = "scan.easy_read_pdf"


def libreoffice_pdf(document: Path, *, timeout: float = _TIMEOUT) -> bytes:
    """Have LibreOffice print ``document`` to PDF (private profile, headless)."""
    binary = soffice()
    with tempfile.TemporaryDirectory(prefix="cc-print-") as work:
        profile = Path(work) / f"profile-{uuid.uuid4().hex}"
        outdir = Path(work) / "out"
        try:
            completed = subprocess.run(
                [
                    binary,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    _PDF_FILTER,
                    "--outdir",
                    str(outdir),
                    str(document),
                ],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PrintError(
                {
                    "fr": f"LibreOffice n'a pas imprimé le formulaire en {timeout:.0f} s",
                    "en": f"LibreOffice did not print the form within {timeout:.0f} s",
                }
            ) from exc
        result = outdir / f"{document.stem}.pdf"
        if not result.exists():
            detail = (completed.stderr or completed.stdout).strip()[:300]
            raise PrintError(
                {
                    "fr": f"LibreOffice n'a pas écrit de PDF ({detail or 'sans message'})",
                    "en": f"LibreOffice wrote no PDF ({detail or 'no message'})",
                }
            )
        return result.read_bytes()


def print_form(questionnaire: Questionnaire, options: ExportOptions | None = None) -> bytes:
    """Return the stamped PDF form of ``questionnaire`` (needs LibreOffice and the scan extra)."""
    from conseils_citoyens.survey.questionnaire.export import exporter_for

    options = options or ExportOptions()
    if options.easy_read:
        raise EasyReadPdfError(
            {
                "fr": "le formulaire PDF à scanner n'existe pas en version « facile à lire » "
                "(ses pages ne seraient pas relues) : exportez-la en .docx ou .odt pour "
                "l'imprimer, ou exportez le formulaire ordinaire en PDF",
                "en": "the PDF form for scanning has no easy-read version (its pages could "
                "not be read back): export it as .docx or .odt to print it, or export the "
                "ordinary form as PDF",
            }
        )
    require("pypdfium2")
    require("segno")
    odt = exporter_for(".odt")
    if odt is None:  # pragma: no cover - the ODT format is built in
        raise PrintError({"fr": "format ODT indisponible", "en": "ODT format unavailable"})
    with tempfile.TemporaryDirectory(prefix="cc-form-") as work:
        source = Path(work) / "formulaire.odt"
        with source.open("wb") as stream:
            odt.export(questionnaire, stream, options)
        printed = libreoffice_pdf(source)
    return stamp(printed, questionnaire, options)


def stamp(pdf_bytes: bytes, questionnaire: Questionnaire, options: ExportOptions) -> bytes:
    """Add the corner marks and each page's QR code to a printed form."""
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    pdfium = require("pypdfium2")
    raw = require("pypdfium2.raw")
    ref = questionnaire_ref(questionnaire)
    respondent = options.respondent
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        pages = len(pdf)
        for index in range(pages):
            page = pdf[index]
            width, height = (float(v) for v in page.get_size())
            furniture = page_furniture(width, height)
            identity = PageIdentity.for_page(
                ref,
                lang=options.lang,
                page=index + 1,
                pages=pages,
                token=respondent.token if respondent else None,
                council_id=respondent.council_id if respondent else None,
            )
            path = raw.FPDFPageObj_CreateNewPath(0, 0)
            for mark in furniture.marks:
                _add_rect(raw, path, mark, height)
            for cell in qr_cells(identity.encode(), furniture.qr):
                _add_rect(raw, path, cell, height)
            raw.FPDFPageObj_SetFillColor(path, 0, 0, 0, 255)
            raw.FPDFPath_SetDrawMode(path, raw.FPDF_FILLMODE_WINDING, False)
            raw.FPDFPage_InsertObject(page.raw, path)
            raw.FPDFPage_GenerateContent(page.raw)
        out = io.BytesIO()
        pdf.save(out)
    finally:
        pdf.close()
    return out.getvalue()


def qr_cells(text: str, area: Rect) -> list[Rect]:
    """The dark modules of the QR code of ``text`` drawn in ``area``, merged by row."""
    segno = require("segno")
    code = segno.make_qr(text, error="m", boost_error=False)
    matrix = [list(row) for row in code.matrix]
    count = len(matrix)
    module = area.width / count
    cells: list[Rect] = []
    for row_index, row in enumerate(matrix):
        start: int | None = None
        for column, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                cells.append(
                    Rect(
                        x=area.x + start * module,
                        y=area.y + row_index * module,
                        width=(column - start) * module,
                        height=module,
                    )
                )
                start = None
    return cells


def _add_rect(raw: Any, path: Any, rect: Rect, page_height: float) -> None:
    """Add a closed rectangle to a path object (PDF space: origin bottom left)."""
    bottom = page_height - rect.bottom
    raw.FPDFPath_MoveTo(path, rect.x, bottom)
    raw.FPDFPath_LineTo(path, rect.right, bottom)
    raw.FPDFPath_LineTo(path, rect.right, bottom + rect.height)
    raw.FPDFPath_LineTo(path, rect.x, bottom + rect.height)
    raw.FPDFPath_Close(path)


def export_pdf(questionnaire: Questionnaire, stream: IO[bytes], options: ExportOptions) -> None:
    """The ``.pdf`` exporter: write the stamped paper form to ``stream``."""
    stream.write(print_form(questionnaire, options))
