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
from conseils_citoyens.formats import _formtext as formtext
from conseils_citoyens.formats._formtext import (
    ACCENT,
    EASY_LOOK,
    HELP_COLOR,
    PLACEHOLDER_COLOR,
    STANDARD_LOOK,
    Look,
)
from conseils_citoyens.formats.docx._oxml import (
    HEADER_PT,
    BodyWriter,
    Field,
    Inline,
    StyleSpec,
)
from conseils_citoyens.formats.slots import Slot, SlotKind, choices_of, question_slots
from conseils_citoyens.i18n import typeset
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
#: ``easy_read`` on an easy-read form (absent on the standard one).
PROP_VARIANT: Final = "cc_form_variant"
EASY_READ: Final = "easy_read"
FORM_KIND: Final = "conseils-citoyens/questionnaire"

MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Style ids (paragraph styles unless noted). Heading1 and Title come from the template.
TITLE: Final = "Title"
HEADING: Final = "Heading1"
BODY: Final = "Normal"
INTRO: Final = "CcIntro"
QUESTION: Final = "CcQuestion"
TOPIC: Final = "CcTopic"
HELP: Final = "CcHelp"
ROUTING: Final = "CcRouting"
CHOICE: Final = "CcChoice"
ANSWER_LINE: Final = "CcAnswerLine"
CELL_HEADER: Final = "CcCellHeader"
CELL_LABEL: Final = "CcCellLabel"
CELL_BOX: Final = "CcCellBox"
CELL_EXAMPLE: Final = "CcCellExample"
BOX_TEXT: Final = "CcBoxText"
IDENTITY: Final = "CcIdentity"
NOTICE: Final = "CcNotice"


