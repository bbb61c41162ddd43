"""Fill an exported Word form with answers, the way Word does (the demo's ``fill_form``).

Checkboxes get their state (``w14:checked``) and glyph (☒/☐); text boxes lose
their placeholder (``w:showingPlcHdr``) and get the typed text, new lines as
``w:br``. Every other part of the package is copied unchanged.
"""

from __future__ import annotations

import datetime as dt
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
    saved_on: dt.date | None = None,
) -> None:
    """Write a copy of the form ``source`` with ``answers`` filled in to ``destination``.

    ``overrides`` sets slots directly (a box ticked by mistake, text typed by
    a person), after the answers: for tests and demonstrations. The copy is
    stamped as saved on ``saved_on`` (default: today, UTC), as
    ``dcterms:modified`` in ``docProps/core.xml``.

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
    replaced = {form.main_part: document_xml}
    replaced.update(_stamped_parts(package, saved_on or dt.datetime.now(dt.UTC).date()))
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(package.stream()) as original,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        names = set()
        for info in original.infolist():
            names.add(info.filename)
            data = replaced.get(info.filename) or package.read(info.filename)
            copy.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in replaced.items():
            if name not in names:
                copy.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    if isinstance(destination, str | Path):
        from conseils_citoyens.documents.jsonio import write_atomic

        write_atomic(Path(destination), buffer.getvalue())
    else:
        destination.write(buffer.getvalue())


def _stamped_parts(package: Any, saved_on: dt.date) -> dict[str, bytes]:
    """The parts to write so that the core properties say "last saved on ``saved_on``".

    The core properties part is updated, or added with its relationship and
    content type when the form has none.
    """
    from lxml import etree

    def dump(root: Any) -> bytes:
        data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return data

    parts: dict[str, bytes] = {}
    rels = package.parse_xml("_rels/.rels")
    target = next(iter(_oxml.relationship_targets(rels, _oxml.CORE_REL_TYPE)), None)
    name = target.lstrip("/") if target else "docProps/core.xml"
    if package.has(name):
        core = package.parse_xml(name)
    else:
        core = etree.Element(
            f"{{{_oxml.CORE_PROPERTIES_NS}}}coreProperties",
            nsmap={
                "cp": _oxml.CORE_PROPERTIES_NS,
                "dcterms": _oxml.DCTERMS_NS,
                "xsi": _oxml.XSI_NS,
            },
        )
        if target is None:
            relation = etree.SubElement(rels, f"{{{_oxml.PKG_REL_NS}}}Relationship")
            ids = {r.get("Id") for r in rels}
            relation.set(
                "Id", next(f"rIdCore{i}" for i in range(len(ids) + 1) if f"rIdCore{i}" not in ids)
            )
            relation.set("Type", _oxml.CORE_REL_TYPE)
            relation.set("Target", name)
            parts["_rels/.rels"] = dump(rels)
        types = package.parse_xml("[Content_Types].xml")
        namespace = types.tag[1:].partition("}")[0]
        override = etree.SubElement(types, f"{{{namespace}}}Override")
        override.set("PartName", f"/{name}")
        override.set("ContentType", _oxml.CORE_CONTENT_TYPE)
        parts["[Content_Types].xml"] = dump(types)
    modified = core.find(f"{{{_oxml.DCTERMS_NS}}}modified")
    if modified is None:
        modified = etree.SubElement(core, f"{{{_oxml.DCTERMS_NS}}}modified")
    modified.set(f"{{{_oxml.XSI_NS}}}type", "dcterms:W3CDTF")
    modified.text = f"{saved_on.isoformat()}T12:00:00Z"
    parts[name] = dump(core)
    return parts
