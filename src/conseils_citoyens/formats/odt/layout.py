"""What an OpenDocument form says, independent of odfpy: paragraphs, tables and slots.

The exporter renders these blocks with odfpy (:mod:`._odf`); the importer uses
the same blocks to know which texts belong to the form, so that anything else
a person wrote outside an answer slot is reported instead of dropped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Final

import attrs

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats import _formtext as formtext
from conseils_citoyens.formats.slots import Slot, SlotKind, choices_of, question_slots
from conseils_citoyens.i18n import typeset
from conseils_citoyens.survey.questionnaire.model import (
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
    SingleChoice,
    Text,
    YesNo,
)

#: Paragraph style names (also read back by the importer).
STYLE_TITLE: Final = "Title"
STYLE_HEADING = {1: "Heading_20_1", 2: "Heading_20_2", 3: "Heading_20_3"}
#: The box glyphs (drawn in the example line of a ranking).
CHECKED: Final = "☒"
UNCHECKED: Final = "☐"
STYLE_BODY: Final = "Text_20_body"
STYLE_HELP: Final = "cc_20_Help"
STYLE_INSTRUCTION: Final = "cc_20_Instruction"
STYLE_CHOICE: Final = "cc_20_Choice"
#: A choice kept on the page of the next one (every choice of a question but the last).
STYLE_CHOICE_KEEP: Final = "cc_20_Choice_20_Keep"
STYLE_INTRO: Final = "cc_20_Intro"
STYLE_IDENTITY: Final = "cc_20_Identity"
#: A closing paragraph (thanks, how to return the form, data protection): never split.
STYLE_NOTICE: Final = "cc_20_Notice"
#: A paragraph of the data-protection notice kept on the page of the next one.
STYLE_NOTICE_KEEP: Final = "cc_20_Notice_20_Keep"
STYLE_CELL_EXAMPLE: Final = "cc_20_Example"
STYLE_CELL_EXAMPLE_BOX: Final = "cc_20_Example_20_Box"
STYLE_ANSWER: Final = "cc_20_Answer"
#: An answer line kept on the page of the next one (the lines of a long answer).
STYLE_ANSWER_KEEP: Final = "cc_20_Answer_20_Keep"
STYLE_CELL: Final = "Table_20_Contents"
STYLE_CELL_HEADING: Final = "Table_20_Heading"
STYLE_CELL_BOX: Final = "cc_20_Box_20_Cell"

#: Extra ruled lines under a long-text answer, for handwriting.
LONG_TEXT_EXTRA_LINES: Final = 3

_WORDS = {
    "fr": {
        "placeholder": "Écrivez ici",
        "date_placeholder": "JJ/MM/AAAA",
        "number_placeholder": "Nombre",
        "one": "Cochez une seule case.",
        "several": "Cochez une ou plusieurs cases.",
        "several_max": "Cochez au plus {n} cases.",
        "several_min": "Cochez au moins {n} cases.",
        "several_min_max": "Cochez de {lo} à {hi} cases.",
        "matrix": "Cochez une case par ligne.",
        "continued": "(suite)",
        "other": "{label} (précisez) :",
        "number": "Écrivez un nombre.",
        "integer": "Écrivez un nombre entier.",
        "between": "Entre {lo} et {hi}.",
        "at_least": "Au moins {lo}.",
        "at_most": "Au plus {hi}.",
        "date": "Écrivez une date au format JJ/MM/AAAA.",
        "required": "(réponse obligatoire)",
        "token": "Code du formulaire : {token}",
        "council": "Conseil citoyen : {council}",
        "page": "Page",
        "of": "sur",
        "row": "Sujet",
        "how_to": (
            "Sur papier, cochez les cases qui correspondent à vos réponses et écrivez sur les "
            "lignes. Sur ordinateur, cliquez sur une case pour la cocher, écrivez à la place de "
            "« Écrivez ici », puis enregistrez le document."
        ),
    },
    "en": {
        "placeholder": "Write here",
        "date_placeholder": "DD/MM/YYYY",
        "number_placeholder": "Number",
        "one": "Tick one box only.",
        "several": "Tick one or more boxes.",
        "several_max": "Tick at most {n} boxes.",
        "several_min": "Tick at least {n} boxes.",
        "several_min_max": "Tick {lo} to {hi} boxes.",
        "matrix": "Tick one box per row.",
        "continued": "(continued)",
        "other": "{label} (please specify):",
        "number": "Write a number.",
        "integer": "Write a whole number.",
        "between": "Between {lo} and {hi}.",
        "at_least": "At least {lo}.",
        "at_most": "At most {hi}.",
        "date": "Write a date as DD/MM/YYYY.",
        "required": "(answer required)",
        "token": "Form code: {token}",
        "council": "Citizens' council: {council}",
        "page": "Page",
        "of": "of",
        "row": "Topic",
        "how_to": (
            "On paper, tick the boxes matching your answers and write on the lines. On a "
            "computer, click a box to tick it, type over “Write here”, then save the document."
        ),
    },
}


def words(lang: str) -> dict[str, str]:
    """The fixed wording of forms in ``lang`` (French when unknown)."""
    return _WORDS.get(lang, _WORDS["fr"])


@attrs.frozen(kw_only=True)
class Para:
    """A paragraph: a style, an outline level for headings, and text or slots in order."""

    style: str
    inlines: tuple[str | Slot, ...]
    outline: int = 0
    placeholder: str = ""

    @property
    def static_text(self) -> str:
        """The text of the paragraph that is not an answer."""
        return normalise(" ".join(i for i in self.inlines if isinstance(i, str)))


@attrs.frozen(kw_only=True)
class Table:
    """A table with a repeated header row (matrices and rankings), kept on one page.

    ``example`` is a filled example line under the header (drawn boxes, no slots).
    """

    name: str
    header: tuple[Para, ...]
    rows: tuple[tuple[Para, ...], ...]
    example: tuple[Para, ...] | None = None


Block = Para | Table

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse white space, so texts compare the same whatever the layout."""
    return _SPACES.sub(" ", text).strip()