def styles_for(look: Look) -> tuple[StyleSpec, ...]:
    """The form's own styles, sized for ``look``."""
    return (
        StyleSpec(style_id=INTRO, name="Introduction", space_before=4, space_after=6),
        StyleSpec(
            style_id=QUESTION,
            name="Question",
            bold=True,
            size=look.question,
            keep_next=True,
            space_before=14,
            space_after=4,
            outline_level=2,
        ),
        StyleSpec(
            style_id=TOPIC,
            name="Sujet",
            bold=True,
            size=look.body,
            keep_next=True,
            space_before=10,
            space_after=2,
            outline_level=3,
        ),
        StyleSpec(style_id=HELP, name="Aide", color=HELP_COLOR, keep_next=True, space_after=3),
        StyleSpec(
            style_id=ROUTING,
            name="Consigne de filtre",
            bold=True,
            keep_next=True,
            space_after=3,
        ),
        StyleSpec(style_id=CHOICE, name="Choix", indent_cm=0.4, space_after=2, keep_lines=True),
        StyleSpec(
            style_id=ANSWER_LINE,
            name="Ligne de réponse",
            indent_cm=0.5,
            space_before=look.line_gap,
            space_after=4,
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
        StyleSpec(
            style_id=CELL_EXAMPLE,
            name="Exemple de tableau",
            italic=True,
            color=HELP_COLOR,
            space_after=0,
        ),
        StyleSpec(style_id=BOX_TEXT, name="Zone de texte", space_after=0),
        StyleSpec(style_id=IDENTITY, name="Identification", bold=True, space_after=2),
        # a closing paragraph never splits (the easy-read form spaces it as its body text)
        StyleSpec(
            style_id=NOTICE,
            name="Information",
            keep_lines=True,
            space_before=4 if look == EASY_LOOK else None,
            space_after=6 if look == EASY_LOOK else 3,
        ),
        StyleSpec(
            style_id="PlaceholderText",
            name="Placeholder Text",
            character=True,
            color=PLACEHOLDER_COLOR,
        ),
    )


#: The styles of the standard form (kept for readers of earlier versions).
STYLES: Final = styles_for(STANDARD_LOOK)

_WORDS: Final[dict[str, dict[str, str]]] = {
    "fr": {
        "placeholder": "Écrivez ici",
        "how": (
            "Sur papier, cochez les cases qui correspondent à vos réponses et écrivez sur les "
            "lignes. Sur ordinateur, cliquez sur une case pour la cocher, écrivez à la place de "
            "« Écrivez ici », puis enregistrez le document."
        ),
        "required": "(réponse obligatoire)",
        "single": "Cochez une seule case.",
        "multiple": "Cochez une ou plusieurs cases.",
        "multiple_max": "Cochez au plus {max} cases.",
        "multiple_min": "Cochez au moins {min} cases.",
        "multiple_range": "Cochez de {min} à {max} cases.",
        "matrix": "Cochez une case par ligne.",
        "continued": "(suite)",
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
            "On paper, tick the boxes matching your answers and write on the lines. On a "
            "computer, click a box to tick it, type over “Write here”, then save the document."
        ),
        "required": "(answer required)",
        "single": "Tick one box only.",
        "multiple": "Tick one or more boxes.",
        "multiple_max": "Tick at most {max} boxes.",
        "multiple_min": "Tick at least {min} boxes.",
        "multiple_range": "Tick {min} to {max} boxes.",
        "matrix": "Tick one box per row.",
        "continued": "(continued)",
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
    """A table of checkboxes: a header row, then a label and one field per column.

    ``example`` is a filled example line drawn above the answer rows: its
    label and the column (0-based) whose box is ticked; its boxes are drawn,
    not fields.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Field, ...]], ...]
    example: tuple[str, int] | None = None


@attrs.frozen(kw_only=True)
class WriteBox:
    """Ruled lines to write on by hand, the first one holding a multi-line text field."""

    field: Field
    lines: int = 4


Block = Para | Grid | WriteBox

#: A matrix or ranking longer than this is cut into tables of about equal length,
#: each under the question's label, so that each fits on one page with it.
MAX_GRID_ROWS: Final = 7
#: Ruled lines for a long text answer.
LONG_TEXT_LINES: Final = 4


def grid_chunks(count: int) -> list[range]:
    """Split ``count`` rows into runs of at most :data:`MAX_GRID_ROWS`, about equal."""
    if count <= MAX_GRID_ROWS:
        return [range(count)]
    parts = -(-count // MAX_GRID_ROWS)
    size = -(-count // parts)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def _number_text(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", ",")


def _instructions(question: Question, w: Mapping[str, str], lang: str) -> list[str]:
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
        return [formtext.ranking_instruction(question.top, lang)]
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


def _easy_instructions(question: Question, lang: str) -> list[str]:
    e = formtext.words(lang)
    if isinstance(question, SingleChoice | Scale | YesNo):
        return [e["easy_one"]]
    if isinstance(question, MultipleChoice):
        lines = [e["easy_several"]]
        if question.max_selections:
            lines.append(e["easy_at_most"].format(n=question.max_selections))
        if question.min_selections and question.min_selections > 1:
            lines.append(e["easy_at_least"].format(n=question.min_selections))
        return lines
    if isinstance(question, Matrix):
        return [e["easy_topic_how"]]
    if isinstance(question, ShortText | LongText):
        return [e["easy_write"]]
    if isinstance(question, Number):
        return [e["easy_number"]]
    if isinstance(question, Date):
        return [e["easy_date"]]
    return []


def _describe(condition: Condition, questionnaire: Questionnaire, lang: str, subject: str) -> str:
    from conseils_citoyens.survey.questionnaire.conditions import describe

    return describe(condition, questionnaire, lang, subject=subject)


def _grids(
    question: Matrix | Ranking, slots: tuple[Slot, ...], heading: str, lang: str
) -> Iterator[Block]:
    """The tables of a matrix or ranking, cut so that each fits on a page with its label."""
    w = words(lang)
    if isinstance(question, Matrix):
        header = (w["topic"], *(column.label.get(lang) for column in question.columns))
        labels = [row.label.get(lang) for row in question.rows]
        width = len(question.columns)
        example = None
    else:
        header = ("", *(formtext.rank_column(n, lang) for n in range(1, question.top + 1)))
        labels = [choice.label.get(lang) for choice in question.choices]
        width = question.top
        example = (formtext.example_label(question.choices, lang), 0)
    fields = [Field(slot=slot) for slot in slots]
    for n, rows in enumerate(grid_chunks(len(labels))):
        if n:
            yield Para(style=QUESTION, parts=(f"{heading} {w['continued']}",), keep_next=True)
        yield Grid(
            header=header,
            rows=tuple((labels[i], tuple(fields[i * width : (i + 1) * width])) for i in rows),
            example=example if n == 0 else None,
        )


def _choice_blocks(
    question: SingleChoice | MultipleChoice | Scale | YesNo,
    slots: tuple[Slot, ...],
    lang: str,
    *,
    easy_read: bool,
) -> Iterator[Block]:
    w = words(lang)
    placeholder = w["placeholder"]
    labels = {
        choice.code: choice.label_for(lang, easy_read=easy_read) for choice in choices_of(question)
    }
    check_slots = [s for s in slots if s.kind is SlotKind.CHECK]
    text_slot = next((s for s in slots if s.kind is SlotKind.TEXT), None)
    other_label = question.other if isinstance(question, SingleChoice | MultipleChoice) else None
    for n, slot in enumerate(check_slots):
        last = n == len(check_slots) - 1
        if slot.choice == OTHER_CODE and text_slot is not None and other_label is not None:
            key = "easy_other" if easy_read else "other"
            other = (formtext.words(lang) if easy_read else w)[key].format(
                label=other_label.get(lang)
            )
            yield Para(style=CHOICE, parts=(Field(slot=slot), f" {other}"), keep_next=True)
            yield Para(
                style=ANSWER_LINE,
                parts=(Field(slot=text_slot, placeholder=placeholder),),
                keep_next=not last,
            )
        else:
            yield Para(
                style=CHOICE,
                parts=(Field(slot=slot), f" {labels.get(slot.choice or '', '')}"),
                keep_next=not last,
            )


def _text_blocks(question: Question, slots: tuple[Slot, ...], lang: str) -> Iterator[Block]:
    placeholder = words(lang)["placeholder"]
    if isinstance(question, LongText):
        yield WriteBox(
            field=Field(slot=slots[0], multiline=True, placeholder=placeholder),
            lines=LONG_TEXT_LINES,
        )
    elif isinstance(question, ShortText | Number | Date):
        parts: tuple[Inline, ...] = (Field(slot=slots[0], placeholder=placeholder),)
        if isinstance(question, Number) and question.unit is not None:
            parts = (*parts, f" {question.unit.get(lang)}")
        yield Para(style=ANSWER_LINE, parts=parts)


def _question_blocks(
    question: Question, number: int, questionnaire: Questionnaire, lang: str
) -> Iterator[Block]:
    w = words(lang)
    slots = question_slots(question, number)
    heading = f"{number}. {question.label.get(lang)}"
    if question.required:
        heading += f" {w['required']}"
    yield Para(style=QUESTION, parts=(heading,), keep_next=True)
    if question.condition is not None:
        yield Para(
            style=ROUTING,
            parts=(_describe(question.condition, questionnaire, lang, "question"),),
            keep_next=True,
        )
    if question.help is not None:
        yield Para(style=HELP, parts=(question.help.get(lang),), keep_next=True)
    for line in _instructions(question, w, lang):
        yield Para(style=HELP, parts=(line,), keep_next=True)
    if isinstance(question, Ranking):
        yield Para(style=HELP, parts=(formtext.words(lang)["example_how"],), keep_next=True)
    if isinstance(question, Matrix | Ranking):
        yield from _grids(question, slots, heading, lang)
    elif isinstance(question, SingleChoice | MultipleChoice | Scale | YesNo):
        yield from _choice_blocks(question, slots, lang, easy_read=False)
    else:
        yield from _text_blocks(question, slots, lang)


def _easy_question_blocks(
    question: Question, number: int, questionnaire: Questionnaire, lang: str
) -> Iterator[Block]:
    """One question of the easy-read form: short sentences, big boxes, no grid."""
    e = formtext.words(lang)
    slots = question_slots(question, number)
    text = formtext.question_text(question, lang, easy_read=True)
    if isinstance(question, Ranking):
        # three simple questions instead of a grid: the 1st choice, the 2nd, the 3rd
        for rank in range(1, question.top + 1):
            yield Para(
                style=QUESTION,
                parts=(f"{number}.{rank}. {formtext.easy_rank_question(rank, lang)}",),
                keep_next=True,
            )
            if rank == 1:
                yield Para(style=HELP, parts=(text,), keep_next=True)
            yield Para(style=HELP, parts=(e["easy_rank_how"],), keep_next=True)
            if rank > 1:
                yield Para(style=HELP, parts=(e["easy_rank_other"],), keep_next=True)
            ranked = [s for s in slots if s.column == str(rank)]
            labels = {c.code: c.label_for(lang, easy_read=True) for c in question.choices}
            for n, slot in enumerate(ranked):
                yield Para(
                    style=CHOICE,
                    parts=(Field(slot=slot), f" {labels[slot.choice or '']}"),
                    keep_next=n < len(ranked) - 1,
                )
        return
    yield Para(style=QUESTION, parts=(f"{number}. {text}",), keep_next=True)
    if question.required:
        yield Para(style=HELP, parts=(e["easy_required"],), keep_next=True)
    if question.condition is not None:
        yield Para(
            style=ROUTING,
            parts=(_describe(question.condition, questionnaire, lang, "question"),),
            keep_next=True,
        )
    help_text = formtext.help_text(question, lang, easy_read=True)
    if help_text:
        yield Para(style=HELP, parts=(help_text,), keep_next=True)
    for line in _easy_instructions(question, lang):
        yield Para(style=HELP, parts=(line,), keep_next=True)
    if isinstance(question, Matrix):
        # one small question per topic, its levels as a row of big boxes
        width = len(question.columns)
        for index, row in enumerate(question.rows):
            yield Para(
                style=TOPIC,
                parts=(f"{number}.{index + 1}. {row.label_for(lang, easy_read=True)}",),
                keep_next=True,
            )
            parts: list[Inline] = []
            for column, slot in zip(
                question.columns, slots[index * width : (index + 1) * width], strict=True
            ):
                if parts:
                    parts.append("   ")
                # no-break spaces: a level's words never part from each other or their box
                level = column.label_for(lang, easy_read=True).replace(" ", "\u00a0")
                parts.extend((Field(slot=slot), f"\u00a0{level}"))
            yield Para(style=CHOICE, parts=tuple(parts))
    elif isinstance(question, SingleChoice | MultipleChoice | Scale | YesNo):
        yield from _choice_blocks(question, slots, lang, easy_read=True)
    else:
        yield from _text_blocks(question, slots, lang)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def layout(questionnaire: Questionnaire, options: ExportOptions) -> list[Block]:
    """Lay the form out: every paragraph and table, typeset, fields in slot order."""
    lang = options.lang
    easy = options.easy_read
    w = words(lang)
    e = formtext.words(lang)
    blocks: list[Block] = [Para(style=TITLE, parts=(questionnaire.title.get(lang),))]
    if easy:
        blocks.append(Para(style=IDENTITY, parts=(e["easy_title_note"],)))
    blocks.extend(
        Para(style=IDENTITY, parts=(line,)) for line in formtext.header_lines(questionnaire, lang)
    )
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
    if easy:
        blocks.extend(Para(style=HELP, parts=(line,)) for line in (e["easy_how"], e["easy_skip"]))
    else:
        blocks.append(Para(style=HELP, parts=(w["how"],)))
    number = 0
    for section in questionnaire.sections:
        blocks.append(Para(style=HEADING, parts=(section.title.get(lang),), keep_next=True))
        if section.condition is not None:
            blocks.append(
                Para(
                    style=ROUTING,
                    parts=(_describe(section.condition, questionnaire, lang, "section"),),
                    keep_next=True,
                )
            )
        if section.introduction is not None:
            blocks.extend(
                Para(style=INTRO, parts=(line,), keep_next=True)
                for line in _paragraphs(section.introduction.get(lang))
            )
        for question in section.questions:
            number += 1
            make = _easy_question_blocks if easy else _question_blocks
            blocks.extend(make(question, number, questionnaire, lang))
    for line in formtext.closing_lines(questionnaire, lang, easy_read=easy):
        if line.kind == "heading":
            blocks.append(Para(style=HEADING, parts=(line.text,), keep_next=True))
        else:
            blocks.append(Para(style=NOTICE, parts=(line.text,), keep_next=line.keep_with_next))
    return [_typeset(block, lang) for block in blocks]


def _typeset(block: Block, lang: str) -> Block:
    """The block with French typography on every text the form prints."""
    if isinstance(block, Para):
        parts = tuple(typeset(p, lang) if isinstance(p, str) else p for p in block.parts)
        return attrs.evolve(block, parts=parts)
    if isinstance(block, Grid):
        return attrs.evolve(
            block,
            header=tuple(typeset(text, lang) for text in block.header),
            rows=tuple((typeset(label, lang), fields) for label, fields in block.rows),
            example=(typeset(block.example[0], lang), block.example[1]) if block.example else None,
        )
    return block


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
    from conseils_citoyens.formats.docx._oxml import CHECKED_GLYPH, UNCHECKED_GLYPH, normalize

    texts: set[str] = set()
    for block in blocks:
        if isinstance(block, Para):
            texts.add(normalize("".join(p for p in block.parts if isinstance(p, str))))
        elif isinstance(block, Grid):
            texts.update(normalize(text) for text in block.header)
            texts.update(normalize(label) for label, _ in block.rows)
            if block.example is not None:
                texts.update((normalize(block.example[0]), CHECKED_GLYPH, UNCHECKED_GLYPH))
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
    if options.easy_read:
        props[PROP_VARIANT] = EASY_READ
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
    from conseils_citoyens.formats._scanmarks import QR_TITLE, scan_qr_text
    from conseils_citoyens.formats.docx import _oxml

    options = options or ExportOptions()
    w = words(options.lang)
    look = EASY_LOOK if options.easy_read else STANDARD_LOOK
    document = _oxml.new_document(
        styles_for(look),
        lang_tag=w["lang_tag"],
        body_pt=look.body,
        heading_pt=look.heading,
        title_pt=look.title,
        accent=ACCENT,
    )
    writer = BodyWriter(box_pt=look.box)
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
                example=block.example,
                example_style=CELL_EXAMPLE,
            )
        else:
            writer.write_box(block.field, style=BOX_TEXT, lines=block.lines)
    document = _oxml.with_body(document, writer)
    _oxml.page_number_footer(document, w["page"], w["of"])
    qr_text = scan_qr_text(questionnaire, options, "docx")
    if qr_text is not None:
        _oxml.scan_header(document, qr_text, QR_TITLE.get(options.lang, QR_TITLE["fr"]))
    _oxml.set_core_properties(
        document,
        title=questionnaire.title.get(options.lang),
        lang_tag=w["lang_tag"],
        subject=w["subject"].format(id=questionnaire.id, version=questionnaire.version),
    )
    _oxml.set_custom_properties(document, custom_properties(questionnaire, options))
    _oxml.save(document, stream)
