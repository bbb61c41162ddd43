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
from conseils_citoyens.formats.slots import Slot, SlotKind, choices_of, question_slots
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
    ShortText,
    SingleChoice,
    Text,
    YesNo,
)

#: Paragraph style names (also read back by the importer).
STYLE_TITLE: Final = "Title"
STYLE_HEADING = {1: "Heading_20_1", 2: "Heading_20_2"}
STYLE_BODY: Final = "Text_20_body"
STYLE_HELP: Final = "cc_20_Help"
STYLE_INSTRUCTION: Final = "cc_20_Instruction"
STYLE_CHOICE: Final = "cc_20_Choice"
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
        "ranking": (
            "Classez au plus {n} choix : cochez le rang 1 pour le plus important. Un seul "
            "rang par choix et un seul choix par rang."
        ),
        "rank": "Rang {n}",
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
            "Sur papier, cochez les cases ☐ qui correspondent à vos réponses et écrivez dans "
            "les zones prévues. Sur ordinateur, cliquez sur une case pour la cocher, écrivez à "
            "la place de « Écrivez ici », puis enregistrez le document."
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
        "ranking": (
            "Rank at most {n} choices: tick rank 1 for the most important. One rank per "
            "choice and one choice per rank."
        ),
        "rank": "Rank {n}",
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
            "On paper, tick the boxes ☐ matching your answers and write in the spaces "
            "provided. On a computer, click a box to tick it, type over “Write here”, then "
            "save the document."
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
    """A table with a repeated header row (matrices and rankings)."""

    name: str
    header: tuple[Para, ...]
    rows: tuple[tuple[Para, ...], ...]


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
        return w["ranking"].format(n=question.top)
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
        yield Para(style=STYLE_INSTRUCTION, inlines=(instruction,))
    slots = question_slots(question, number)
    if isinstance(question, Matrix):
        header = (
            Para(style=STYLE_CELL_HEADING, inlines=(w["row"],)),
            *(
                Para(style=STYLE_CELL_HEADING, inlines=(_t(c.label, lang),))
                for c in question.columns
            ),
        )
        rows = []
        for row in question.rows:
            cells = [Para(style=STYLE_CELL, inlines=(_t(row.label, lang),))]
            cells.extend(
                Para(style=STYLE_CELL_BOX, inlines=(slot,))
                for slot in slots
                if slot.choice == row.code
            )
            rows.append(tuple(cells))
        yield Table(name=f"Question{number}", header=header, rows=tuple(rows))
        return
    if isinstance(question, Ranking):
        header = (
            Para(style=STYLE_CELL_HEADING, inlines=("",)),
            *(
                Para(style=STYLE_CELL_HEADING, inlines=(w["rank"].format(n=rank),))
                for rank in range(1, question.top + 1)
            ),
        )
        rows = []
        for choice in question.choices:
            cells = [Para(style=STYLE_CELL, inlines=(_t(choice.label, lang),))]
            cells.extend(
                Para(style=STYLE_CELL_BOX, inlines=(slot,))
                for slot in slots
                if slot.choice == choice.code
            )
            rows.append(tuple(cells))
        yield Table(name=f"Question{number}", header=header, rows=tuple(rows))
        return
    if isinstance(question, SingleChoice | MultipleChoice | Scale | YesNo):
        labels = {c.code: _t(c.label, lang) for c in choices_of(question)}
        other_label = (
            _t(question.other, lang) if isinstance(question, SingleChoice | MultipleChoice) else ""
        )
        text_slot = next((s for s in slots if s.kind is SlotKind.TEXT), None)
        for slot in slots:
            if slot.kind is not SlotKind.CHECK:
                continue
            if slot.choice in labels:
                yield Para(style=STYLE_CHOICE, inlines=(slot, labels[slot.choice or ""]))
            elif text_slot is not None:
                yield Para(
                    style=STYLE_CHOICE,
                    inlines=(slot, w["other"].format(label=other_label), text_slot),
                    placeholder=w["placeholder"],
                )
        return
    (slot,) = slots
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
    assert isinstance(question, ShortText | LongText | Number | Date)


def form_blocks(questionnaire: Questionnaire, options: ExportOptions) -> list[Block]:
    """Every block of the form, in document order."""
    lang = options.lang
    w = words(lang)
    blocks: list[Block] = [Para(style=STYLE_TITLE, inlines=(_t(questionnaire.title, lang),))]
    respondent = options.respondent
    if respondent is not None and respondent.token:
        blocks.append(Para(style=STYLE_BODY, inlines=(w["token"].format(token=respondent.token),)))
    if respondent is not None and respondent.council_id:
        blocks.append(
            Para(style=STYLE_BODY, inlines=(w["council"].format(council=respondent.council_id),))
        )
    if questionnaire.introduction is not None:
        blocks.append(Para(style=STYLE_BODY, inlines=(_t(questionnaire.introduction, lang),)))
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
            blocks.append(Para(style=STYLE_BODY, inlines=(_t(section.introduction, lang),)))
        for question in section.questions:
            number += 1
            blocks.extend(question_blocks(questionnaire, question, number, lang))
    if questionnaire.contact is not None:
        blocks.append(Para(style=STYLE_BODY, inlines=(_t(questionnaire.contact, lang),)))
    return blocks


def paragraphs(blocks: list[Block]) -> Iterator[Para]:
    """Every paragraph of the blocks, table cells included, in document order."""
    for block in blocks:
        if isinstance(block, Para):
            yield block
        else:
            yield from block.header
            for row in block.rows:
                yield from row


@functools.lru_cache(maxsize=64)
def known_texts(questionnaire: Questionnaire, lang: str) -> frozenset[str]:
    """Every text the form itself prints (in any language it may have been exported in)."""
    texts: set[str] = set()
    languages = {lang, "fr", *questionnaire.languages}
    for code in languages:
        for para in paragraphs(form_blocks(questionnaire, ExportOptions(lang=code))):
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
