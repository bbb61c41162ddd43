"""Answer slots of a printed or fillable form, shared by every form format.

A filled form is a set of *slots*: a checkbox for each choice (each cell of a
matrix, each choice x rank of a ranking), a text box for each text, number or
date answer and for the free text of an "other" choice. Every format writes
the slots in the same document order and names them the same way:

- a **bookmark** ``cc<question number>_<slot index>`` (``cc12_3``), at most
  40 characters as Word requires, which survives LibreOffice round trips;
- a **tag** ``cc|<question id>|<choice>|<column>`` where the format keeps one.

This module also turns the states read from a form back into answers (and
answers into states, for pre-filling), so every importer interprets ticks and
typed text in exactly the same way.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from conseils_citoyens.errors import Problem
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    OTHER_SUFFIX,
    YES_NO_CHOICES,
    Choice,
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

if TYPE_CHECKING:
    from conseils_citoyens.documents.safety import Limits

BOOKMARK_PREFIX: Final = "cc"
TAG_PREFIX: Final = "cc"
_BOOKMARK = re.compile(r"cc(\d{1,4})_(\d{1,4})")

#: Glyphs that mean "ticked" when typed or shown in a box (people also type an X).
CHECKED_GLYPHS: Final = frozenset("☒☑✓✔✗✘⌧Xx")
#: Glyphs of an empty box.
UNCHECKED_GLYPHS: Final = frozenset("☐□◻")


class SlotKind(enum.Enum):
    """A checkbox or a text box."""

    CHECK = "check"
    TEXT = "text"


@attrs.frozen(kw_only=True)
class Slot:
    """One place where a form holds part of an answer.

    ``choice`` is the choice code (or matrix row, or ranking choice);
    ``column`` the matrix column code or the rank (``"1"``, ``"2"``...);
    ``other`` marks the free text of an "other" choice.
    """

    question_id: str
    number: int
    index: int
    kind: SlotKind
    choice: str | None = None
    column: str | None = None
    other: bool = False

    @property
    def bookmark(self) -> str:
        """The bookmark name of this slot (at most 40 characters)."""
        return f"{BOOKMARK_PREFIX}{self.number}_{self.index}"

    @property
    def tag(self) -> str:
        """The content-control tag of this slot."""
        if self.other:
            # Distinct from the tag of the "other" checkbox (``cc|q|other``).
            return f"{TAG_PREFIX}|{self.question_id}|{OTHER_SUFFIX.lstrip('.')}|text"
        parts = [TAG_PREFIX, self.question_id, self.choice or "", self.column or ""]
        return "|".join(parts).rstrip("|")


def parse_bookmark(name: str) -> tuple[int, int] | None:
    """Return ``(question number, slot index)`` of a slot bookmark, or None."""
    match = _BOOKMARK.fullmatch(name)
    return (int(match.group(1)), int(match.group(2))) if match else None


def question_numbers(questionnaire: Questionnaire) -> dict[str, int]:
    """Number questions 1..N in document order (the numbers printed on forms)."""
    return {question.id: n for n, question in enumerate(questionnaire.questions(), start=1)}


def choices_of(question: Question) -> tuple[Choice, ...]:
    """The choices of a choice question (yes/no included), in order."""
    if isinstance(question, SingleChoice | MultipleChoice | Ranking):
        return question.choices
    if isinstance(question, Scale):
        return question.levels
    if isinstance(question, YesNo):
        return YES_NO_CHOICES
    return ()


def question_slots(question: Question, number: int) -> tuple[Slot, ...]:
    """Return the slots of one question, in document order."""
    slots: list[Slot] = []

    def add(kind: SlotKind, **fields: Any) -> None:
        slots.append(
            Slot(question_id=question.id, number=number, index=len(slots), kind=kind, **fields)
        )

    if isinstance(question, Matrix):
        for row in question.rows:
            for column in question.columns:
                add(SlotKind.CHECK, choice=row.code, column=column.code)
    elif isinstance(question, Ranking):
        for choice in question.choices:
            for rank in range(1, question.top + 1):
                add(SlotKind.CHECK, choice=choice.code, column=str(rank))
    elif isinstance(question, SingleChoice | MultipleChoice | Scale | YesNo):
        for choice in choices_of(question):
            add(SlotKind.CHECK, choice=choice.code)
        if isinstance(question, SingleChoice | MultipleChoice) and question.other is not None:
            add(SlotKind.CHECK, choice=OTHER_CODE)
            add(SlotKind.TEXT, other=True)
    else:
        add(SlotKind.TEXT)
    return tuple(slots)


def form_slots(questionnaire: Questionnaire) -> tuple[Slot, ...]:
    """Return every slot of the questionnaire's form, in document order."""
    slots: list[Slot] = []
    for number, question in enumerate(questionnaire.questions(), start=1):
        slots.extend(question_slots(question, number))
    return tuple(slots)