def describe_condition(
    condition: Condition, questionnaire: Questionnaire, lang: str, *, subject: str = "question"
) -> str:
    """The routing instruction printed before a conditional question or section."""
    from conseils_citoyens.survey.questionnaire.conditions import describe

    return describe(condition, questionnaire, lang, subject=subject)


def _instruction(question: Question, lang: str) -> str | None:
    w = words(lang)
    if isinstance(question, SingleChoice | Scale | YesNo):
        return w["one"]
    if isinstance(question, MultipleChoice):
        lo, hi = question.min_selections, question.max_selections
        if lo and hi:
            return w["several_min_max"].format(lo=lo, hi=hi)
        if hi:
            return w["several_max"].format(n=hi)
        if lo and lo > 1:
            return w["several_min"].format(n=lo)
        return w["several"]
    if isinstance(question, Matrix):
        return w["matrix"]
    if isinstance(question, Ranking):
        return formtext.ranking_instruction(question.top, lang)
    if isinstance(question, Number):
        lines = [w["integer"] if question.integer else w["number"]]
        lo_n, hi_n = question.minimum, question.maximum
        if lo_n is not None and hi_n is not None:
            lines.append(w["between"].format(lo=_number_text(lo_n), hi=_number_text(hi_n)))
        elif lo_n is not None:
            lines.append(w["at_least"].format(lo=_number_text(lo_n)))
        elif hi_n is not None:
            lines.append(w["at_most"].format(hi=_number_text(hi_n)))
        return " ".join(lines)
    if isinstance(question, Date):
        return w["date"]
    return None


