"""The questionnaire and response model: attrs classes only.

JSON shapes (see ``schemas/questionnaire.schema.json``):

- a text for people is ``{"fr": "...", "en": "..."}`` (French required);
- a question is an object whose ``type`` picks its class (tagged union);
- a condition is ``{"question": ID, "equals": V}`` / ``"in"`` / ``"includes"`` /
  ``"answered"``, optionally with ``"row"`` for one row of a matrix, combined
  with ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": {...}}``.

Answer value shapes in a :class:`Response`: single choice, yes/no, scale ->
code string; multiple choice -> list of unique codes (for single and multiple
choice, the free text of an "other" choice goes under the key
``"<question id>.other"``, only when ``"other"`` is chosen); matrix ->
``{row code: column code}``; ranking -> ordered list of codes; text -> string;
number -> int or float; date -> ISO date string.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, TypeAlias

import attrs

from conseils_citoyens.documents import convert

#: Code used for the "other, specify" choice of choice questions.
OTHER_CODE: Final = "other"
#: Suffix of the answer key holding the free text of an "other" choice.
OTHER_SUFFIX: Final = ".other"


def _sorted_translations(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(lang), str(text)) for lang, text in items))


@attrs.frozen
class Text:
    """A text for people in several languages; French is required.

    Built from a mapping such as ``{"fr": "Oui", "en": "Yes"}``.
    """

    translations: tuple[tuple[str, str], ...] = attrs.field(converter=_sorted_translations)

    @classmethod
    def of(cls, fr: str, en: str | None = None, **others: str) -> Text:
        """Build a text from a French wording and optional translations."""
        texts = {"fr": fr, **others}
        if en is not None:
            texts["en"] = en
        return cls(texts)

    def as_dict(self) -> dict[str, str]:
        """Return ``{language: text}``."""
        return dict(self.translations)

    def get(self, lang: str = "fr") -> str:
        """Return the text in ``lang``, falling back to French."""
        texts = dict(self.translations)
        return texts.get(lang) or texts.get("fr") or next(iter(texts.values()), "")

    @property
    def fr(self) -> str:
        """The French text."""
        return self.get("fr")

    def __str__(self) -> str:
        return self.fr


# --- conditions -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Equals:
    """True when the answer to ``question`` (or one ``row`` of a matrix) equals ``value``."""

    question: str
    value: str | int | float | bool
    row: str | None = None


@attrs.frozen(kw_only=True)
class In:
    """True when the answer to ``question`` (or one matrix ``row``) is one of ``values``."""

    question: str
    values: tuple[str | int | float | bool, ...]
    row: str | None = None


@attrs.frozen(kw_only=True)
class Includes:
    """True when the multiple-choice (or ranking) answer to ``question`` includes ``value``."""

    question: str
    value: str


@attrs.frozen(kw_only=True)
class Answered:
    """True when ``question`` has an answer (``answered`` False: when it has none)."""

    question: str
    answered: bool = True


@attrs.frozen(kw_only=True)
class AllOf:
    """True when every condition holds."""

    conditions: tuple[Condition, ...]


@attrs.frozen(kw_only=True)
class AnyOf:
    """True when at least one condition holds."""

    conditions: tuple[Condition, ...]


@attrs.frozen(kw_only=True)
class Not:
    """True when the condition does not hold."""

    condition: Condition


Condition: TypeAlias = Equals | In | Includes | Answered | AllOf | AnyOf | Not


# --- questions ------------------------------------------------------------------


class QuestionType(enum.Enum):
    """The kinds of question, as written in the ``type`` field."""

    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    SCALE = "scale"
    MATRIX = "matrix"
    RANKING = "ranking"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"


@attrs.frozen(kw_only=True)
class Choice:
    """One choice, level, matrix row or matrix column, with a stable code.

    ``easy_read`` is an optional wording in *facile à lire et à comprendre*,
    printed on the easy-read form instead of ``label``.
    """

    code: str
    label: Text
    #: This answer is sensitive (health, disability, literacy, family, feelings).
    sensitive: bool = False
    easy_read: Text | None = None

    def label_for(self, lang: str, *, easy_read: bool = False) -> str:
        """The label in ``lang``; its easy-read wording when asked for and present."""
        if easy_read and self.easy_read is not None:
            return self.easy_read.get(lang)
        return self.label.get(lang)


@attrs.frozen(kw_only=True)
class SingleChoice:
    """Pick one choice; ``other`` labels an optional "other, specify" choice."""

    id: str
    label: Text
    choices: tuple[Choice, ...]
    help: Text | None = None
    easy_read: Text | None = None
    easy_read_help: Text | None = None
    required: bool = False
    condition: Condition | None = None
    other: Text | None = None
    #: Answers describe health, disability, literacy, family or feelings: reports
    #: hide small counts of them (see :mod:`conseils_citoyens.survey.privacy`).
    sensitive: bool = False
    type: QuestionType = attrs.field(default=QuestionType.SINGLE_CHOICE, init=False)


@attrs.frozen(kw_only=True)
class MultipleChoice:
    """Pick several choices, between ``min_selections`` and ``max_selections``."""

    id: str
    label: Text
    choices: tuple[Choice, ...]
    help: Text | None = None
    easy_read: Text | None = None
    easy_read_help: Text | None = None
    required: bool = False
    condition: Condition | None = None
    min_selections: int | None = None
    max_selections: int | None = None
    other: Text | None = None
    #: Answers describe health, disability, literacy, family or feelings: reports
    #: hide small counts of them (see :mod:`conseils_citoyens.survey.privacy`).
    sensitive: bool = False
    type: QuestionType = attrs.field(default=QuestionType.MULTIPLE_CHOICE, init=False)


@attrs.frozen(kw_only=True)
class YesNo:
    """Answer yes (``"yes"``) or no (``"no"``)."""

    id: str
    label: Text
    help: Text | None = None
    easy_read: Text | None = None
    easy_read_help: Text | None = None
    required: bool = False
    condition: Condition | None = None
    #: Answers describe health, disability, literacy, family or feelings: reports
    #: hide small counts of them (see :mod:`conseils_citoyens.survey.privacy`).
    sensitive: bool = False
    type: QuestionType = attrs.field(default=QuestionType.YES_NO, init=False)


@attrs.frozen(kw_only=True)
class Scale:
    """Pick one level of an ordered scale (first level = lowest)."""

    id: str
    label: Text
    levels: tuple[Choice, ...]
    help: Text | None = None
    easy_read: Text | None = None
    easy_read_help: Text | None = None
    required: bool = False
    condition: Condition | None = None
    #: Answers describe health, disability, literacy, family or feelings: reports
    #: hide small counts of them (see :mod:`conseils_citoyens.survey.privacy`).
    sensitive: bool = False
    type: QuestionType = attrs.field(default=QuestionType.SCALE, init=False)


@attrs.frozen(kw_only=True)
class Matrix:
    """Rows (e.g. training topics) x one scale of columns; one column per row."""

    id: str
    label: Text
    rows: tuple[Choice, ...]
    columns: tuple[Choice, ...]
    help: Text | None = None
    easy_read: Text | None = None
    easy_read_help: Text | None = None
    required: bool = False
    condition: Condition | None = None
    #: Answers describe health, disability, literacy, family or feelings: reports
    #: hide small counts of them (see :mod:`conseils_citoyens.survey.privacy`).
    sensitive: bool = False
    type: QuestionType = attrs.field(default=QuestionType.MATRIX, init=False)


@attrs.frozen(kw_only=True)
class Ranking:
    """Order the ``top`` most important choices of a list, most important first."""

    id: str
    label: Text
    choices: tuple[Choice, ...]
    top: int
    help: Text | None = None
    easy_read: Text | None = None
    easy_read_help: Text | None = None
    required: bool = False
    condition: Condition | None = None
    #: Answers describe health, disability, literacy, family or feelings: reports
    #: hide small counts of them (see :mod:`conseils_citoyens.survey.privacy`).
    sensitive: bool = False
    type: QuestionType = attrs.field(default=QuestionType.RANKING, init=False)


@attrs.frozen(kw_only=True)
class ShortText:
    """A short free text on one line."""

    id: str
    label: Text
    help: Text | None = None
    easy_read: Text | None = None
    easy_read_help: Text | None = None
    required: bool = False
    condition: Condition | None = None
    max_length: int = 200
    #: Answers describe health, disability, literacy, family or feelings: reports
    #: hide small counts of them (see :mod:`conseils_citoyens.survey.privacy`).
    sensitive: bool = False
    type: QuestionType = attrs.field(default=QuestionType.SHORT_TEXT, init=False)


@attrs.frozen(kw_only=True)
class LongText:
    """A free text over several lines."""

    id: str
    label: Text
    help: Text | None = None
    easy_read: Text | None = None
    easy_read_help: Text | None = None
    required: bool = False
    condition: Condition | None = None
    max_length: int = 2000
    #: Answers describe health, disability, literacy, family or feelings: reports
    #: hide small counts of them (see :mod:`conseils_citoyens.survey.privacy`).
    sensitive: bool = False
    type: QuestionType = attrs.field(default=QuestionType.LONG_TEXT, init=False)


@attrs.frozen(kw_only=True)
class Number:
    """A number between ``minimum`` and ``maximum``; ``integer`` forbids decimals."""

    id: str
    label: Text
    help: Text | None = None
    easy_read: Text | None = None
    easy_read_help: Text | None = None
    required: bool = False
    condition: Condition | None = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = True
    unit: Text | None = None
    #: Answers describe health, disability, literacy, family or feelings: reports
    #: hide small counts of them (see :mod:`conseils_citoyens.survey.privacy`).
    sensitive: bool = False
    type: QuestionType = attrs.field(default=QuestionType.NUMBER, init=False)


@attrs.frozen(kw_only=True)
class Date:
    """A calendar date (ISO 8601)."""

    id: str
    label: Text
    help: Text | None = None
    easy_read: Text | None = None
    easy_read_help: Text | None = None
    required: bool = False
    condition: Condition | None = None
    #: Answers describe health, disability, literacy, family or feelings: reports
    #: hide small counts of them (see :mod:`conseils_citoyens.survey.privacy`).
    sensitive: bool = False
    type: QuestionType = attrs.field(default=QuestionType.DATE, init=False)


Question: TypeAlias = (
    SingleChoice
    | MultipleChoice
    | YesNo
    | Scale
    | Matrix
    | Ranking
    | ShortText
    | LongText
    | Number
    | Date
)

#: ``type`` value -> question class.
QUESTION_CLASSES: Final[dict[QuestionType, type[Any]]] = {
    QuestionType.SINGLE_CHOICE: SingleChoice,
    QuestionType.MULTIPLE_CHOICE: MultipleChoice,
    QuestionType.YES_NO: YesNo,
    QuestionType.SCALE: Scale,
    QuestionType.MATRIX: Matrix,
    QuestionType.RANKING: Ranking,
    QuestionType.SHORT_TEXT: ShortText,
    QuestionType.LONG_TEXT: LongText,
    QuestionType.NUMBER: Number,
    QuestionType.DATE: Date,
}

#: Codes of the yes/no answers, with their labels.
YES_NO_CHOICES: Final = (
    Choice(code="yes", label=Text.of("Oui", "Yes")),
    Choice(code="no", label=Text.of("Non", "No")),
)


@attrs.frozen(kw_only=True)
class ReturnInfo:
    """How a filled form goes back: to whom, where, by when (``deadline``: ISO date)."""

    to: Text | None = None
    place: Text | None = None
    deadline: str | None = None


@attrs.frozen(kw_only=True)
class PrivacyNotice:
    """The data-protection (RGPD) notice printed at the end of a form, part by part."""

    controller: Text | None = None
    purpose: Text | None = None
    legal_basis: Text | None = None
    recipients: Text | None = None
    retention: Text | None = None
    rights: Text | None = None
    contact: Text | None = None


@attrs.frozen(kw_only=True)
class Section:
    """A titled group of questions; ``origin`` names the plugin or overlay that added it."""

    id: str
    title: Text
    questions: tuple[Question, ...]
    introduction: Text | None = None
    condition: Condition | None = None
    origin: str | None = None


@attrs.frozen(kw_only=True, cache_hash=True)
class Questionnaire:
    """A questionnaire: identity, wording for people, and sections of questions.

    ``issuer`` and ``campaign`` are printed at the top of a form;
    ``return_info`` and ``privacy`` in its closing block.
    """

    id: str
    version: str
    title: Text
    sections: tuple[Section, ...]
    introduction: Text | None = None
    contact: Text | None = None
    issuer: Text | None = None
    campaign: Text | None = None
    return_info: ReturnInfo | None = None
    privacy: PrivacyNotice | None = None
    languages: tuple[str, ...] = ("fr",)

    def questions(self) -> Iterator[Question]:
        """Yield every question, in document order."""
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> Question:
        """Return the question with ``question_id``; raise KeyError when absent."""
        for candidate in self.questions():
            if candidate.id == question_id:
                return candidate
        raise KeyError(question_id)


@attrs.frozen(kw_only=True)
class QuestionnaireRef:
    """Identifies the exact questionnaire a form or response comes from."""

    id: str
    version: str
    hash: str


@attrs.frozen(kw_only=True)
class Respondent:
    """Optional facts about who answered; the survey may be anonymous.

    ``token`` is an opaque identifier printed on a personalised form; it is
    never shown in a report.
    """

    token: str | None = None
    council_id: str | None = None
    commune: str | None = None
    epci: str | None = None


@attrs.frozen(kw_only=True)
class Response:
    """One filled questionnaire: which questionnaire, who (optional), and the answers.

    ``saved_on`` is the day the form was last saved, from the document's
    metadata (None when the document does not say).
    """

    questionnaire: QuestionnaireRef
    answers: Mapping[str, Any] = attrs.field(factory=dict, converter=dict)
    respondent: Respondent | None = None
    source: str | None = None
    saved_on: dt.date | None = None


# Schema kinds and converter hooks, named as strings so that nothing loads until used.
convert.register_kind(Questionnaire, "questionnaire")
convert.register_kind(Response, "response")
convert.register_configurer("conseils_citoyens.survey.questionnaire.serialize:configure_converter")
convert.register_check(Questionnaire, "conseils_citoyens.survey.questionnaire.checks:check_loaded")
