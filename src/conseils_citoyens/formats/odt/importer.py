"""Import a filled .odt form: our own forms, and Word forms saved as .odt by LibreOffice.

The form is matched to its questionnaire by the user-defined properties
(``cc_questionnaire_id``, ``..._version``, ``..._hash``); slots are found by
bookmark name. Checkbox states are read from LibreOffice content controls,
form controls, legacy checkbox fields, or glyphs typed by hand; the state
wins over the glyph. Every answer is interpreted by
:func:`conseils_citoyens.formats.slots.answers_from_slots`; text found
outside any slot is returned in ``unmapped``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

from conseils_citoyens.errors import Problem, WrongDocumentKindError
from conseils_citoyens.formats import (
    ExportOptions,
    FilledForm,
    QuestionnaireResolver,
    saved_date,
)
from conseils_citoyens.formats.odt.export import (
    PROPERTY_COUNCIL,
    PROPERTY_HASH,
    PROPERTY_ID,
    PROPERTY_TOKEN,
    PROPERTY_VERSION,
)
from conseils_citoyens.formats.odt.layout import (
    STYLE_ANSWER,
    STYLE_ANSWER_KEEP,
    known_texts,
    normalise,
    words,
)
from conseils_citoyens.formats.slots import (
    Slot,
    SlotKind,
    SlotValue,
    answers_from_slots,
    form_slots,
    has_tick_mark,
    mark_beside_box_problem,
    missing_slot_problems,
    placeholder_flagged_problem,
)
from conseils_citoyens.survey.questionnaire.model import Questionnaire, QuestionnaireRef, Respondent

_NOISE = re.compile(r"[\s\d.,;:!?()\[\]«»\"'’/*_–—-]+")


def read_properties(meta_root: Any) -> dict[str, str]:
    """The user-defined properties of ``meta.xml`` (name -> text)."""
    from conseils_citoyens.formats.odt.reader import META_NS, q

    # The text and the tails: an XML comment inside a value does not cut it.
    return {
        element.get(q(META_NS, "name"), ""): (
            (element.text or "") + "".join(child.tail or "" for child in element)
        ).strip()
        for element in meta_root.iter(q(META_NS, "user-defined"))
    }


def read_saved_on(meta_root: Any) -> dt.date | None:
    """The day the document was last saved (``dc:date`` of ``meta.xml``), or None."""
    from conseils_citoyens.formats.odt.reader import DC_NS, OFFICE_NS

    stamp = meta_root.find(f"{{{OFFICE_NS}}}meta/{{{DC_NS}}}date")
    return saved_date(stamp.text if stamp is not None else None)


def form_reference(path: Path, properties: dict[str, str]) -> QuestionnaireRef:
    """The questionnaire reference stored in a form, or a WrongDocumentKindError."""
    missing = [
        name for name in (PROPERTY_ID, PROPERTY_VERSION, PROPERTY_HASH) if not properties.get(name)
    ]
    if missing:
        raise WrongDocumentKindError(
            path,
            {
                "fr": "ce document n'est pas un formulaire de questionnaire conseils-citoyens "
                f"(propriétés absentes : {', '.join(missing)})",
                "en": "this document is not a conseils-citoyens questionnaire form "
                f"(missing properties: {', '.join(missing)})",
            },
        )
    return QuestionnaireRef(
        id=properties[PROPERTY_ID],
        version=properties[PROPERTY_VERSION],
        hash=properties[PROPERTY_HASH],
    )


def _placeholders() -> frozenset[str]:
    texts: set[str] = set()
    for lang in ("fr", "en"):
        w = words(lang)
        texts.update((w["placeholder"], w["date_placeholder"], w["number_placeholder"]))
    try:  # a Word form saved as .odt keeps the Word form's placeholders
        from conseils_citoyens.formats.docx.export import PLACEHOLDERS
    except ImportError:  # pragma: no cover - the Word format is optional
        return frozenset(texts)
    return frozenset(texts | {normalise(text) for text in PLACEHOLDERS})


@functools.lru_cache(maxsize=64)
def _word_form_texts(questionnaire: Questionnaire) -> frozenset[str]:
    """What the Word form of ``questionnaire`` prints (it may come back saved as .odt)."""
    try:
        from conseils_citoyens.formats.docx.export import expected_texts, layout
    except ImportError:  # pragma: no cover - the Word format is optional
        return frozenset()
    texts: set[str] = set()
    for lang in {"fr", *questionnaire.languages}:
        for easy_read in (False, True):
            options = ExportOptions(lang=lang, easy_read=easy_read)
            texts.update(expected_texts(layout(questionnaire, options)))
    return frozenset(normalise(text) for text in texts)


def _is_known(text: str, known: frozenset[str], fragments: list[str]) -> bool:
    if text in known:
        return True
    rest = text
    for fragment in fragments:
        if fragment in rest:
            rest = rest.replace(fragment, " ")
    return not _NOISE.sub("", rest)


def _unreadable_box(questionnaire: Questionnaire, slot: Slot, text: str) -> Problem:
    label = questionnaire.question(slot.question_id).label
    return Problem(
        path=f"$.answers.{slot.question_id}",
        code="form.unreadable_box",
        texts={
            "fr": f"question {slot.number} ({label.get('fr')}) : case illisible « {text.strip()[:20]} » ; ignorée",
            "en": f"question {slot.number} ({label.get('en')}): unreadable box '{text.strip()[:20]}'; ignored",
        },
    )


def read_odt(path: str | Path, resolve: QuestionnaireResolver) -> FilledForm:
    """Read one filled .odt form; raise only DocumentError subclasses."""
    from conseils_citoyens.documents.safety import open_package
    from conseils_citoyens.formats.odt import reader
    from conseils_citoyens.formats.odt._odf import PLACEHOLDER_STYLES

    source = Path(path)
    package = open_package(source, kind="odt")
    meta = package.parse_xml("meta.xml") if package.has("meta.xml") else None
    properties = read_properties(meta) if meta is not None else {}
    ref = form_reference(source, properties)
    questionnaire = resolve(ref, str(source))
    content = package.parse_xml("content.xml")
    body = content.find(f"{{{reader.OFFICE_NS}}}body")
    if body is None:
        raise WrongDocumentKindError(
            source, {"fr": "document sans corps de texte", "en": "document without a body"}
        )
    slots = form_slots(questionnaire)
    by_bookmark = {slot.bookmark: slot for slot in slots}
    parents = reader.paragraph_style_parents(content)
    if package.has("styles.xml"):
        parents.update(reader.paragraph_style_parents(package.parse_xml("styles.xml")))
    result = reader.scan(
        body,
        by_bookmark,
        answer_styles=frozenset(
            {
                name
                for style in (STYLE_ANSWER, STYLE_ANSWER_KEEP)
                for name in (style, style.replace("_20_", " "))
            }
        ),
        style_parents=parents,
    )
    controls = dict(reader.iter_form_controls(content))
    placeholders = _placeholders()
    values: dict[Slot, SlotValue] = {}
    problems: list[Problem] = []
    unmapped: list[str] = []
    for slot in slots:
        found = result.found.get(slot)
        if found is None:
            continue
        if slot.kind is SlotKind.CHECK:
            if found.widget is not None:
                state = reader.check_state(found.widget, controls)
                shown = reader.element_text(found.widget)
            else:
                shown = "".join(found.text)
                from conseils_citoyens.formats.slots import glyph_checked

                state = glyph_checked(shown)
            if state is None:
                problems.append(_unreadable_box(questionnaire, slot, shown))
            else:
                values[slot] = state
            continue
        typed = (
            reader.widget_text(found.widget, controls)
            if found.widget is not None
            else "".join(found.text)
        )
        lines = [typed, *found.continuation]
        while lines and not lines[-1].strip():
            lines.pop()
        text = "\n".join(lines).strip()
        if normalise(text) in placeholders:
            text = ""
        elif (
            found.widget is not None
            and reader.shows_placeholder(found.widget)
            and reader.has_styled_text(found.widget, PLACEHOLDER_STYLES, parents)
        ):
            # Flagged as example text, in the placeholder style, yet not ours:
            # neither read nor dropped silently. (Text typed over the placeholder
            # is in the text colour: LibreOffice 7.4 leaves the flag, it is an answer.)
            problems.append(placeholder_flagged_problem(questionnaire, slot, text))
            text = ""
        values[slot] = text
    missing = [slot for slot in slots if slot not in result.found]
    problems.extend(missing_slot_problems(questionnaire, missing))
    answers, interpretation = answers_from_slots(questionnaire, values)
    problems.extend(interpretation)

    known = set(known_texts(questionnaire, "fr")) | _word_form_texts(questionnaire)
    token = properties.get(PROPERTY_TOKEN) or None
    council = properties.get(PROPERTY_COUNCIL) or None
    for lang in ("fr", "en"):
        w = words(lang)
        if token:
            known.add(normalise(w["token"].format(token=token)))
        if council:
            known.add(normalise(w["council"].format(council=council)))
    frozen_known = frozenset(known)
    fragments = sorted(frozen_known, key=len, reverse=True)
    for text, beside in zip(result.static, result.static_slots, strict=True):
        cleaned = normalise(text)
        if cleaned and not _is_known(cleaned, frozen_known, fragments):
            unmapped.append(cleaned)
            if beside is not None and has_tick_mark(cleaned):
                problems.append(mark_beside_box_problem(questionnaire, beside, cleaned))
    respondent = Respondent(token=token, council_id=council) if token or council else None
    return FilledForm(
        source=str(source),
        questionnaire=ref,
        answers=answers,
        respondent=respondent,
        problems=tuple(problems),
        unmapped=tuple(unmapped),
        saved_on=read_saved_on(meta) if meta is not None else None,
    )


__all__ = ["form_reference", "read_odt", "read_properties", "read_saved_on"]
