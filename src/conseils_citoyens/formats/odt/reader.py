"""Find the answer slots of an .odt content tree (lxml), whoever wrote the file.

Shared by the importer and by :func:`~.fill.fill_odt`. A slot is found by its
bookmark (``text:bookmark-start`` or ``text:bookmark``); its *widget* is the
first control after the bookmark in the same paragraph, or the control that
contains the bookmark: a LibreOffice content control (``loext:content-control``),
a form control (``draw:control`` pointing to ``form:checkbox``/``form:text``),
a legacy checkbox field (``field:fieldmark``) or an input field
(``text:text-input``, what LibreOffice makes of a Word plain-text control).
Without a widget, the slot's value is the text typed after the bookmark.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

import attrs

from conseils_citoyens.formats.slots import Slot, SlotKind, glyph_checked

TEXT_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
LOEXT_NS: Final = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
FORM_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:form:1.0"
DRAW_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
FIELD_NS: Final = "urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0"
STYLE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
META_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
DC_NS: Final = "http://purl.org/dc/elements/1.1/"
XML_NS: Final = "http://www.w3.org/XML/1998/namespace"


def q(ns: str, name: str) -> str:
    """Clark notation ``{ns}name``."""
    return f"{{{ns}}}{name}"


PARAGRAPHS: Final = frozenset({q(TEXT_NS, "p"), q(TEXT_NS, "h")})
BOOKMARKS: Final = frozenset({q(TEXT_NS, "bookmark-start"), q(TEXT_NS, "bookmark")})
BOOKMARK_END: Final = q(TEXT_NS, "bookmark-end")
CONTENT_CONTROL: Final = q(LOEXT_NS, "content-control")
TEXT_INPUT: Final = q(TEXT_NS, "text-input")
DRAW_CONTROL: Final = q(DRAW_NS, "control")
FIELDMARKS: Final = frozenset({q(FIELD_NS, "fieldmark"), q(FIELD_NS, "fieldmark-start")})
WIDGETS: Final = frozenset({CONTENT_CONTROL, TEXT_INPUT, DRAW_CONTROL, *FIELDMARKS})
CHECKBOX_FIELD: Final = "vnd.oasis.opendocument.field.FORMCHECKBOX"
#: Elements whose content is not part of the paragraph's own text.
_SKIPPED: Final = frozenset(
    {q(OFFICE_NS, "annotation"), q(TEXT_NS, "note"), q(TEXT_NS, "tracked-changes")}
)


@attrs.define(kw_only=True)
class Token:
    """A piece of a paragraph: text, a bookmark start/end, or a widget."""

    kind: str  # "text", "bookmark", "bookmark_end", "widget"
    text: str = ""
    name: str = ""
    element: Any = None


#: Most spaces one ``text:s`` stands for: ``text:c`` comes from the file
#: (``text:c="99999999999"`` would allocate 100 GB).
MAX_SPACES: Final = 1000


def spaces(node: Any) -> str:
    """The spaces a ``text:s`` element stands for (``text:c``, bounded; 1 when unreadable)."""
    raw = (node.get(q(TEXT_NS, "c")) or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return " "
    count = MAX_SPACES if len(raw) > 6 else int(raw)
    return " " * min(max(count, 1), MAX_SPACES)


def element_text(element: Any) -> str:
    """The visible text of an element: ``text:s``, tabs and line breaks included."""
    parts: list[str] = []
    if element.text:
        parts.append(element.text)
    for child in element:
        _append_text(child, parts)
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def _append_text(node: Any, parts: list[str]) -> None:
    tag = node.tag
    if not isinstance(tag, str) or tag in _SKIPPED:
        return
    if tag == q(TEXT_NS, "s"):
        parts.append(spaces(node))
    elif tag == q(TEXT_NS, "tab"):
        parts.append("\t")
    elif tag == q(TEXT_NS, "line-break"):
        parts.append("\n")
    else:
        parts.append(element_text(node))


def paragraph_tokens(paragraph: Any) -> list[Token]:
    """Split a paragraph into tokens in document order (nested paragraphs excluded)."""
    tokens: list[Token] = []

    def text(value: str | None) -> None:
        if value:
            tokens.append(Token(kind="text", text=value))

    def walk(node: Any) -> None:
        tag = node.tag
        if not isinstance(tag, str) or tag in _SKIPPED or tag in PARAGRAPHS:
            return
        if tag in BOOKMARKS:
            name = node.get(q(TEXT_NS, "name"), "")
            tokens.append(Token(kind="bookmark", name=name))
            if tag == q(TEXT_NS, "bookmark"):
                tokens.append(Token(kind="bookmark_end", name=name))
        elif tag == BOOKMARK_END:
            tokens.append(Token(kind="bookmark_end", name=node.get(q(TEXT_NS, "name"), "")))
        elif tag in WIDGETS:
            for inner in node.iter(*BOOKMARKS):
                tokens.append(Token(kind="bookmark", name=inner.get(q(TEXT_NS, "name"), "")))
            tokens.append(Token(kind="widget", element=node))
        elif tag == q(TEXT_NS, "s"):
            text(spaces(node))
        elif tag == q(TEXT_NS, "tab"):
            text("\t")
        elif tag == q(TEXT_NS, "line-break"):
            text("\n")
        else:
            text(node.text)
            for child in node:
                walk(child)
                text(child.tail)

    text(paragraph.text)
    for child in paragraph:
        walk(child)
        text(child.tail)
    return tokens


@attrs.define(kw_only=True)
class Found:
    """Where a slot is in the document: its paragraph, its widget, its text."""

    slot: Slot
    paragraph: Any
    widget: Any = None
    text: list[str] = attrs.field(factory=list)
    closed: bool = False
    continuation: list[str] = attrs.field(factory=list)


@attrs.define(kw_only=True)
class Scan:
    """The result of scanning a document body for slots."""

    found: dict[Slot, Found] = attrs.field(factory=dict)
    static: list[str] = attrs.field(factory=list)
    #: For each text of ``static``: the first slot of its paragraph, if any.
    static_slots: list[Slot | None] = attrs.field(factory=list)


#: Where the paragraphs are not part of the text shown: the deleted text kept by
#: tracked changes (``text:tracked-changes``, with its ``text:deletion`` regions).
_NOT_SHOWN: Final = frozenset({q(TEXT_NS, "tracked-changes")})


def body_paragraphs(body: Any) -> Iterator[Any]:
    """Every paragraph and heading of ``body`` a person sees, in document order.

    Deleted text kept by tracked changes is left out; notes and comments are
    kept (their text is reported as written outside the answer areas).
    """
    stack = [iter(body)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        tag = node.tag
        if not isinstance(tag, str) or tag in _NOT_SHOWN:
            continue
        if tag in PARAGRAPHS:
            yield node
        stack.append(iter(node))


def paragraph_style_parents(root: Any) -> dict[str, str]:
    """Map automatic paragraph style names (``P3``) to their parent style."""
    parents: dict[str, str] = {}
    for style in root.iter(q(STYLE_NS, "style")):
        name = style.get(q(STYLE_NS, "name"))
        parent = style.get(q(STYLE_NS, "parent-style-name"))
        if name and parent:
            parents[name] = parent
    return parents


def scan(
    body: Any,
    slots_by_bookmark: Mapping[str, Slot],
    *,
    answer_styles: frozenset[str] = frozenset(),
    style_parents: Mapping[str, str] | None = None,
) -> Scan:
    """Find every slot of ``body`` and collect the text outside slots, paragraph by paragraph."""
    result = Scan()
    parents = style_parents or {}
    last_text_slot: Found | None = None
    for paragraph in body_paragraphs(body):
        tokens = paragraph_tokens(paragraph)
        current: Found | None = None
        static: list[str] = []
        saw_slot = False
        first_slot: Slot | None = None
        for token in tokens:
            if token.kind == "bookmark":
                slot = slots_by_bookmark.get(token.name)
                if slot is None or slot in result.found:
                    continue
                current = Found(slot=slot, paragraph=paragraph)
                result.found[slot] = current
                saw_slot = True
                first_slot = first_slot or slot
                if slot.kind is SlotKind.TEXT:
                    last_text_slot = current
            elif token.kind == "bookmark_end":
                if current is not None and current.slot.bookmark == token.name:
                    current.closed = True
            elif token.kind == "widget":
                if (
                    current is not None
                    and current.widget is None
                    and not "".join(current.text).strip()
                ):
                    current.text.clear()
                    current.widget = token.element
                else:
                    static.append(element_text(token.element))
            elif current is None or current.widget is not None:
                static.append(token.text)
            elif current.slot.kind is SlotKind.TEXT or not current.closed:
                current.text.append(token.text)
            elif not "".join(current.text).strip():
                # a collapsed bookmark before a typed glyph: take the first word
                stripped = token.text.lstrip()
                word, _, rest = stripped.partition(" ")
                if word and glyph_checked(word) is not None:
                    current.text.append(word)
                    static.append(rest)
                else:
                    current.text.append("")
                    static.append(token.text)
            else:
                static.append(token.text)
        style = paragraph.get(q(TEXT_NS, "style-name"), "")
        lineage = {style}
        for _ in range(8):  # automatic style -> its parent -> ...
            style = parents.get(style, "")
            if not style or style in lineage:
                break
            lineage.add(style)
        if saw_slot:
            if not any(
                f.slot.kind is SlotKind.TEXT
                for f in result.found.values()
                if f.paragraph is paragraph
            ):
                last_text_slot = None
        elif last_text_slot is not None and not lineage.isdisjoint(answer_styles):
            line = "".join(static)
            last_text_slot.continuation.append(line)
            continue
        else:
            last_text_slot = None
        result.static.append("".join(static))
        result.static_slots.append(first_slot)
    return result


def iter_form_controls(root: Any) -> Iterator[tuple[str, Any]]:
    """Yield ``(id, element)`` for each form control of ``office:forms``."""
    for form in root.iter(q(OFFICE_NS, "forms")):
        for element in form.iter():
            if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{FORM_NS}}}"):
                continue
            for key in (q(FORM_NS, "id"), q(XML_NS, "id")):
                ident = element.get(key)
                if ident:
                    yield ident, element


def check_state(widget: Any, controls: Mapping[str, Any]) -> bool | None:
    """The state of a checkbox widget: True/False, or None when it is not a checkbox."""
    tag = widget.tag
    if tag == CONTENT_CONTROL:
        if widget.get(q(LOEXT_NS, "checkbox")) == "true":
            checked = widget.get(q(LOEXT_NS, "checked"))
            if checked in ("true", "false"):
                return bool(checked == "true")
        return glyph_checked(element_text(widget))
    if tag == DRAW_CONTROL:
        control = controls.get(widget.get(q(DRAW_NS, "control"), ""))
        if control is None or control.tag != q(FORM_NS, "checkbox"):
            return None
        state = control.get(q(FORM_NS, "current-state")) or control.get(q(FORM_NS, "state"))
        return bool(state == "checked")
    if tag in FIELDMARKS:
        if widget.get(q(FIELD_NS, "type")) != CHECKBOX_FIELD:
            return None
        for param in widget.iter(q(FIELD_NS, "param")):
            if param.get(q(FIELD_NS, "name")) == "Checkbox_Checked":
                return bool(param.get(q(FIELD_NS, "value"), "").lower() == "true")
        return False
    return glyph_checked(element_text(widget))


def shows_placeholder(widget: Any) -> bool:
    """True when a content control is flagged as showing its placeholder."""
    return bool(
        widget.tag == CONTENT_CONTROL and widget.get(q(LOEXT_NS, "showing-place-holder")) == "true"
    )


def has_styled_text(widget: Any, styles: frozenset[str], parents: Mapping[str, str]) -> bool:
    """True when some visible text of ``widget`` is in a span of one of ``styles``.

    A span's style counts through its parents (``parents``: style name -> parent),
    so an automatic style derived from one of ``styles`` counts too.
    """
    for span in widget.iter(q(TEXT_NS, "span")):
        name = span.get(q(TEXT_NS, "style-name"))
        seen: set[str] = set()
        while name and name not in styles and name not in seen:
            seen.add(name)
            name = parents.get(name)
        if name in styles and element_text(span).strip():
            return True
    return False


def widget_text(widget: Any, controls: Mapping[str, Any]) -> str:
    """The text shown in a text widget (its placeholder too: see :func:`shows_placeholder`)."""
    tag = widget.tag
    if tag == CONTENT_CONTROL:
        return element_text(widget)
    if tag == DRAW_CONTROL:
        control = controls.get(widget.get(q(DRAW_NS, "control"), ""))
        if control is None:
            return ""
        value = control.get(q(FORM_NS, "current-value"))
        return str(value if value is not None else control.get(q(FORM_NS, "value"), ""))
    if tag in FIELDMARKS:
        return ""
    return element_text(widget)


__all__ = [
    "Found",
    "Scan",
    "body_paragraphs",
    "check_state",
    "element_text",
    "has_styled_text",
    "iter_form_controls",
    "paragraph_style_parents",
    "scan",
    "shows_placeholder",
    "widget_text",
]