def slots_by_bookmark(questionnaire: Questionnaire) -> dict[str, Slot]:
    """Map each bookmark name to its slot."""
    return {slot.bookmark: slot for slot in form_slots(questionnaire)}


def glyph_checked(text: str) -> bool | None:
    """Interpret a box's visible text: True ticked, False empty, None unreadable."""
    stripped = text.strip()
    if not stripped:
        return False
    if all(ch in UNCHECKED_GLYPHS for ch in stripped):
        return False
    if any(ch in CHECKED_GLYPHS for ch in stripped) and all(
        ch in CHECKED_GLYPHS or ch in UNCHECKED_GLYPHS or ch.isspace() for ch in stripped
    ):
        return True
    return None


# --- from slot values to answers --------------------------------------------------

SlotValue = bool | str


def _problem(question: Question, number: int, code: str, fr: str, en: str) -> Problem:
    label_fr = question.label.get("fr")
    label_en = question.label.get("en")
    return Problem(
        path=f"$.answers.{question.id}",
        code=f"form.{code}",
        texts={
            "fr": f"question {number} ({label_fr}) : {fr}",
            "en": f"question {number} ({label_en}): {en}",
        },
    )


_MISSING_BOXES: Final = {
    "fr": (
        "case ou zone de réponse introuvable",
        "cases ou zones de réponse introuvables",
    ),
    "en": ("answer box not found", "answer boxes not found"),
}


def missing_slot_problems(questionnaire: Questionnaire, missing: Iterable[Slot]) -> list[Problem]:
    """One problem per question whose boxes or text areas are missing from a form.

    A deleted table row, paragraph or control looks like an unanswered one:
    it is reported so that nobody takes it for a blank answer.
    """
    from conseils_citoyens.i18n import counted

    by_question: dict[str, list[Slot]] = {}
    for slot in missing:
        by_question.setdefault(slot.question_id, []).append(slot)
    problems: list[Problem] = []
    for question_id, slots in by_question.items():
        question = questionnaire.question(question_id)
        number = slots[0].number
        problems.append(
            _problem(
                question,
                number,
                "slot_missing",
                counted(len(slots), _MISSING_BOXES, "fr") + " dans le document",
                counted(len(slots), _MISSING_BOXES, "en") + " in the document",
            )
        )
    return problems


def placeholder_flagged_problem(questionnaire: Questionnaire, slot: Slot, text: str) -> Problem:
    """A text area marked as still showing its example text, though its text is not ours."""
    shown = " ".join(text.split())[:40]
    return _problem(
        questionnaire.question(slot.question_id),
        slot.number,
        "placeholder_text",
        f"« {shown} » est marqué comme texte d'exemple de la zone ; réponse ignorée",
        f"'{shown}' is marked as the area's example text; answer left out",
    )


def has_tick_mark(text: str) -> bool:
    """True when ``text`` holds a mark a person uses to tick (``X``, ``✓``, ``☒``) as a word."""
    return any(word and all(ch in CHECKED_GLYPHS for ch in word) for word in text.split())


def mark_beside_box_problem(questionnaire: Questionnaire, slot: Slot, text: str) -> Problem:
    """A tick mark typed beside a question's boxes instead of in one: the answer may differ."""
    shown = " ".join(text.split())[:40]
    return _problem(
        questionnaire.question(slot.question_id),
        slot.number,
        "mark_beside_box",
        f"« {shown} » : une marque écrite à côté d'une case au lieu de la cocher ; "
        "vérifiez la réponse",
        f"'{shown}': a mark written beside a box instead of ticking it; check the answer",
    )


_DECIMAL = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_FR_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")


def parse_number(text: str, *, integer: bool) -> int | float | None:
    """Parse a typed number: ``12``, ``12,5``, ``1 200``; None when unreadable."""
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not _DECIMAL.fullmatch(cleaned):
        return None
    point = cleaned.replace(",", ".")
    with decimal.localcontext() as context:  # never touch the caller's decimal flags
        context.prec = len(point) + 2  # exact for every digit typed
        exact = decimal.Decimal(point)
        whole = exact == exact.to_integral_value()
    if integer and not whole:
        return None
    if integer or "." not in point:
        number = int(exact)  # exact: float() would round whole numbers past 2**53
        return number if _fits_a_float(number) else None
    value = float(exact)
    if not math.isfinite(value) or decimal.Decimal(repr(value)) != exact:
        # more significant digits than a JSON number keeps: unreadable, never rounded
        return None
    return value


