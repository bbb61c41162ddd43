"""Fill an exported .odt form with answers, the way LibreOffice does.

A ticked checkbox content control gets ``loext:checked="true"`` and the ☒
glyph; a text content control loses its placeholder state and holds the
text (line breaks as ``text:line-break``). Used by tests, the demo and apps
that pre-fill forms.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from conseils_citoyens.documents.jsonio import atomic_output
from conseils_citoyens.formats.slots import (
    Slot,
    SlotKind,
    SlotValue,
    form_slots,
    slot_values_from_answers,
)
from conseils_citoyens.survey.questionnaire.model import Questionnaire


def _set_text(element: Any, text: str) -> None:
    """Replace the content of ``element`` by ``text``, keeping its first span's style."""
    from lxml import etree  # no stubs: the mypy override treats lxml as untyped

    from conseils_citoyens.formats.odt._odf import PLACEHOLDER_STYLE
    from conseils_citoyens.formats.odt.reader import TEXT_NS, q

    holder = element
    span = element.find(q(TEXT_NS, "span"))
    for child in list(element):
        if child.tag in (q(TEXT_NS, "bookmark-end"), q(TEXT_NS, "bookmark-start")):
            continue
        if child is not span:
            element.remove(child)
    if span is not None:
        holder = span
        for child in list(span):
            span.remove(child)
        span.tail = None
        if span.get(q(TEXT_NS, "style-name")) == PLACEHOLDER_STYLE:
            # the answer is no placeholder: in the text colour, not grey
            del span.attrib[q(TEXT_NS, "style-name")]
    element.text = None
    lines = text.split("\n")
    holder.text = lines[0]
    for line in lines[1:]:
        br = etree.SubElement(holder, q(TEXT_NS, "line-break"))
        br.tail = line


def _fill_content(
    content: bytes,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    overrides: Mapping[Slot, SlotValue] | None = None,
) -> bytes:
    from lxml import etree  # no stubs: the mypy override treats lxml as untyped

    from conseils_citoyens.formats.odt import reader
    from conseils_citoyens.formats.odt._odf import CHECKED_GLYPH, UNCHECKED_GLYPH

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(content, parser)
    body = root.find(reader.q(reader.OFFICE_NS, "body"))
    slots = form_slots(questionnaire)
    found = reader.scan(body, {slot.bookmark: slot for slot in slots}).found
    values = slot_values_from_answers(questionnaire, answers)
    values.update(overrides or {})
    loext = reader.LOEXT_NS
    for slot in slots:
        place = found.get(slot)
        value = values.get(slot)
        if place is None or place.widget is None or place.widget.tag != reader.CONTENT_CONTROL:
            if value:
                raise ValueError(f"slot {slot.bookmark} has no content control to fill")
            continue
        widget = place.widget
        if slot.kind is SlotKind.CHECK:
            checked = value is True
            widget.set(reader.q(loext, "checked"), "true" if checked else "false")
            _set_text(widget, CHECKED_GLYPH if checked else UNCHECKED_GLYPH)
        elif isinstance(value, str) and value:
            widget.attrib.pop(reader.q(loext, "showing-place-holder"), None)
            _set_text(widget, value)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return result


def _stamp_meta(meta: bytes, saved_on: dt.date) -> bytes:
    """``meta.xml`` with its ``dc:date`` (last saved) set to ``saved_on``, as an editor does."""
    from lxml import etree

    from conseils_citoyens.formats.odt.reader import DC_NS, OFFICE_NS

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(meta, parser)
    office_meta = root.find(f"{{{OFFICE_NS}}}meta")
    if office_meta is None:
        office_meta = etree.SubElement(root, f"{{{OFFICE_NS}}}meta")
    stamp = office_meta.find(f"{{{DC_NS}}}date")
    if stamp is None:
        stamp = etree.SubElement(office_meta, f"{{{DC_NS}}}date")
    stamp.text = f"{saved_on.isoformat()}T12:00:00"
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return result


def fill_odt(
    source: str | Path | bytes | IO[bytes],
    answers: Mapping[str, Any],
    destination: str | Path | IO[bytes],
    *,
    questionnaire: Questionnaire,
    overrides: Mapping[Slot, SlotValue] | None = None,
    saved_on: dt.date | None = None,
) -> None:
    """Write a copy of the .odt form ``source`` with ``answers`` filled in.

    ``source`` is a path, the bytes of the form, or a binary stream;
    ``destination`` a path (written atomically) or a binary stream.
    ``overrides`` sets slots directly (a box ticked by mistake, text typed
    by a person), after the answers: for tests and demonstrations. The copy
    is stamped as saved on ``saved_on`` (default: today, UTC) in ``meta.xml``.
    """
    from conseils_citoyens.documents.safety import open_package, package_from_bytes

    # The form is checked like any document we read (size, zip bombs, DOCTYPE...)
    # before a byte of it is inflated.
    if isinstance(source, str | Path):
        package = open_package(source, kind="odt")
    else:
        data = source if isinstance(source, bytes) else source.read()
        package = package_from_bytes(data, name="<odt>", kind="odt")
    content = package.read_xml("content.xml")  # refuses a DOCTYPE, an entity
    entries = [
        (name, content if name == "content.xml" else package.read(name)) for name in package.names()
    ]
    filled = _fill_content(content, questionnaire, answers, overrides)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, blob in entries:
            if name == "content.xml":
                blob = filled
            elif name == "meta.xml":
                blob = _stamp_meta(blob, saved_on or dt.datetime.now(dt.UTC).date())
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            out.writestr(name, blob, compress_type=compress)
    if isinstance(destination, str | Path):
        with atomic_output(destination) as handle:
            handle.write(buffer.getvalue())
    else:
        destination.write(buffer.getvalue())


__all__ = ["fill_odt"]
