"""Read a filled Word form back into answers.

The file is opened with the safe reader (:func:`conseils_citoyens.documents.safety.open_package`):
zip bounds, DOCTYPE refused, no entities, no network. ``word/document.xml`` is
walked with lxml — simpler and faster than python-docx for content controls.

Each control is mapped to its answer slot by its tag, else by its bookmark
(LibreOffice drops tags when it saves a .docx), else by document order when
the form has exactly the exported controls and the label next to each
matches. The states are turned into answers by
:func:`conseils_citoyens.formats.slots.answers_from_slots`, the one
interpretation shared by every form format.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from conseils_citoyens.errors import (
    DocumentError,
    Problem,
    UnknownQuestionnaireError,
    WrongDocumentKindError,
)
from conseils_citoyens.formats import (
    ExportOptions,
    FilledForm,
    QuestionnaireResolver,
    saved_date,
)
from conseils_citoyens.formats.docx import _oxml
from conseils_citoyens.formats.docx.export import (
    EASY_READ,
    PLACEHOLDERS,
    PROP_COUNCIL,
    PROP_HASH,
    PROP_ID,
    PROP_LANG,
    PROP_TOKEN,
    PROP_VARIANT,
    PROP_VERSION,
    expected_texts,
    layout,
    layout_slots,
)
from conseils_citoyens.formats.slots import (
    Slot,
    SlotKind,
    SlotValue,
    answers_from_slots,
    choices_of,
    form_slots,
    has_tick_mark,
    mark_beside_box_problem,
    missing_slot_problems,
    placeholder_flagged_problem,
)
from conseils_citoyens.i18n import counted, typeset
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    Matrix,
    Questionnaire,
    QuestionnaireRef,
    Ranking,
    Respondent,
)

_NOT_A_FORM_FR: Final = "ce document Word n'est pas un formulaire de recensement conseils-citoyens"
_NOT_A_FORM_EN: Final = "this Word document is not a conseils-citoyens survey form"


@attrs.frozen(kw_only=True)
class DocxForm:
    """A parsed Word form: its document XML, custom properties and controls."""

    source: str
    main_part: str
    root: Any
    properties: Mapping[str, str]
    controls: tuple[_oxml.Control, ...]
    hidden: frozenset[Any] = frozenset()
    saved_on: dt.date | None = None

    @property
    def ref(self) -> QuestionnaireRef:
        """The questionnaire reference stored in the custom properties."""
        return QuestionnaireRef(
            id=self.properties[PROP_ID],
            version=self.properties[PROP_VERSION],
            hash=self.properties[PROP_HASH],
        )

    @property
    def respondent(self) -> Respondent | None:
        """The respondent token and council of a personalised form, or None."""
        token = self.properties.get(PROP_TOKEN) or None
        council = self.properties.get(PROP_COUNCIL) or None
        if token is None and council is None:
            return None
        return Respondent(token=token, council_id=council)

    @property
    def lang(self) -> str:
        """The language the form was exported in."""
        return self.properties.get(PROP_LANG) or "fr"

    @property
    def easy_read(self) -> bool:
        """True for the easy-read form (its layout differs; its slots are the same)."""
        return self.properties.get(PROP_VARIANT) == EASY_READ

    def options(self) -> ExportOptions:
        """The export options the form was made with (to lay it out again)."""
        return ExportOptions(lang=self.lang, respondent=self.respondent, easy_read=self.easy_read)


def open_form(path: str | Path) -> tuple[DocxForm, Any]:
    """Open and parse a Word form; return it with its safe package.

    Raises :class:`~conseils_citoyens.errors.DocumentError` subclasses only,
    and :class:`WrongDocumentKindError` for a Word document that is not one of
    our forms.
    """
    from conseils_citoyens.documents.safety import open_package

    package = open_package(path, kind="docx")
    source = package.source
    rels = package.parse_xml("_rels/.rels")
    main = next(iter(_oxml.relationship_targets(rels, _oxml.OFFICE_DOCUMENT_REL_TYPE)), None)
    main_name = _part_name(main) if main else "word/document.xml"
    custom_name = next(
        (_part_name(t) for t in _oxml.relationship_targets(rels, _oxml.CUSTOM_REL_TYPE)),
        "docProps/custom.xml",
    )
    properties: dict[str, str] = {}
    if package.has(custom_name):
        properties = _oxml.read_custom_properties(package.parse_xml(custom_name))
    missing = [name for name in (PROP_ID, PROP_VERSION, PROP_HASH) if not properties.get(name)]
    if missing:
        raise WrongDocumentKindError(
            source,
            {
                "fr": f"{_NOT_A_FORM_FR} (propriétés {', '.join(missing)} absentes)",
                "en": f"{_NOT_A_FORM_EN} (properties {', '.join(missing)} missing)",
            },
        )
    core_name = next(
        (_part_name(t) for t in _oxml.relationship_targets(rels, _oxml.CORE_REL_TYPE)),
        "docProps/core.xml",
    )
    saved_on = None
    if package.has(core_name):
        modified = package.parse_xml(core_name).find(f"{{{_oxml.DCTERMS_NS}}}modified")
        saved_on = saved_date(modified.text if modified is not None else None)
    if not package.has(main_name):
        main_name = "word/document.xml"
    root = package.parse_xml(main_name)
    document = _oxml.read_document(root, PLACEHOLDERS | _odt_placeholders())
    if root.find(_oxml.BODY) is None:
        namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
        raise WrongDocumentKindError(
            source,
            {
                "fr": f"{_NOT_A_FORM_FR} (pas de corps de texte Word lisible, "
                f"espace de noms « {namespace[:80]} »)",
                "en": f"{_NOT_A_FORM_EN} (no readable Word body, namespace '{namespace[:80]}')",
            },
        )
    return DocxForm(
        source=source,
        main_part=main_name,
        root=root,
        properties=properties,
        controls=document.controls,
        hidden=document.hidden,
        saved_on=saved_on,
    ), package


def _part_name(target: str) -> str:
    """A package-relative part name from a package-level relationship target."""
    return target.lstrip("/")


@attrs.frozen(kw_only=True)
class SlotMapping:
    """Which control holds each slot, and what could not be mapped."""

    by_slot: Mapping[Slot, _oxml.Control]
    problems: tuple[Problem, ...]
    unmapped_controls: tuple[_oxml.Control, ...]


def _expected_label(questionnaire: Questionnaire, slot: Slot, lang: str) -> str | None:
    """The label the exporter writes next to a slot (None when there is none to check)."""
    question = questionnaire.question(slot.question_id)
    if slot.kind is SlotKind.TEXT and not slot.other:
        return None
    if isinstance(question, Matrix):
        row = next((r for r in question.rows if r.code == slot.choice), None)
        return typeset(row.label.get(lang), lang) if row else None
    if isinstance(question, Ranking):
        choice = next((c for c in question.choices if c.code == slot.choice), None)
        return typeset(choice.label.get(lang), lang) if choice else None
    if slot.choice == OTHER_CODE or slot.other:
        return None  # the "other" paragraph holds both fields: checked by its neighbour
    choice = next((c for c in choices_of(question) if c.code == slot.choice), None)
    return typeset(choice.label.get(lang), lang) if choice else None


def map_controls(
    form: DocxForm, questionnaire: Questionnaire, slots: Sequence[Slot] | None = None
) -> SlotMapping:
    """Map the form's controls to slots: by tag, else bookmark, else checked document order."""
    slots = list(form_slots(questionnaire)) if slots is None else list(slots)
    # Keyed by kind too: the "other" checkbox and the "other" text share a tag.
    by_tag = {(slot.tag, slot.kind): slot for slot in slots}
    by_bookmark = {slot.bookmark: slot for slot in slots}
    positional = len(form.controls) == len(slots) and all(
        control.kind is slot.kind for control, slot in zip(form.controls, slots, strict=True)
    )
    mapped: dict[Slot, _oxml.Control] = {}
    repeated: dict[Slot, int] = {}
    labels: dict[Any, str] = {}
    leftover: list[_oxml.Control] = []
    for position, control in enumerate(form.controls):
        slot = by_tag.get((control.tag, control.kind)) if control.tag else None
        if slot is None:
            # The nearest bookmark naming a slot of this control's kind: a text box's
            # bookmark never gives a checkbox its slot, nor the reverse.
            slot = next(
                (
                    by_bookmark[b]
                    for b in control.bookmarks
                    if b in by_bookmark and by_bookmark[b].kind is control.kind
                ),
                None,
            )
        if slot is None and positional:
            candidate = slots[position]
            expected = _expected_label(questionnaire, candidate, form.lang)
            if expected is None or _oxml.normalize(expected) in control.label(labels):
                slot = candidate
        if slot is None or slot.kind is not control.kind:
            leftover.append(control)
            continue
        if slot in mapped:
            repeated[slot] = repeated.get(slot, 0) + 1
            leftover.append(control)
            continue
        mapped[slot] = control
    problems = [_repeated_problem(form.source, slot, count) for slot, count in repeated.items()]
    return SlotMapping(by_slot=mapped, problems=tuple(problems), unmapped_controls=tuple(leftover))


