"""Export a questionnaire as a fillable, printable Word form.

The document is laid out first as plain values (:func:`layout`: paragraphs
of text and fields, tables of checkboxes), then written with python-docx and
the raw XML of :mod:`._oxml`. The importer regenerates the same layout to tell
the exporter's own text from text a person added (:func:`expected_texts`).

Each answer slot (see :mod:`conseils_citoyens.formats.slots`) is a content
control — a checkbox (☐/☒) or a plain-text box with a placeholder — carrying
the slot's tag, inside a bookmark named after the slot. The questionnaire's
identity travels in the custom document properties (:data:`PROPERTY_NAMES`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Final

import attrs

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.docx._oxml import HEADER_PT, BodyWriter, Field, Inline, StyleSpec
from conseils_citoyens.formats.slots import Slot, SlotKind, choices_of, question_slots
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    Condition,
    Date,
    LongText,
    Matrix,
    MultipleChoice,
    Number,
    Question,
    Questionnaire,
    Ranking,
    Scale,
    ShortText,
    SingleChoice,
    YesNo,
)

#: Custom document properties written on every form.
PROP_ID: Final = "cc_questionnaire_id"
PROP_VERSION: Final = "cc_questionnaire_version"
PROP_HASH: Final = "cc_questionnaire_hash"
PROP_LANG: Final = "cc_lang"
PROP_TOKEN: Final = "cc_respondent_token"
PROP_COUNCIL: Final = "cc_council_id"
PROP_FORM: Final = "cc_form"
FORM_KIND: Final = "conseils-citoyens/questionnaire"

MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Style ids (paragraph styles unless noted). Heading1 and Title come from the template.
TITLE: Final = "Title"
HEADING: Final = "Heading1"
BODY: Final = "Normal"
INTRO: Final = "CcIntro"
QUESTION: Final = "CcQuestion"
HELP: Final = "CcHelp"
ROUTING: Final = "CcRouting"
CHOICE: Final = "CcChoice"
ANSWER_LINE: Final = "CcAnswerLine"
CELL_HEADER: Final = "CcCellHeader"
CELL_LABEL: Final = "CcCellLabel"
CELL_BOX: Final = "CcCellBox"
BOX_TEXT: Final = "CcBoxText"
IDENTITY: Final = "CcIdentity"

STYLES: Final = (
    StyleSpec(style_id=INTRO, name="Introduction", space_before=4, space_after=6),
    StyleSpec(
        style_id=QUESTION,
        name="Question",
        bold=True,
        size=11.5,
        keep_next=True,
        space_before=12,
        space_after=3,
    ),
    StyleSpec(
        style_id=HELP, name="Aide", italic=True, color="404040", keep_next=True, space_after=3
    ),
    StyleSpec(
        style_id=ROUTING,
        name="Consigne de filtre",
        italic=True,
        bold=True,
        keep_next=True,
        space_after=3,
    ),
    StyleSpec(style_id=CHOICE, name="Choix", indent_cm=0.5, space_after=2),
    StyleSpec(
        style_id=ANSWER_LINE,
        name="Ligne de réponse",
        indent_cm=0.5,
        space_before=10,
        space_after=6,
        bottom_border=True,
    ),
    StyleSpec(
        style_id=CELL_HEADER,
        name="En-tête de tableau",
        bold=True,
        size=HEADER_PT,
        center=True,
        space_after=0,
    ),
    StyleSpec(style_id=CELL_LABEL, name="Texte de tableau", space_after=0),
    StyleSpec(style_id=CELL_BOX, name="Case de tableau", center=True, space_after=0),
    StyleSpec(style_id=BOX_TEXT, name="Zone de texte", space_after=0),
    StyleSpec(style_id=IDENTITY, name="Identification", bold=True, space_after=2),
    StyleSpec(style_id="PlaceholderText", name="Placeholder Text", character=True, color="595959"),
)

_WORDS: Final[dict[str, dict[str, str]]] = {
    "fr": {
        "placeholder": "Écrivez ici",
        "how": (
            "Sur papier, cochez les cases ☐ qui correspondent à vos réponses et écrivez dans "
            "les zones prévues. Sur ordinateur, cliquez sur une case pour la cocher, écrivez à "
            "la place de « Écrivez ici », puis enregistrez le document."
        ),
        "required": "(réponse obligatoire)",
        "single": "Cochez une seule case.",
        "multiple": "Cochez une ou plusieurs cases.",
        "multiple_max": "Cochez au plus {max} cases.",
        "multiple_min": "Cochez au moins {min} cases.",
        "multiple_range": "Cochez de {min} à {max} cases.",
        "matrix": "Cochez une case par ligne.",
        "ranking": (
            "Classez au plus {top} choix : cochez le rang 1 pour le plus important. Un seul "
            "rang par choix et un seul choix par rang."
        ),
        "rank": "Rang {n}",
        "topic": "Sujet",
        "number": "Écrivez un nombre.",
        "integer": "Écrivez un nombre entier.",
        "between": "Entre {min} et {max}.",
        "at_least": "Au moins {min}.",
        "at_most": "Au plus {max}.",
        "date": "Écrivez une date au format JJ/MM/AAAA.",
        "other": "{label} (précisez) :",
        "token": "Code du formulaire : {token}",
        "council": "Conseil citoyen : {council}",
        "page": "Page",
        "of": "sur",
        "subject": "Questionnaire {id}, version {version}",
        "lang_tag": "fr-FR",
    },
    "en": {
        "placeholder": "Write here",
        "how": (
            "On paper, tick the boxes ☐ matching your answers and write in the spaces "
            "provided. On a computer, click a box to tick it, type over “Write here”, then "
            "save the document."
        ),
        "required": "(answer required)",
        "single": "Tick one box only.",
        "multiple": "Tick one or more boxes.",
        "multiple_max": "Tick at most {max} boxes.",
        "multiple_min": "Tick at least {min} boxes.",
        "multiple_range": "Tick {min} to {max} boxes.",
        "matrix": "Tick one box per row.",
        "ranking": (
            "Rank at most {top} choices: tick rank 1 for the most important. One rank per "
            "choice and one choice per rank."
        ),
        "rank": "Rank {n}",
        "topic": "Topic",
        "number": "Write a number.",
        "integer": "Write a whole number.",
        "between": "Between {min} and {max}.",
        "at_least": "At least {min}.",
        "at_most": "At most {max}.",
        "date": "Write a date as DD/MM/YYYY.",
        "other": "{label} (please specify):",
        "token": "Form code: {token}",
        "council": "Citizens' council: {council}",
        "page": "Page",
        "of": "of",
        "subject": "Questionnaire {id}, version {version}",
        "lang_tag": "en-GB",
    },
}

#: Placeholders written by earlier versions (a form exported then still reads as empty).
_FORMER_PLACEHOLDERS: Final = (
    "Cliquez ou appuyez ici pour écrire.",
    "Click or tap here to enter text.",
)

#: Every placeholder the exporter may write (a control showing one is empty).
PLACEHOLDERS: Final = frozenset(
    (*(words["placeholder"] for words in _WORDS.values()), *_FORMER_PLACEHOLDERS)
)


def words(lang: str) -> Mapping[str, str]:
    """The fixed wording of the form in ``lang`` (French when not available)."""
    return _WORDS.get(lang, _WORDS["fr"])


# --- layout --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Para:
    """A paragraph: a style id and its parts (text, or a field holding a slot)."""

    style: str
    parts: tuple[Inline, ...]
    keep_next: bool = False


@attrs.frozen(kw_only=True)
class Grid:
    """A table of checkboxes: a header row, then a label and one field per column."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Field, ...]], ...]


