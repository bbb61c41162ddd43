"""Fillable Word (.docx) forms: export a questionnaire, read filled forms back.

Kept light: python-docx and lxml are imported only when a form is written or read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from conseils_citoyens.formats import (
    Exporter,
    ExportOptions,
    FilledForm,
    Importer,
    QuestionnaireResolver,
)
from conseils_citoyens.hookspecs import hookimpl
from conseils_citoyens.survey.questionnaire.model import Questionnaire

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _export(questionnaire: Questionnaire, stream: IO[bytes], options: ExportOptions) -> None:
    from conseils_citoyens.formats.docx.export import export_docx

    export_docx(questionnaire, stream, options)


def _read(path: Path, resolve: QuestionnaireResolver) -> FilledForm:
    from conseils_citoyens.formats.docx.importer import read_form

    return read_form(path, resolve)


def _fill(*args: Any, **kwargs: Any) -> None:
    from conseils_citoyens.formats.docx.fill import fill_docx

    fill_docx(*args, **kwargs)


EXPORTER = Exporter(
    name="docx",
    suffixes=(".docx",),
    media_type=MEDIA_TYPE,
    export=_export,
    fill=_fill,
    description={
        "fr": "Formulaire Word à remplir (cases à cocher, zones de texte), imprimable",
        "en": "Fillable, printable Word form (checkboxes, text boxes)",
    },
)

IMPORTER = Importer(
    name="docx",
    suffixes=(".docx",),
    read=_read,
    description={
        "fr": "Formulaire Word rempli (Word, LibreOffice, ou imprimé puis ressaisi)",
        "en": "Filled Word form (Word, LibreOffice)",
    },
)


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the Word form exporter."""
    register(EXPORTER)


@hookimpl
def register_importers(register: Callable[[Importer], None]) -> None:
    """Register the Word form importer."""
    register(IMPORTER)