def _repeated_problem(source: str, slot: Slot, count: int) -> Problem:
    """One problem per slot found more than once, however many copies there are."""
    times_fr = counted(count, {"fr": ("fois de plus", "fois de plus")}, "fr")
    times_en = counted(count, {"en": ("more time", "more times")}, "en")
    return Problem(
        path=f"$.answers.{slot.question_id}",
        code="form.duplicate_control",
        texts={
            "fr": f"{source} : la case « {slot.bookmark} » (question {slot.number}) apparaît "
            f"{times_fr} ; seule la première est lue",
            "en": f"{source}: slot '{slot.bookmark}' (question {slot.number}) appears "
            f"{times_en}; only the first is read",
        },
    )


def _unreadable_box(source: str, slot: Slot, raw: str) -> Problem:
    return Problem(
        path=f"$.answers.{slot.question_id}",
        code="form.unreadable_box",
        texts={
            "fr": f"{source} : case illisible (« {raw.strip()[:20]} ») pour la question {slot.number} ; case ignorée",
            "en": f"{source}: unreadable box ('{raw.strip()[:20]}') in question {slot.number}; box left out",
        },
    )


@functools.cache
def _odt_placeholders() -> frozenset[str]:
    """The placeholders of the .odt form (an .odt form may come back saved as .docx)."""
    try:
        from conseils_citoyens.formats.odt.layout import words as odt_words
    except ImportError:  # pragma: no cover - the .odt format is optional
        return frozenset()
    return frozenset(
        odt_words(lang)[key]
        for lang in ("fr", "en")
        for key in ("placeholder", "date_placeholder", "number_placeholder")
    )


