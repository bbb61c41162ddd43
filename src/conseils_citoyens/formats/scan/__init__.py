"""Scanned paper forms: the PDF form with marks and QR codes, and reading scans of it.

Built-in plugin registering the ``.pdf`` export of the questionnaire (the
paper form printed by LibreOffice, with corner marks and a QR code on every
page). Reading scans lives in :mod:`.importer` (``responses import``), the
review of doubtful marks in :mod:`.review` (``responses review``).

Nothing heavy is imported here: numpy, pypdfium2, zxing-cpp, segno and
Pillow (the optional ``scan`` extra) load only when a PDF is written or a scan
is read, and a missing one gives a French message naming
``pip install "conseils-citoyens[scan]"``.
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
        "fr": "Formulaire papier à imprimer (PDF par LibreOffice), lisible au scanner : marques "
        "d'angle et code QR sur chaque page. Demande l'option scan et LibreOffice.",
        "en": "Paper form to print (PDF by LibreOffice), readable by scanner: corner marks and "
        "a QR code on every page. Needs the scan extra and LibreOffice.",
    },
)


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the PDF paper form."""
    register(EXPORTER)


__all__ = ["EXPORTER", "register_exporters"]