def _fits_a_float(number: int) -> bool:
    # 400 digits overflow a float: not a number to keep (analysis computes with floats)
    try:
        return math.isfinite(float(number))
    except OverflowError:
        return False


def parse_date(text: str) -> str | None:
    """Parse a typed date (``2026-11-25``, ``25/11/2026``) to ISO; None when unreadable."""
    cleaned = text.strip()
    try:
        return dt.date.fromisoformat(cleaned).isoformat()
    except ValueError:
        pass
    match = _FR_DATE.fullmatch(cleaned)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def answers_from_slots(
    questionnaire: Questionnaire, values: Mapping[Slot, SlotValue], *, limits: Limits | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Turn the states read from a form into answers, and list what could not be read.

    ``values`` maps a slot to True/False (checkboxes) or a string (text
    boxes, already stripped of placeholders). Unambiguous answers are kept;
    ambiguous ones (two boxes ticked on a single choice, an unreadable
    number) are left out and reported, never guessed. A text longer than
    ``limits.max_answer_chars`` (default :data:`~conseils_citoyens.documents.safety.DEFAULT_LIMITS`)
    is cut to that length by :func:`~conseils_citoyens.documents.safety.clamp_text`
    and reported on its question (``form.answer_truncated``).
    """
    from conseils_citoyens.documents.safety import DEFAULT_LIMITS, clamp_text

    bounds = limits or DEFAULT_LIMITS
    bounded: dict[Slot, SlotValue] = dict(values)
    truncated: dict[str, int] = {}
    for slot, value in values.items():
        if isinstance(value, str):
            kept, cut = clamp_text(value, bounds)
            if cut:
                bounded[slot] = kept
                truncated[slot.question_id] = max(truncated.get(slot.question_id, 0), len(value))
    answers: dict[str, Any] = {}
    problems: list[Problem] = []
    for number, question in enumerate(questionnaire.questions(), start=1):
        slots = question_slots(question, number)
        if question.id in truncated:
            size, limit = truncated[question.id], bounds.max_answer_chars
            problems.append(
                _problem(
                    question,
                    number,
                    "answer_truncated",
                    f"réponse de {size} caractères coupée aux {limit} premiers",
                    f"answer of {size} characters cut to its first {limit}",
                )
            )
        _read_question(question, number, slots, bounded, answers, problems)
    return answers, problems


def _ticked(slots: Iterable[Slot], values: Mapping[Slot, SlotValue]) -> list[Slot]:
    return [s for s in slots if s.kind is SlotKind.CHECK and values.get(s) is True]


def _read_question(
    question: Question,
    number: int,
    slots: tuple[Slot, ...],
    values: Mapping[Slot, SlotValue],
    answers: dict[str, Any],
    problems: list[Problem],
) -> None:
    qid = question.id
    if isinstance(question, Matrix):
        cells: dict[str, str] = {}
        for row in question.rows:
            ticked = _ticked((s for s in slots if s.choice == row.code), values)
            if len(ticked) == 1 and ticked[0].column is not None:
                cells[row.code] = ticked[0].column
            elif len(ticked) > 1:
                problems.append(
                    _problem(
                        question,
                        number,
                        "several_ticked",
                        f"plusieurs cases cochées pour « {row.label.get('fr')} » ; réponse ignorée",
                        f"several boxes ticked for '{row.label.get('en')}'; answer left out",
                    )
                )
        if cells:
            answers[qid] = cells
        return
    if isinstance(question, Ranking):
        by_rank: dict[int, list[str]] = {}
        for slot in _ticked(slots, values):
            if slot.column is not None and slot.choice is not None:
                by_rank.setdefault(int(slot.column), []).append(slot.choice)
        order: list[str] = []
        clean = True
        for rank in range(1, question.top + 1):
            codes = by_rank.get(rank, [])
            if len(codes) > 1:
                clean = False
                problems.append(
                    _problem(
                        question,
                        number,
                        "rank_shared",
                        f"plusieurs choix au rang {rank} ; classement ignoré",
                        f"several choices at rank {rank}; ranking left out",
                    )
                )
            elif codes:
                order.append(codes[0])
        if clean and len(set(order)) != len(order):
            clean = False
            problems.append(
                _problem(
                    question,
                    number,
                    "rank_repeated",
                    "un même choix a reçu plusieurs rangs ; classement ignoré",
                    "one choice was given several ranks; ranking left out",
                )
            )
        if clean and order:
            if len(order) != len(by_rank) or sorted(by_rank) != list(range(1, len(order) + 1)):
                problems.append(
                    _problem(
                        question,
                        number,
                        "rank_gap",
                        "les rangs ne se suivent pas (1, 2, 3…) ; classement ignoré",
                        "ranks are not consecutive (1, 2, 3…); ranking left out",
                    )
                )
            else:
                answers[qid] = order
        return
    if isinstance(question, SingleChoice | MultipleChoice | Scale | YesNo):
        chosen = [s.choice for s in _ticked(slots, values) if s.choice is not None]
        other_text = next(
            (v for s in slots if s.other and isinstance(v := values.get(s), str) and v.strip()),
            None,
        )
        if isinstance(question, MultipleChoice):
            if chosen:
                answers[qid] = chosen
        elif len(chosen) == 1:
            answers[qid] = chosen[0]
        elif len(chosen) > 1:
            problems.append(
                _problem(
                    question,
                    number,
                    "several_ticked",
                    f"{len(chosen)} cases cochées alors qu'une seule réponse est attendue ; réponse ignorée",
                    f"{len(chosen)} boxes ticked where one answer is expected; answer left out",
                )
            )
        if other_text is not None:
            if OTHER_CODE in chosen:
                answers[qid + OTHER_SUFFIX] = other_text.strip()
            else:
                problems.append(
                    _problem(
                        question,
                        number,
                        "other_text_unchosen",
                        f"texte « {other_text.strip()[:40]} » écrit sans cocher « Autre »",
                        f"text '{other_text.strip()[:40]}' written without ticking 'Other'",
                    )
                )
        return
    text = next((v for s in slots if isinstance(v := values.get(s), str)), "")
    text = text.strip()
    if not text:
        return
    if isinstance(question, Number):
        value = parse_number(text, integer=question.integer)
        if value is None:
            expected_fr = "un nombre entier" if question.integer else "un nombre"
            expected_en = "a whole number" if question.integer else "a number"
            problems.append(
                _problem(
                    question,
                    number,
                    "unreadable_number",
                    f"« {text[:40]} » n'est pas {expected_fr}",
                    f"'{text[:40]}' is not {expected_en}",
                )
            )
        else:
            answers[qid] = value
    elif isinstance(question, Date):
        iso = parse_date(text)
        if iso is None:
            problems.append(
                _problem(
                    question,
                    number,
                    "unreadable_date",
                    f"« {text[:40]} » n'est pas une date (attendu : JJ/MM/AAAA)",
                    f"'{text[:40]}' is not a date (expected DD/MM/YYYY)",
                )
            )
        else:
            answers[qid] = iso
    elif isinstance(question, ShortText | LongText):
        answers[qid] = text


# --- from answers to slot values (pre-filling, tests, the demo) ---------------------


def slot_values_from_answers(
    questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> dict[Slot, SlotValue]:
    """Return the state of every slot for ``answers`` (the inverse of :func:`answers_from_slots`)."""
    values: dict[Slot, SlotValue] = {}
    for number, question in enumerate(questionnaire.questions(), start=1):
        answer = answers.get(question.id)
        for slot in question_slots(question, number):
            if slot.kind is SlotKind.TEXT:
                if slot.other:
                    other = answers.get(question.id + OTHER_SUFFIX)
                    values[slot] = str(other) if other is not None else ""
                else:
                    values[slot] = _format_text_answer(question, answer)
            elif isinstance(question, Matrix):
                values[slot] = (
                    isinstance(answer, Mapping) and answer.get(slot.choice) == slot.column
                )
            elif isinstance(question, Ranking):
                values[slot] = (
                    isinstance(answer, list)
                    and slot.choice in answer
                    and str(answer.index(slot.choice) + 1) == slot.column
                )
            elif isinstance(question, MultipleChoice):
                values[slot] = isinstance(answer, list) and slot.choice in answer
            else:
                values[slot] = answer == slot.choice
    return values


def _format_text_answer(question: Question, answer: Any) -> str:
    if answer is None:
        return ""
    if isinstance(question, Number) and isinstance(answer, float):
        # Plain decimal notation, as a person writes it (never 1e+308), exact to the float.
        text = format(decimal.Decimal(repr(answer)), "f")
        if "." not in text:
            text += ".0"
        return text.replace(".", ",")
    return str(answer)