@functools.lru_cache(maxsize=64)
def _odt_texts(questionnaire: Questionnaire) -> frozenset[str]:
    """What the .odt form of ``questionnaire`` prints (it may come back saved as .docx)."""
    try:
        from conseils_citoyens.formats.odt.layout import known_texts
    except ImportError:  # pragma: no cover - the .odt format is optional
        return frozenset()
    return frozenset(_oxml.normalize(text) for text in known_texts(questionnaire, "fr"))


def _odt_form_texts(questionnaire: Questionnaire, respondent: Respondent | None) -> frozenset[str]:
    texts = set(_odt_texts(questionnaire))
    if respondent is not None:
        try:
            from conseils_citoyens.formats.odt.layout import words as odt_words
        except ImportError:  # pragma: no cover - the .odt format is optional
            return frozenset(texts)
        for lang in ("fr", "en"):
            w = odt_words(lang)
            if respondent.token:
                texts.add(_oxml.normalize(w["token"].format(token=respondent.token)))
            if respondent.council_id:
                texts.add(_oxml.normalize(w["council"].format(council=respondent.council_id)))
    return frozenset(texts)


def read_form(path: str | Path, resolve: QuestionnaireResolver) -> FilledForm:
    """Read a filled Word form: answers, problems, and text found outside the answer slots."""
    form, _package = open_form(path)
    source = form.source
    ref = form.ref
    try:
        questionnaire = resolve(ref, source)
    except DocumentError:
        raise
    except KeyError:
        raise UnknownQuestionnaireError(
            source,
            {
                "fr": f"questionnaire inconnu : {ref.id} version {ref.version} ({ref.hash[:19]}…)",
                "en": f"unknown questionnaire: {ref.id} version {ref.version} ({ref.hash[:19]}…)",
            },
        ) from None
    blocks = layout(questionnaire, form.options())
    # the easy-read form asks a ranking rank by rank: its controls come in another order
    slots = layout_slots(blocks) if form.easy_read else form_slots(questionnaire)
    mapping = map_controls(form, questionnaire, slots)
    values: dict[Slot, SlotValue] = {}
    problems: list[Problem] = list(mapping.problems)
    for slot, control in mapping.by_slot.items():
        if slot.kind is SlotKind.CHECK:
            if control.checked is None:
                problems.append(_unreadable_box(source, slot, control.raw))
            else:
                values[slot] = control.checked
        else:
            values[slot] = control.text
            if control.placeholder_flagged:
                problems.append(
                    placeholder_flagged_problem(questionnaire, slot, control.placeholder_flagged)
                )
    problems.extend(
        missing_slot_problems(questionnaire, [s for s in slots if s not in mapping.by_slot])
    )
    answers, answer_problems = answers_from_slots(questionnaire, values)
    problems.extend(answer_problems)

    unmapped: list[str] = []
    labels: dict[Any, str] = {}
    for control in mapping.unmapped_controls:
        if control.kind is SlotKind.TEXT and control.text.strip():
            unmapped.append(control.text.strip())
        elif control.kind is SlotKind.CHECK and control.checked:
            label = control.label(labels)
            unmapped.append(f"☒ {label}" if label else "☒")
    expected = expected_texts(blocks) | _odt_form_texts(questionnaire, form.respondent)
    beside: dict[Any, Slot] = {}
    for slot, control in mapping.by_slot.items():
        beside.setdefault(_oxml.paragraph_of(control), slot)
    for paragraph in _oxml.body_paragraphs(form.root):
        text = _oxml.normalize(_oxml.text_outside_controls(paragraph, form.hidden))
        if text and text not in expected:
            unmapped.append(text)
            near = beside.get(paragraph)
            if near is not None and has_tick_mark(text):
                problems.append(mark_beside_box_problem(questionnaire, near, text))
    return FilledForm(
        source=source,
        questionnaire=ref,
        answers=answers,
        respondent=form.respondent,
        problems=tuple(problems),
        unmapped=tuple(unmapped),
        saved_on=form.saved_on,
    )