@attrs.frozen(kw_only=True)
class WriteBox:
    """A bordered box with room to write by hand, holding a multi-line text field."""

    field: Field
    height_cm: float = 4.0


Block = Para | Grid | WriteBox


def _number_text(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", ",")


def _instructions(question: Question, w: Mapping[str, str]) -> list[str]:
    if isinstance(question, SingleChoice | Scale | YesNo):
        return [w["single"]]
    if isinstance(question, MultipleChoice):
        fewest, most = question.min_selections, question.max_selections
        if fewest and most:
            return [w["multiple_range"].format(min=fewest, max=most)]
        if most:
            return [w["multiple_max"].format(max=most)]
        if fewest and fewest > 1:
            return [w["multiple_min"].format(min=fewest)]
        return [w["multiple"]]
    if isinstance(question, Matrix):
        return [w["matrix"]]
    if isinstance(question, Ranking):
        return [w["ranking"].format(top=question.top)]
    if isinstance(question, Number):
        lines = [w["integer"] if question.integer else w["number"]]
        low, high = question.minimum, question.maximum
        if low is not None and high is not None:
            lines.append(w["between"].format(min=_number_text(low), max=_number_text(high)))
        elif low is not None:
            lines.append(w["at_least"].format(min=_number_text(low)))
        elif high is not None:
            lines.append(w["at_most"].format(max=_number_text(high)))
        return [" ".join(lines)]
    if isinstance(question, Date):
        return [w["date"]]
    return []


def _describe(condition: Condition, questionnaire: Questionnaire, lang: str, subject: str) -> str:
    from conseils_citoyens.survey.questionnaire.conditions import describe

    return describe(condition, questionnaire, lang, subject=subject)


def _question_blocks(
    question: Question, number: int, questionnaire: Questionnaire, lang: str
) -> Iterator[Block]:
    w = words(lang)
    slots = question_slots(question, number)
    placeholder = w["placeholder"]
    heading = f"{number}. {question.label.get(lang)}"
    if question.required:
        heading += f" {w['required']}"
    yield Para(style=QUESTION, parts=(heading,), keep_next=True)
    if question.condition is not None:
        yield Para(
            style=ROUTING,
            parts=(_describe(question.condition, questionnaire, lang, "question"),),
        )
    if question.help is not None:
        yield Para(style=HELP, parts=(question.help.get(lang),))
    for line in _instructions(question, w):
        yield Para(style=HELP, parts=(line,))

    if isinstance(question, Matrix):
        fields = iter(slots)
        yield Grid(
            header=(w["topic"], *(column.label.get(lang) for column in question.columns)),
            rows=tuple(
                (row.label.get(lang), tuple(Field(slot=next(fields)) for _ in question.columns))
                for row in question.rows
            ),
        )
    elif isinstance(question, Ranking):
        fields = iter(slots)
        yield Grid(
            header=("", *(w["rank"].format(n=n) for n in range(1, question.top + 1))),
            rows=tuple(
                (
                    choice.label.get(lang),
                    tuple(Field(slot=next(fields)) for _ in range(question.top)),
                )
                for choice in question.choices
            ),
        )
    elif isinstance(question, SingleChoice | MultipleChoice | Scale | YesNo):
        labels = {choice.code: choice.label.get(lang) for choice in choices_of(question)}
        check_slots = [s for s in slots if s.kind is SlotKind.CHECK]
        text_slot = next((s for s in slots if s.kind is SlotKind.TEXT), None)
        other_label = (
            question.other if isinstance(question, SingleChoice | MultipleChoice) else None
        )
        for n, slot in enumerate(check_slots):
            last = n == len(check_slots) - 1
            if slot.choice == OTHER_CODE and text_slot is not None and other_label is not None:
                other = w["other"].format(label=other_label.get(lang))
                yield Para(
                    style=CHOICE,
                    parts=(
                        Field(slot=slot),
                        f" {other} ",
                        Field(slot=text_slot, placeholder=placeholder),
                    ),
                )
            else:
                yield Para(
                    style=CHOICE,
                    parts=(Field(slot=slot), f" {labels.get(slot.choice or '', '')}"),
                    keep_next=not last,
                )
    elif isinstance(question, LongText):
        yield WriteBox(field=Field(slot=slots[0], multiline=True, placeholder=placeholder))
    elif isinstance(question, ShortText | Number | Date):
        parts: tuple[Inline, ...] = (Field(slot=slots[0], placeholder=placeholder),)
        if isinstance(question, Number) and question.unit is not None:
            parts = (*parts, f" {question.unit.get(lang)}")
        yield Para(style=ANSWER_LINE, parts=parts)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def layout(questionnaire: Questionnaire, options: ExportOptions) -> list[Block]:
    """Lay the form out: every paragraph and table, fields in slot order."""
    lang = options.lang
    w = words(lang)
    blocks: list[Block] = [Para(style=TITLE, parts=(questionnaire.title.get(lang),))]
    respondent = options.respondent
    if respondent is not None:
        if respondent.token:
            blocks.append(Para(style=IDENTITY, parts=(w["token"].format(token=respondent.token),)))
        if respondent.council_id:
            blocks.append(
                Para(style=IDENTITY, parts=(w["council"].format(council=respondent.council_id),))
            )
    if questionnaire.introduction is not None:
        blocks.extend(
            Para(style=INTRO, parts=(line,))
            for line in _paragraphs(questionnaire.introduction.get(lang))
        )
    blocks.append(Para(style=HELP, parts=(w["how"],)))
    number = 0
    for section in questionnaire.sections:
        blocks.append(Para(style=HEADING, parts=(section.title.get(lang),), keep_next=True))
        if section.condition is not None:
            blocks.append(
                Para(
                    style=ROUTING,
                    parts=(_describe(section.condition, questionnaire, lang, "section"),),
                )
            )
        if section.introduction is not None:
            blocks.extend(
                Para(style=INTRO, parts=(line,))
                for line in _paragraphs(section.introduction.get(lang))
            )
        for question in section.questions:
            number += 1
            blocks.extend(_question_blocks(question, number, questionnaire, lang))
    if questionnaire.contact is not None:
        blocks.extend(
            Para(style=INTRO, parts=(line,))
            for line in _paragraphs(questionnaire.contact.get(lang))
        )
    return blocks


def layout_slots(blocks: Iterable[Block]) -> list[Slot]:
    """The slots of a layout, in document order (equal to :func:`slots.form_slots`)."""
    slots: list[Slot] = []
    for block in blocks:
        if isinstance(block, Para):
            slots.extend(part.slot for part in block.parts if isinstance(part, Field))
        elif isinstance(block, Grid):
            for _, fields in block.rows:
                slots.extend(field.slot for field in fields)
        else:
            slots.append(block.field.slot)
    return slots


def expected_texts(blocks: Iterable[Block]) -> set[str]:
    """The normalised text of every paragraph the exporter writes, outside controls."""
    from conseils_citoyens.formats.docx._oxml import normalize

    texts: set[str] = set()
    for block in blocks:
        if isinstance(block, Para):
            texts.add(normalize("".join(p for p in block.parts if isinstance(p, str))))
        elif isinstance(block, Grid):
            texts.update(normalize(text) for text in block.header)
            texts.update(normalize(label) for label, _ in block.rows)
    texts.discard("")
    return texts


# --- writing -------------------------------------------------------------------------


def custom_properties(questionnaire: Questionnaire, options: ExportOptions) -> dict[str, str]:
    """The custom document properties identifying the form (and its respondent)."""
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    ref = questionnaire_ref(questionnaire)
    props = {
        PROP_FORM: FORM_KIND,
        PROP_ID: ref.id,
        PROP_VERSION: ref.version,
        PROP_HASH: ref.hash,
        PROP_LANG: options.lang,
    }
    if options.respondent is not None:
        if options.respondent.token:
            props[PROP_TOKEN] = options.respondent.token
        if options.respondent.council_id:
            props[PROP_COUNCIL] = options.respondent.council_id
    return props


def export_docx(
    questionnaire: Questionnaire, stream: IO[bytes], options: ExportOptions | None = None
) -> None:
    """Write ``questionnaire`` as a fillable Word form to a binary stream."""
    from conseils_citoyens.formats.docx import _oxml

    options = options or ExportOptions()
    w = words(options.lang)
    document = _oxml.new_document(STYLES, lang_tag=w["lang_tag"])
    writer = BodyWriter()
    for block in layout(questionnaire, options):
        if isinstance(block, Para):
            writer.paragraph(block.style, block.parts, keep_next=block.keep_next)
        elif isinstance(block, Grid):
            writer.grid(
                block.header,
                block.rows,
                header_style=CELL_HEADER,
                label_style=CELL_LABEL,
                box_style=CELL_BOX,
            )
        else:
            writer.write_box(block.field, style=BOX_TEXT, height_cm=block.height_cm)
    document = _oxml.with_body(document, writer)
    _oxml.page_number_footer(document, w["page"], w["of"])
    _oxml.set_core_properties(
        document,
        title=questionnaire.title.get(options.lang),
        lang_tag=w["lang_tag"],
        subject=w["subject"].format(id=questionnaire.id, version=questionnaire.version),
    )
    _oxml.set_custom_properties(document, custom_properties(questionnaire, options))
    _oxml.save(document, stream)
