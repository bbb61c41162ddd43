"""Scanned paper forms: the PDF form, and reading scans of printed forms.

Built-in plugin registering the ``.pdf`` export of the questionnaire
(LibreOffice's print of the .odt form; like the .odt and .docx forms, it
carries corner marks and a QR code on every page, in the page header).
Reading scans lives in :mod:`.importer` (``responses import``), the review of
doubtful marks in :mod:`.review` (``responses review``).

Nothing heavy is imported here: numpy, pypdfium2, zxing-cpp and Pillow (the
optional ``scan`` extra) load only when a scan is read, and a missing one
gives a French message naming ``pip install "conseils-citoyens[scan]"``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from conseils_citoyens.formats import Exporter, ExportOptions
from conseils_citoyens.hookspecs import hookimpl
from conseils_citoyens.survey.questionnaire.model import Questionnaire


def _export(questionnaire: Questionnaire, stream: IO[bytes], options: ExportOptions) -> None:
    from conseils_citoyens.formats.scan.pdf import export_pdf

    export_pdf(questionnaire, stream, options)


EXPORTER = Exporter(
    name="pdf",
    suffixes=(".pdf",),
    media_type="application/pdf",
    export=_export,
    description={
        "fr": "Formulaire papier à imprimer (le .odt imprimé par LibreOffice), lisible au "
        "scanner : marques d'angle et code QR sur chaque page. Demande LibreOffice.",
        "en": "Paper form to print (the .odt printed by LibreOffice), readable by scanner: "
        "corner marks and a QR code on every page. Needs LibreOffice.",
    },
)


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the PDF paper form."""
    register(EXPORTER)


__all__ = ["EXPORTER", "register_exporters"]