def _number_text(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _t(text: Text | None, lang: str) -> str:
    return text.get(lang) if text is not None else ""


def _grid_tables(
    question: Matrix | Ranking, slots: tuple[Slot, ...], number: int, heading: str, lang: str
) -> Iterator[Block]:
    """The tables of a matrix or ranking, cut so that each fits on a page with its label."""
    from conseils_citoyens.formats.docx.export import grid_chunks

    w = words(lang)
    example: tuple[Para, ...] | None = None
    if isinstance(question, Matrix):
        first = w["row"]
        columns = [_t(c.label, lang) for c in question.columns]
        labels = [(row.code, _t(row.label, lang)) for row in question.rows]
    else:
        first = ""
        columns = [formtext.rank_column(rank, lang) for rank in range(1, question.top + 1)]
        labels = [(choice.code, _t(choice.label, lang)) for choice in question.choices]
        example = (
            Para(
                style=STYLE_CELL_EXAMPLE, inlines=(formtext.example_label(question.choices, lang),)
            ),
            *(
                Para(style=STYLE_CELL_EXAMPLE_BOX, inlines=(CHECKED if n == 0 else UNCHECKED,))
                for n in range(question.top)
            ),
        )
    header = (
        Para(style=STYLE_CELL_HEADING, inlines=(first,)),
        *(Para(style=STYLE_CELL_HEADING, inlines=(text,)) for text in columns),
    )
    for n, chunk in enumerate(grid_chunks(len(labels))):
        if n:
            yield Para(style=STYLE_HEADING[2], inlines=(f"{heading} {w['continued']}",), outline=2)
        rows = []
        for index in chunk:
            code, label = labels[index]
            cells = [Para(style=STYLE_CELL, inlines=(label,))]
            cells.extend(
                Para(style=STYLE_CELL_BOX, inlines=(slot,)) for slot in slots if slot.choice == code
            )
            rows.append(tuple(cells))
        name = f"Question{number}" if n == 0 else f"Question{number}_{n + 1}"
        yield Table(name=name, header=header, rows=tuple(rows), example=example if n == 0 else None)


def _choice_paras(
    question: SingleChoice | MultipleChoice | Scale | YesNo,
    slots: tuple[Slot, ...],
    lang: str,
    *,
    easy_read: bool,
) -> Iterator[Block]:
    w = words(lang)
    labels = {c.code: c.label_for(lang, easy_read=easy_read) for c in choices_of(question)}
    other_label = (
        _t(question.other, lang) if isinstance(question, SingleChoice | MultipleChoice) else ""
    )
    text_slot = next((s for s in slots if s.kind is SlotKind.TEXT), None)
    checks = [s for s in slots if s.kind is SlotKind.CHECK]
    for n, slot in enumerate(checks):
        style = STYLE_CHOICE if n == len(checks) - 1 else STYLE_CHOICE_KEEP
        if slot.choice in labels:
            yield Para(style=style, inlines=(slot, labels[slot.choice or ""]))
        elif text_slot is not None:
            other = (formtext.words(lang)["easy_other"] if easy_read else w["other"]).format(
                label=other_label
            )
            yield Para(style=STYLE_CHOICE_KEEP, inlines=(slot, other))
            answer = STYLE_ANSWER if n == len(checks) - 1 else STYLE_ANSWER_KEEP
            yield Para(style=answer, inlines=(text_slot,), placeholder=w["placeholder"])


def _text_paras(question: Question, slot: Slot, lang: str) -> Iterator[Block]:
    w = words(lang)
    placeholder = w["placeholder"]
    if isinstance(question, Date):
        placeholder = w["date_placeholder"]
    elif isinstance(question, Number):
        placeholder = w["number_placeholder"]
        if question.unit is not None:
            yield Para(
                style=STYLE_ANSWER,
                inlines=(slot, _t(question.unit, lang)),
                placeholder=placeholder,
            )
            return
    if isinstance(question, LongText):
        yield Para(style=STYLE_ANSWER_KEEP, inlines=(slot,), placeholder=placeholder)
        for n in range(LONG_TEXT_EXTRA_LINES):
            last = n == LONG_TEXT_EXTRA_LINES - 1
            yield Para(style=STYLE_ANSWER if last else STYLE_ANSWER_KEEP, inlines=())
        return
    yield Para(style=STYLE_ANSWER, inlines=(slot,), placeholder=placeholder)


def question_blocks(
    questionnaire: Questionnaire, question: Question, number: int, lang: str
) -> Iterator[Block]:
    """The blocks of one question: heading, help, instructions, then its slots."""
    w = words(lang)
    heading = f"{number}. {_t(question.label, lang)}"
    if question.required:
        heading += " " + w["required"]
    yield Para(style=STYLE_HEADING[2], inlines=(heading,), outline=2)
    if question.condition is not None:
        yield Para(
            style=STYLE_INSTRUCTION,
            inlines=(describe_condition(question.condition, questionnaire, lang),),
        )
    if question.help is not None:
        yield Para(style=STYLE_HELP, inlines=(_t(question.help, lang),))
    instruction = _instruction(question, lang)
    if instruction:
        yield Para(style=STYLE_HELP, inlines=(instruction,))
    slots = question_slots(question, number)
    if isinstance(question, Ranking):
        yield Para(style=STYLE_HELP, inlines=(formtext.words(lang)["example_how"],))
    if isinstance(question, Matrix | Ranking):
        yield from _grid_tables(question, slots, number, heading, lang)
    elif isinstance(question, SingleChoice | MultipleChoice | Scale | YesNo):
        yield from _choice_paras(question, slots, lang, easy_read=False)
    else:
        (slot,) = slots
        yield from _text_paras(question, slot, lang)


def easy_question_blocks(
    questionnaire: Questionnaire, question: Question, number: int, lang: str
) -> Iterator[Block]:
    """One question of the easy-read form: short sentences, big boxes, no grid."""
    from conseils_citoyens.formats.docx.export import _easy_instructions

    e = formtext.words(lang)
    slots = question_slots(question, number)
    text = formtext.question_text(question, lang, easy_read=True)
    if isinstance(question, Ranking):
        labels = {c.code: c.label_for(lang, easy_read=True) for c in question.choices}
        for rank in range(1, question.top + 1):
            yield Para(
                style=STYLE_HEADING[2],
                inlines=(f"{number}.{rank}. {formtext.easy_rank_question(rank, lang)}",),
                outline=2,
            )
            if rank == 1:
                yield Para(style=STYLE_HELP, inlines=(text,))
            yield Para(style=STYLE_HELP, inlines=(e["easy_rank_how"],))
            if rank > 1:
                yield Para(style=STYLE_HELP, inlines=(e["easy_rank_other"],))
            ranked = [s for s in slots if s.column == str(rank)]
            for n, slot in enumerate(ranked):
                style = STYLE_CHOICE if n == len(ranked) - 1 else STYLE_CHOICE_KEEP
                yield Para(style=style, inlines=(slot, labels[slot.choice or ""]))
        return
    yield Para(style=STYLE_HEADING[2], inlines=(f"{number}. {text}",), outline=2)
    if question.required:
        yield Para(style=STYLE_HELP, inlines=(e["easy_required"],))
    if question.condition is not None:
        yield Para(
            style=STYLE_INSTRUCTION,
            inlines=(describe_condition(question.condition, questionnaire, lang),),
        )
    help_text = formtext.help_text(question, lang, easy_read=True)
    if help_text:
        yield Para(style=STYLE_HELP, inlines=(help_text,))
    for line in _easy_instructions(question, lang):
        yield Para(style=STYLE_HELP, inlines=(line,))
    if isinstance(question, Matrix):
        # one small question per topic, its levels as a row of big boxes
        width = len(question.columns)
        for index, row in enumerate(question.rows):
            yield Para(
                style=STYLE_HEADING[3],
                inlines=(f"{number}.{index + 1}. {row.label_for(lang, easy_read=True)}",),
                outline=3,
            )
            inlines: list[str | Slot] = []
            for column, slot in zip(
                question.columns, slots[index * width : (index + 1) * width], strict=True
            ):
                # no-break spaces: a level's words never part from each other
                level = column.label_for(lang, easy_read=True).replace(" ", "\u00a0")
                inlines.extend((slot, f"{level}\u2003"))
            yield Para(style=STYLE_CHOICE, inlines=tuple(inlines))
    elif isinstance(question, SingleChoice | MultipleChoice | Scale | YesNo):
        yield from _choice_paras(question, slots, lang, easy_read=True)
    else:
        (slot,) = slots
        yield from _text_paras(question, slot, lang)


def form_blocks(questionnaire: Questionnaire, options: ExportOptions) -> list[Block]:
    """Every block of the form, typeset, in document order."""
    lang = options.lang
    easy = options.easy_read
    w = words(lang)
    e = formtext.words(lang)
    blocks: list[Block] = [Para(style=STYLE_TITLE, inlines=(_t(questionnaire.title, lang),))]
    if easy:
        blocks.append(Para(style=STYLE_IDENTITY, inlines=(e["easy_title_note"],)))
    blocks.extend(
        Para(style=STYLE_IDENTITY, inlines=(line,))
        for line in formtext.header_lines(questionnaire, lang)
    )
    respondent = options.respondent
    if respondent is not None and respondent.token:
        blocks.append(
            Para(style=STYLE_IDENTITY, inlines=(w["token"].format(token=respondent.token),))
        )
    if respondent is not None and respondent.council_id:
        blocks.append(
            Para(
                style=STYLE_IDENTITY,
                inlines=(w["council"].format(council=respondent.council_id),),
            )
        )
    if questionnaire.introduction is not None:
        blocks.append(Para(style=STYLE_BODY, inlines=(_t(questionnaire.introduction, lang),)))
    if easy:
        blocks.extend(
            Para(style=STYLE_HELP, inlines=(line,)) for line in (e["easy_how"], e["easy_skip"])
        )
    else:
        blocks.append(Para(style=STYLE_HELP, inlines=(w["how_to"],)))
    number = 0
    for section in questionnaire.sections:
        blocks.append(Para(style=STYLE_HEADING[1], inlines=(_t(section.title, lang),), outline=1))
        if section.condition is not None:
            blocks.append(
                Para(
                    style=STYLE_INSTRUCTION,
                    inlines=(
                        describe_condition(
                            section.condition, questionnaire, lang, subject="section"
                        ),
                    ),
                )
            )
        if section.introduction is not None:
            blocks.append(Para(style=STYLE_INTRO, inlines=(_t(section.introduction, lang),)))
        for question in section.questions:
            number += 1
            make = easy_question_blocks if easy else question_blocks
            blocks.extend(make(questionnaire, question, number, lang))
    for line in formtext.closing_lines(questionnaire, lang, easy_read=easy):
        if line.kind == "heading":
            blocks.append(Para(style=STYLE_HEADING[1], inlines=(line.text,), outline=1))
        else:
            style = STYLE_NOTICE_KEEP if line.keep_with_next else STYLE_NOTICE
            blocks.append(Para(style=style, inlines=(line.text,)))
    return [_typeset(block, lang) for block in blocks]


def _typeset_para(para: Para, lang: str) -> Para:
    inlines = tuple(typeset(i, lang) if isinstance(i, str) else i for i in para.inlines)
    return attrs.evolve(para, inlines=inlines)


def _typeset(block: Block, lang: str) -> Block:
    """The block with French typography on every text the form prints."""
    if isinstance(block, Para):
        return _typeset_para(block, lang)
    return attrs.evolve(
        block,
        header=tuple(_typeset_para(p, lang) for p in block.header),
        rows=tuple(tuple(_typeset_para(p, lang) for p in row) for row in block.rows),
        example=tuple(_typeset_para(p, lang) for p in block.example) if block.example else None,
    )


def paragraphs(blocks: list[Block]) -> Iterator[Para]:
    """Every paragraph of the blocks, table cells included, in document order."""
    for block in blocks:
        if isinstance(block, Para):
            yield block
        else:
            yield from block.header
            if block.example is not None:
                yield from block.example
            for row in block.rows:
                yield from row


@functools.lru_cache(maxsize=64)
def known_texts(questionnaire: Questionnaire, lang: str) -> frozenset[str]:
    """Every text the form itself prints (in any language, standard or easy read)."""
    texts: set[str] = set()
    languages = {lang, "fr", *questionnaire.languages}
    for code in languages:
        for easy_read in (False, True):
            options = ExportOptions(lang=code, easy_read=easy_read)
            for para in paragraphs(form_blocks(questionnaire, options)):
                texts.add(para.static_text)
                texts.update(normalise(i) for i in para.inlines if isinstance(i, str))
                if para.placeholder:
                    texts.add(para.placeholder)
    texts.discard("")
    return frozenset(texts)


__all__ = [
    "Block",
    "Para",
    "Table",
    "describe_condition",
    "form_blocks",
    "known_texts",
    "normalise",
    "paragraphs",
    "words",
]
