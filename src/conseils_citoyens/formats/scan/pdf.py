"""The paper form as PDF: LibreOffice's print of the .odt form, nothing added.

:func:`print_form` exports the .odt form (or the .docx one) and has LibreOffice
print it to PDF, keeping slot bookmarks as named destinations so that
:mod:`.geometry` can find every box. The corner marks and the QR code are in
the form's page header (:mod:`conseils_citoyens.formats._scanmarks`): the PDF
is exactly what a person gets by printing the .odt form from LibreOffice, and
the scan reader prints the same file again to know where each box is.

Earlier versions stamped the marks and a numbered QR code on each page of
this PDF instead; those pages are still read (:mod:`.identity`).
"""

from __future__ import annotations

import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import IO, Final, Literal

from conseils_citoyens.errors import ConseilsCitoyensError
from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.scan._deps import soffice
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


def print_form(
    questionnaire: Questionnaire,
    options: ExportOptions | None = None,
    *,
    source: Literal["odt", "docx"] = "odt",
) -> bytes:
    """Return LibreOffice's PDF print of the .odt (or .docx) form of ``questionnaire``.

    Needs LibreOffice; raises :class:`EasyReadPdfError` for the easy-read form,
    which carries no scan marks.
    """
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
    exporter = exporter_for(f".{source}")
    if exporter is None:  # pragma: no cover - both formats are built in
        raise PrintError({"fr": f"format {source} indisponible", "en": f"{source} unavailable"})
    with tempfile.TemporaryDirectory(prefix="cc-form-") as work:
        document = Path(work) / f"formulaire.{source}"
        with document.open("wb") as stream:
            exporter.export(questionnaire, stream, options)
        return libreoffice_pdf(document)


def export_pdf(questionnaire: Questionnaire, stream: IO[bytes], options: ExportOptions) -> None:
    """The ``.pdf`` exporter: write the paper form to ``stream``."""
    stream.write(print_form(questionnaire, options))
