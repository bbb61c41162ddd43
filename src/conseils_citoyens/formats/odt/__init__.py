"""OpenDocument text (.odt) forms: export, fill and import.

Light on purpose: odfpy and lxml are imported only when a form is written or read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from conseils_citoyens.formats import (
    Exporter,
    ExportOptions,
    FilledForm,
    Importer,
    QuestionnaireResolver,
)
from conseils_citoyens.hookspecs import hookimpl

if TYPE_CHECKING:
    from conseils_citoyens.survey.questionnaire.model import Questionnaire

MEDIA_TYPE = "application/vnd.oasis.opendocument.text"


def _export(questionnaire: Questionnaire, stream: IO[bytes], options: ExportOptions) -> None:
    from conseils_citoyens.formats.odt.export import export_odt

    export_odt(questionnaire, stream, options)


def _read(path: Path, resolve: QuestionnaireResolver) -> FilledForm:
    from conseils_citoyens.formats.odt.importer import read_odt

    return read_odt(path, resolve)


def _fill(*args: Any, **kwargs: Any) -> None:
    from conseils_citoyens.formats.odt.fill import fill_odt

    fill_odt(*args, **kwargs)


EXPORTER = Exporter(
    name="odt",
    suffixes=(".odt",),
    media_type=MEDIA_TYPE,
    export=_export,
    fill=_fill,
    description={
        "fr": "Formulaire OpenDocument (.odt) à remplir, cases à cocher cliquables",
        "en": "Fillable OpenDocument (.odt) form with clickable checkboxes",
    },
)

IMPORTER = Importer(
    name="odt",
    suffixes=(".odt",),
    read=_read,
    description={
        "fr": "Formulaire OpenDocument (.odt) rempli (y compris un formulaire Word enregistré en .odt)",
        "en": "Filled OpenDocument (.odt) form (including a Word form saved as .odt)",
    },
)


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the .odt form exporter."""
    register(EXPORTER)


@hookimpl
def register_importers(register: Callable[[Importer], None]) -> None:
    """Register the .odt form importer."""
    register(IMPORTER)


__all__ = ["EXPORTER", "IMPORTER", "MEDIA_TYPE", "register_exporters", "register_importers"]
