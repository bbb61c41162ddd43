"""Fill an exported Word form with answers, the way Word does (the demo's ``fill_form``).

Checkboxes get their state (``w14:checked``) and glyph (☒/☐); text boxes lose
their placeholder (``w:showingPlcHdr``) and get the typed text, new lines as
``w:br``. Every other part of the package is copied unchanged.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from conseils_citoyens.errors import UnknownQuestionnaireError
from conseils_citoyens.formats.docx import _oxml
from conseils_citoyens.formats.docx.importer import map_controls, open_form
from conseils_citoyens.formats.slots import Slot, SlotKind, SlotValue, slot_values_from_answers
from conseils_citoyens.survey.questionnaire.model import Questionnaire


def fill_docx(
    source: str | Path,
    answers: Mapping[str, Any],
    destination: str | Path | IO[bytes],
    *,
    questionnaire: Questionnaire,
    overrides: Mapping[Slot, SlotValue] | None = None,
) -> None:
    """Write a copy of the form ``source`` with ``answers`` filled in to ``destination``.

    ``overrides`` sets slots directly (a box ticked by mistake, text typed by
    a person), after the answers: for tests and demonstrations.

    ``answers`` uses the response value shapes. ``questionnaire`` must be the
    one the form was exported from (checked against its content hash). A path
    destination is written atomically.
    """
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    form, package = open_form(source)
    ref = questionnaire_ref(questionnaire)
    if form.ref != ref:
        raise UnknownQuestionnaireError(
            form.source,
            {
                "fr": f"ce formulaire vient du questionnaire {form.ref.id} version {form.ref.version}, pas de {ref.id} version {ref.version} (ou son contenu a changé)",
                "en": f"this form comes from questionnaire {form.ref.id} version {form.ref.version}, not {ref.id} version {ref.version} (or its content changed)",
            },
        )
    mapping = map_controls(form, questionnaire)
    values = slot_values_from_answers(questionnaire, answers)
    values.update(overrides or {})
    for slot, control in mapping.by_slot.items():
        value = values.get(slot)
        if slot.kind is SlotKind.CHECK:
            _oxml.set_checkbox(control, value is True)
        elif isinstance(value, str):
            _oxml.set_text(control, value)
    from lxml import etree

    document_xml = etree.tostring(
        form.root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(package.stream()) as original,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for info in original.infolist():
            data = document_xml if info.filename == form.main_part else package.read(info.filename)
            copy.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    if isinstance(destination, str | Path):
        from conseils_citoyens.documents.jsonio import write_atomic

        write_atomic(Path(destination), buffer.getvalue())
    else:
        destination.write(buffer.getvalue())
